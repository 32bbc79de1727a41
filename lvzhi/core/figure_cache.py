"""Figure values kept across requests and never served stale.

A figure's value is stored (in Django's cache) with the tables its computation read and each
table's version at that moment; it is served again only while every one of those tables still has
that version. A table's version moves with every write to it:

- in this process at once (`_local`), when the statement runs — so the writer's own next read
  already misses (and a value counted from rows written in a transaction not yet committed is not
  kept at all: a rollback moves no version);
- for every process, in `core.TableVersion`, bumped by one statement when the writing transaction
  commits (`transaction.on_commit`). Not inside that transaction, before its COMMIT: PostgreSQL checks
  the foreign keys at the COMMIT (Django makes them deferred), after the versions' rows would be
  locked, and a check-in waiting for those rows while another waited on its activity's row deadlocked
  (tried, and found by the test of many members checking in at once).

Writes are seen at the SQL level (an execute wrapper on every connection: INSERT, UPDATE, DELETE,
whatever made them — a service, a queryset's update(), the duty ledger, an import), so no write path
can forget to invalidate. The versions are read once per request (`begin_request`), or on each
lookup outside a request (commands, tests calling services directly; `RequestScope`). A figure
whose value moves with the clock itself (`Figure.varies_with_time`) is never cached.

COPY passes no execute wrapper: code that writes with it calls `note_write` (the duty ledger does).
Rows loaded with COPY outside Django (bench/province.py) bump nothing: start the server afterwards.
"""

import contextvars
import hashlib
import re
import threading
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connections, router, transaction
from django.db.backends.signals import connection_created

from lvzhi.core import batch
from lvzhi.core.batch import First

VERSION_TABLE = "core_tableversion"
# Bookkeeping, not records: the versions themselves, sessions, migrations and a database cache's
# table (every cache.set() would otherwise publish a version).
IGNORED = {
    VERSION_TABLE,
    "django_session",
    "django_migrations",
    *(c["LOCATION"].lower() for c in settings.CACHES.values() if c["BACKEND"].endswith(".DatabaseCache")),
}
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.IGNORECASE)
READ = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)
TIMEOUT = 24 * 3600

_lock = threading.Lock()
_local: dict[str, int] = {}  # table -> writes seen in this process
_readers: contextvars.ContextVar[tuple] = contextvars.ContextVar("lvzhi_figure_readers", default=())
_request_versions: contextvars.ContextVar[dict | None] = contextvars.ContextVar("lvzhi_table_versions", default=None)


def install():
    """Watch every connection's statements (called from CoreConfig.ready)."""
    connection_created.connect(_on_connection, dispatch_uid="lvzhi.core.figure_cache")
    for conn in connections.all(initialized_only=True):
        _on_connection(None, conn)


def not_counted(*models):
    """Tables of bookkeeping that no figure counts (a module declares its own, from its AppConfig's
    `ready`): their writes publish no version — an API token's last use, recorded while a request
    reads, would otherwise cost each phone's first call a commit of its own."""
    IGNORED.update(model._meta.db_table.lower() for model in models)


def _on_connection(sender, connection, **kwargs):
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    match = WRITE.match(sql)
    if match:
        table = match.group(1).lower()
        if table not in IGNORED:
            _written(context["connection"], table)
    else:
        readers = _readers.get()
        if readers:
            tables = {t.lower() for t in READ.findall(sql)} - IGNORED
            for reader in readers:
                reader |= tables
    return result


def note_write(conn, table):
    """A write the execute wrapper cannot see (COPY, psycopg's own API): the table's version moves as
    for any other write."""
    _written(conn, table.lower())


class _Published:
    """The on-commit callback of one write. While it waits in the connection's `run_on_commit`, its
    table counts as written in a transaction not yet committed; Django drops it when that transaction,
    or the savepoint it was registered in, rolls back — so a rolled-back write leaves no table marked
    for the transactions after it — and runs it at the commit."""

    __slots__ = ("conn", "table", "done")

    def __init__(self, conn, table):
        self.conn, self.table, self.done = conn, table, False

    def __call__(self):
        flush(self.conn)


def _written(conn, table):
    conn = connections[conn.alias]  # the connection itself, not django.db.connection's proxy
    with _lock:
        _local[table] = _local.get(table, 0) + 1
    conn.__dict__.setdefault("_lvzhi_written", set()).add(table)
    transaction.on_commit(_Published(conn, table), using=conn.alias)


def flush(conn):
    """Publish the tables this connection wrote to every process: one statement, after the commit
    (or when a test publishes its own writes as at a commit)."""
    conn = connections[conn.alias]
    for _, callback, _ in conn.run_on_commit:  # waiting ones: published now, as at their commit
        if isinstance(callback, _Published):
            callback.done = True
    pending = conn.__dict__.get("_lvzhi_written")
    if not pending:
        return
    tables = sorted(pending)
    pending.clear()
    values = ", ".join(["(%s, 1)"] * len(tables))
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO {VERSION_TABLE} ("table", "version") VALUES {values} '
                f'ON CONFLICT ("table") DO UPDATE SET "version" = {VERSION_TABLE}."version" + 1',
                tables,
            )
    except DatabaseError:  # the table does not exist yet (before the migration): nothing is cached then
        pending.update(tables)


def _published() -> dict[str, int]:
    """The published versions, read from the database the figures read from (a read replica's
    versions arrive with its rows: a value counted from a lagging replica is stamped with its older
    versions, never with the primary's newer ones); once per request and database."""
    alias = router.db_for_read(apps.get_model("core", "TableVersion"))
    cached = _request_versions.get()
    if cached is not None and alias in cached:
        return cached[alias]
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(f'SELECT "table", "version" FROM {VERSION_TABLE}')
            versions = dict(cursor.fetchall())
    except DatabaseError:
        versions = {}
    if cached is not None:
        cached[alias] = versions
    return versions


_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("lvzhi_request_memo", default=None)


def request_memo() -> dict:
    """A dict that lives for the current request (a fresh one per call outside a request): what a
    dashboard asks for each of its figures — the committees of a scope — is read once."""
    memo = _memo.get()
    return memo if memo is not None else {}


ENTRIES = "lvzhi.figure_cache.entries"


def _entries(keys) -> dict:
    """The cache's entries of these keys (those it has): within a request each key is fetched once
    and the missing ones together (one round trip to a shared cache for a dashboard's hundred
    figures, which its cards then read again one by one). An entry is still checked against the
    tables' versions wherever it is used, so a write earlier in the request is seen."""
    memo = _memo.get()
    if memo is None:
        return cache.get_many(keys)
    seen = memo.setdefault(ENTRIES, {})
    missing = [key for key in keys if key not in seen]
    if missing:
        found = cache.get_many(missing)
        for key in missing:
            seen[key] = found.get(key)
    return {key: seen[key] for key in keys if seen[key] is not None}


def _keep(key, entry) -> None:
    cache.set(key, entry, TIMEOUT)
    memo = _memo.get()
    if memo is not None:
        memo.setdefault(ENTRIES, {})[key] = entry


def _stamp(tables) -> dict[str, tuple[int, int]]:
    published = _published()
    return {t: (published.get(t, 0), _local.get(t, 0)) for t in tables}


def _key(figure, committee_ids, period) -> str:
    ids = ",".join(str(i) for i in sorted(committee_ids))
    text = f"{figure.key}|{ids}"
    if period is not None:
        text += f"|{period.kind}|{period.start}|{period.end}"
    return "lvzhi:figure:" + hashlib.sha1(text.encode()).hexdigest()


def cached(figure, committee_ids, period, compute):
    """The figure's value from the cache when no table it read has changed since; else computed now."""
    if figure.varies_with_time:
        return compute()
    key = _key(figure, committee_ids, period)
    entry = _entries([key]).get(key)
    if entry is not None and entry["stamp"] == _stamp(entry["stamp"]):
        for reader in _readers.get():  # a figure computed from this one depends on its tables too
            reader |= entry["stamp"].keys()
        return entry["value"]
    before = dict(_local)
    published = _published()
    reader: set[str] = set()
    token = _readers.set((*_readers.get(), reader))
    try:
        value = compute()
    finally:
        _readers.reset(token)
    if not _uncommitted(reader):
        stamp = {t: (published.get(t, 0), before.get(t, 0)) for t in reader}
        _keep(key, {"value": value, "stamp": stamp})
    return value


def cached_counts(figures, committee_ids, period, records, count) -> list:
    """Several plain counts of one scope and period (`records(figure)` the queryset of a figure's
    records), as `cached` gives each: those the cache holds are served from it, the others counted
    together by `count(querysets) -> [int]` (one statement) and kept, each with the tables of its own
    query — a write to another figure's table does not discard it."""
    return cached_together(
        [(figure, committee_ids, period) for figure in figures],
        lambda figure, _ids, _period: [records(figure)],
        count,
        lambda _figure, _period, values: values[0],
    )


def cached_together(items, parts, read, combine) -> list:
    """The values of several figures, each of its own scope and period (`items`: (figure, committee
    ids, period)), as `cached` gives each: those the cache holds are served from it; the others are
    computed together — `parts(figure, ids, period)` the querysets (or `batch.First`s) each is
    computed from, `read(all of them) -> [value]` answering them in one statement, `combine(figure,
    period, its values)` its value — and kept, each with the tables of its own parts."""
    values: list = [None] * len(items)
    missing = []
    keys = [None if figure.varies_with_time else _key(figure, ids, period) for figure, ids, period in items]
    entries = _entries([key for key in keys if key is not None])
    for index, key in enumerate(keys):
        entry = None if key is None else entries.get(key)
        if entry is not None and entry["stamp"] == _stamp(entry["stamp"]):
            for reader in _readers.get():
                reader |= entry["stamp"].keys()
            values[index] = entry["value"]
        else:
            missing.append(index)
    if not missing:
        return values
    before = dict(_local)
    published = _published()
    built, read_before = {}, {}
    for index in missing:  # what building the querysets itself reads (a scope's ids) counts too
        read_before[index] = reader = set()
        token = _readers.set((*_readers.get(), reader))
        try:
            built[index] = parts(*items[index])
        finally:
            _readers.reset(token)
    answers = iter(read([part for index in missing for part in built[index]]))
    for index in missing:
        figure, committee_ids, period = items[index]
        values[index] = combine(figure, period, [next(answers) for _part in built[index]])
        if figure.varies_with_time:
            continue
        tables = _tables_read(built[index])
        if tables is None or _uncommitted(tables := tables | read_before[index]):
            continue
        stamp = {t: (published.get(t, 0), before.get(t, 0)) for t in tables}
        _keep(keys[index], {"value": values[index], "stamp": stamp})
    return values


def _tables_read(parts) -> set[str] | None:
    """The tables the statements of these querysets (or `batch.First`s) read (None: none of them has
    one, each a condition nothing meets)."""
    tables: set[str] | None = None
    for part in parts:
        qs = part.queryset if isinstance(part, First) else part
        try:
            sql, _params = qs.query.sql_with_params()
        except EmptyResultSet:
            continue
        tables = (tables or set()) | ({t.lower() for t in READ.findall(sql)} - IGNORED)
    return tables


@dataclass(frozen=True)
class Derived:
    """What `cached` asks of a figure (its key, whether it moves with the clock), for rows derived
    from a figure's records."""

    key: str
    varies_with_time: bool = False


def derived(key: str, committee_ids, period, build, *, varies_with_time: bool = False):
    """Rows computed from a figure's records — a chart's groups, a breakdown, a summary's names — kept
    as a figure's own value is: served again only while no table they were read from has been
    written since, so never stale. `key` names what `build` computes and everything else it depends
    on besides the committees and period; `build` returns plain data (lists, dicts, numbers, strings,
    dates — no translated labels: the cache is shared by every language)."""
    return cached(Derived(key, varies_with_time), committee_ids, period, build)


def kept(key: str, committee_ids, build):
    """Plain data read from records that belong to no figure — an export's cells — kept as a
    figure's value is: served again only while no table it was read from has been written since.
    `key` names everything `build` depends on besides the committees (the language, a filter)."""
    return cached(Derived(key), committee_ids, None, build)


# SQL whose answer moves with the clock (Django's Now() is STATEMENT_TIMESTAMP() on PostgreSQL and
# CURRENT_TIMESTAMP on SQLite): never kept
CLOCK = re.compile(
    r"\b(?:NOW|CURRENT_DATE|CURRENT_TIME|CURRENT_TIMESTAMP|LOCALTIME|LOCALTIMESTAMP|STATEMENT_TIMESTAMP"
    r"|CLOCK_TIMESTAMP|TRANSACTION_TIMESTAMP|TIMEOFDAY)\b|'now'",
    re.IGNORECASE,
)


def _statement(queryset, what: str = "count") -> str | None:
    """What names a queryset's count or rows in the cache: its statement and parameters on its
    database (the same filters in the same scope read the same rows); None for one that reads the
    clock, which is never kept. EmptyResultSet for a condition nothing meets. A count is named by
    the statement of the rows it counts (`batch.counted`: their ids, not every column compiled)."""
    sql, params = (batch.counted(queryset) if what == "count" else queryset).query.sql_with_params()
    if CLOCK.search(sql):
        return None
    return f"{what}|" + hashlib.sha1(f"{queryset.db}|{sql}|{params!r}".encode()).hexdigest()


def count(queryset) -> int:
    """`queryset.count()`, kept as a figure's value is: a long list's number of rows (a province's
    100,000 proposals) is counted once, not on every page of it, until a table it reads is written."""
    try:
        key = _statement(queryset)
    except EmptyResultSet:
        return 0
    return queryset.count() if key is None else kept(key, (), queryset.count)


def counts(querysets) -> list[int]:
    """`batch.counts(querysets)`, each count kept as `count` keeps one: those the cache holds are
    served from it (one round trip for all), the others counted together in one statement."""
    return _together(querysets, "count", batch.counts, int)


def rows(querysets) -> list[list]:
    """`batch.rows(querysets)` (the model instances of each, a page's first items of a dozen kinds),
    each queryset's rows kept as `count` keeps a count: those the cache holds are served from it,
    the others read together in one statement."""
    return _together(querysets, "rows", batch.rows, list)


def counts_then(querysets, then) -> tuple[list[int], list[int | None]]:
    """`counts(querysets)`, and for each queryset `i` whose count is not 0 the count of `then(i)` (a
    narrower queryset, or None): the rows of a to-do kind, and its late rows. A count the cache holds
    as 0 asks for nothing more — `then` is not even called (most kinds of a user have no rows) —; the
    others' `then` are counted in the same statement as the counts the cache does not hold."""
    keys = [_key_of(queryset, "count") for queryset in querysets]
    held = {figure.key: value for figure, value in _held([k for k in keys if k and k is not _NOTHING]).items()}
    extra = []
    for index, key in enumerate(keys):
        if key is _NOTHING or (key and held.get(key.key) == 0):
            continue
        narrower = then(index)
        if narrower is not None:
            extra.append((index, narrower))
    found = _together([*querysets, *(queryset for _index, queryset in extra)], "count", batch.counts, int, keys)
    narrower_counts: list[int | None] = [None] * len(querysets)
    for (index, _queryset), value in zip(extra, found[len(querysets) :], strict=True):
        narrower_counts[index] = value
    return found[: len(querysets)], narrower_counts


_NOTHING = Derived("nothing")  # the key of a queryset nothing can meet (counted 0 without asking)


def _key_of(queryset, what):
    """The cache's name for a queryset's count or rows (`_statement`): a `Derived`, None for one
    that reads the clock (never kept), `_NOTHING` for one nothing can meet."""
    try:
        key = _statement(queryset, what)
    except EmptyResultSet:
        return _NOTHING
    return Derived(key) if key is not None else None


def _held(figures) -> dict:
    """The values the cache holds for these `Derived` keys, still valid; the others left out."""
    keys = {figure: _key(figure, (), None) for figure in figures}
    entries = _entries(list(keys.values()))
    held = {}
    for figure, key in keys.items():
        entry = entries.get(key)
        if entry is not None and entry["stamp"] == _stamp(entry["stamp"]):
            held[figure] = entry["value"]
    return held


def _together(querysets, what, read, empty, keys=None) -> list:
    """`read(querysets)` through the cache; `empty()` the answer of a queryset nothing can meet.
    `keys`: the first querysets' `_key_of`, already made."""
    found: list = [empty() for _queryset in querysets]
    items, wanted = [], {}
    keys = list(keys or [])
    for index, queryset in enumerate(querysets):
        key = keys[index] if index < len(keys) else _key_of(queryset, what)
        if key is _NOTHING:
            continue
        figure = key if key is not None else Derived(f"clock|{index}", varies_with_time=True)
        wanted[figure] = queryset
        items.append((index, (figure, (), None)))
    values = cached_together(
        [item for _index, item in items],
        lambda figure, _ids, _period: [wanted[figure]],
        read,
        lambda _figure, _period, answers: answers[0],
    )
    for (index, _item), value in zip(items, values, strict=True):
        found[index] = value
    return found


def _uncommitted(tables) -> bool:
    """Whether this connection wrote one of these tables in a transaction not yet committed: a value
    counted from such rows is not kept (the transaction may still be rolled back, which moves no
    version). The writes of a transaction that was rolled back do not count: their callbacks are
    gone from `run_on_commit`."""
    conn = connections["default"]
    if not (conn.in_atomic_block and tables & conn.__dict__.get("_lvzhi_written", set())):
        return False
    return any(
        isinstance(callback, _Published) and not callback.done and callback.table in tables
        for _, callback, _ in conn.run_on_commit
    )


class RequestScope:
    """Used by RequestContextMiddleware: the versions are read once per request."""

    def __enter__(self):
        self._tokens = (_request_versions.set({}), _memo.set({}))
        return self

    def __exit__(self, *exc):
        _memo.reset(self._tokens[1])
        _request_versions.reset(self._tokens[0])
        return False
