"""The duty ledger: `DutyEvent` rows derived from the modules' records through their registered
`DutyProducer`s (lvzhi.core.registry), kept current and rebuildable.

- `sync(obj, ...)`: incremental upkeep, registered as a derived store (lvzhi/duties/module.py). Source
  services call `registry.sync_derived(obj)` right after their write, inside their transaction (they
  never import duties); every producer concerned by `obj` replaces its events of the affected sources.
- `rebuild(committee_ids=None, year=None)`: makes the ledger equal to what the producers say now.
- `differences(...)`: what `rebuild` would change (`check_duties` reports it and changes nothing).

Incremental upkeep asks the producers' `events(...)`; a rebuild asks their `facts_query` where they
have one — the same facts, as duties/tests/test_facts_query.py proves for each — and `events`
otherwise, so both give the same rows. Points come from the committee's scoring scheme of the
event's year.

A rebuild or check first compares checksums per (kind, committee, year) over its whole scope at
once (`_plan`): the database sums a hash of its rows (`_stored_checksums`, one GROUP BY); the
producers' facts are hashed the same way — by the database too for a producer that states its facts
as a query (`facts_query`: one aggregate query for all the producers sharing it,
`_queried_checksums`), as they stream by through Python otherwise (`_streamed_checksums`) — and only
the kinds and committees whose sums differ are then compared, in passes of a bounded size. When
nothing changed, no ledger row leaves the database, no fact of a producer with a query enters
Python, and no pass is made.

What differs is compared and mended by the database for the producers with a query
(`lvzhi.duties.ledger_sql`): a rebuild writes their rows with INSERT … SELECT from the facts query
(one statement per group of producers where the ledger has none of their rows yet; a DELETE, an
UPDATE and an INSERT against the ledger's rows otherwise), and a check reads back only the rows that
differ. The others' rows are compared in Python and written by `_apply`.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count

from lvzhi.core import figure_cache, registry
from lvzhi.duties import ledger_sql
from lvzhi.duties.models import DutyEvent, ScoringScheme
from lvzhi.duties.scoring import rules_for, rules_of
from lvzhi.org.models import Committee, Member

CHUNK = 500
# A rebuild or check walks the committees in groups of about this many registered members, so that
# one group's events (wanted and existing) are what it holds in memory, whatever the ledger's size.
MEMBERS_PER_PASS = 2500
# A rebuild that changed at least this many rows has PostgreSQL analyse the ledger afterwards.
ANALYZE_AFTER = 50_000


def producers() -> list[registry.DutyProducer]:
    return registry.duty_producers()


def kinds() -> dict[str, str]:
    """Every registered event kind and its label, in registration order."""
    return {p.kind: str(p.label) for p in producers()}


def _content_type_id(label: str) -> int:
    return ContentType.objects.get_for_model(apps.get_model(label)).id


class PointBook:
    """The points of each kind for a committee and year, looked up once per pair — or, for the
    committees `preload` was given, from their schemes read at once (a province's check asks for
    hundreds of pairs)."""

    def __init__(self):
        self._cache: dict[tuple[int, int], dict[str, Decimal]] = {}
        self._schemes: dict[int, list[ScoringScheme]] = {}  # committee → its current schemes, newest first

    def preload(self, committee_ids) -> None:
        wanted = set(committee_ids) - self._schemes.keys()
        for committee_id in wanted:
            self._schemes[committee_id] = []
        current = ScoringScheme.objects.filter(committee_id__in=wanted, is_current=True).prefetch_related("rules")
        for scheme in current.order_by("committee_id", "-year"):
            self._schemes[scheme.committee_id].append(scheme)

    def points(self, committee_id: int, year: int, kind: str) -> Decimal:
        key = (committee_id, year)
        if key not in self._cache:
            if committee_id in self._schemes:  # what scoring.effective_scheme answers
                scheme = next((s for s in self._schemes[committee_id] if s.year <= year), None)
                rules = rules_of(scheme)
            else:
                rules = rules_for(committee_id, year)
            self._cache[key] = {k: rule.points for k, rule in rules.items()}
        return self._cache[key].get(kind, Decimal("0"))


# A ledger row as compared: key (member, source) → (committee, year, date, points)
Key = tuple[int, int]  # (source_id, member_id) within one kind
Value = tuple[int, int, datetime.date, Decimal]


def _facts(producer, facts, book, committee_ids=None, year=None) -> dict[Key, Value]:
    wanted: dict[Key, Value] = {}
    for fact in facts:
        member_id, committee_id, day, source_id = fact[0], fact[1], fact[2], fact[3]
        if isinstance(day, datetime.datetime):
            day = day.date()
        fact_year = (fact[4] if len(fact) > 4 else None) or day.year
        if committee_ids is not None and committee_id not in committee_ids:
            continue
        if year is not None and fact_year != year:
            continue
        points = book.points(committee_id, fact_year, producer.kind)
        wanted[(int(source_id), int(member_id))] = (committee_id, fact_year, day, Decimal(points))
    return wanted


def _existing(qs) -> dict[Key, tuple[int, Value]]:
    rows = qs.values_list("pk", "source_id", "member_id", "committee_id", "year", "date", "points")
    return {(s, m): (pk, (c, y, d, p)) for pk, s, m, c, y, d, p in rows.iterator(chunk_size=5000)}


@dataclass
class Changes:
    """What makes the ledger equal to the producers: rows to add, to delete and to correct."""

    add: list = field(default_factory=list)  # (kind, source_type_id, key, value)
    delete: list = field(default_factory=list)  # (pk, kind, key, value)
    update: list = field(default_factory=list)  # (pk, kind, key, old, new)

    def __bool__(self):
        return bool(self.add or self.delete or self.update)

    def merge(self, other: "Changes"):
        self.add += other.add
        self.delete += other.delete
        self.update += other.update

    def lines(self) -> list[str]:
        """One line per difference, for people (check_duties)."""
        out = []
        for kind, _ct, (source, member), (committee, _year, day, points) in self.add:
            out.append(f"缺少 missing: {kind} source={source} member={member} committee={committee} {day} {points}")
        for _pk, kind, (source, member), (committee, _year, day, points) in self.delete:
            out.append(f"多余 extra: {kind} source={source} member={member} committee={committee} {day} {points}")
        for _pk, kind, (source, member), old, new in self.update:
            out.append(f"不符 differs: {kind} source={source} member={member}: {old} ≠ {new}")
        return out


@dataclass
class Tally:
    """What a rebuild changed, counted: a rebuild of millions of rows keeps none of them in memory.
    `len(tally.add)` etc. read as for `Changes`."""

    added: int = 0
    deleted: int = 0
    updated: int = 0

    def count(self, changes: Changes) -> None:
        self.added += len(changes.add)
        self.deleted += len(changes.delete)
        self.updated += len(changes.update)

    @property
    def add(self) -> range:
        return range(self.added)

    @property
    def delete(self) -> range:
        return range(self.deleted)

    @property
    def update(self) -> range:
        return range(self.updated)

    def __bool__(self):
        return bool(self.added or self.deleted or self.updated)


def _compare(kind, ct_id, wanted: dict, existing: dict) -> Changes:
    changes = Changes()
    for key, value in wanted.items():
        found = existing.get(key)
        if found is None:
            changes.add.append((kind, ct_id, key, value))
        elif found[1] != value:
            changes.update.append((found[0], kind, key, found[1], value))
    for key, (pk, value) in existing.items():
        if key not in wanted:
            changes.delete.append((pk, kind, key, value))
    return changes


def _apply(changes: Changes) -> None:
    pks = [pk for pk, *_ in changes.delete]
    for i in range(0, len(pks), CHUNK):
        DutyEvent.objects.filter(pk__in=pks[i : i + CHUNK]).delete()
    if changes.update:
        rows = []
        for pk, _kind, _key, _old, (committee, year, day, points) in changes.update:
            rows.append(DutyEvent(pk=pk, committee_id=committee, year=year, date=day, points=points))
        DutyEvent.objects.bulk_update(rows, ["committee", "year", "date", "points"], batch_size=CHUNK)
    if changes.add:
        _insert(changes.add)


def _insert(rows) -> None:
    """Plain rows, not model instances (a rebuild inserts millions, and instances cost ten times
    more): COPY on PostgreSQL, executemany in batches elsewhere."""
    ops = connection.ops
    table = ops.quote_name(DutyEvent._meta.db_table)
    columns = ["kind", "source_type_id", "source_id", "member_id", "committee_id", "year", "date", "points"]
    names = ", ".join(ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for kind, ct, (source, member), (committee, year, day, points) in rows:
                    copy.write_row((kind, ct, source, member, committee, year, day, points))
            figure_cache.note_write(connection, DutyEvent._meta.db_table)  # COPY passes no execute wrapper
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * 8)})"
        for i in range(0, len(rows), 5000):
            cursor.executemany(
                sql,
                [
                    (
                        kind,
                        ct,
                        source,
                        member,
                        committee,
                        year,
                        ops.adapt_datefield_value(day),
                        ops.adapt_decimalfield_value(points),
                    )
                    for kind, ct, (source, member), (committee, year, day, points) in rows[i : i + 5000]
                ],
            )


# --- incremental upkeep ------------------------------------------------------------------------


def sync(*objs) -> Changes:
    """Bring the ledger up to date after `objs` changed (call inside the source's transaction,
    after its write; deleted sources: call before the delete, or pass an unsaved copy with pk)."""
    book = PointBook()
    total = Changes()
    for obj in objs:
        if obj is None:
            continue
        for producer in producers():
            found = producer.events_for(obj)
            if found is None:
                continue
            ids, facts = found
            if not ids:
                continue
            ct = _content_type_id(producer.source)
            wanted = _facts(producer, facts, book)
            existing = {}
            for i in range(0, len(ids), CHUNK):
                qs = DutyEvent.objects.filter(kind=producer.kind, source_type_id=ct, source_id__in=ids[i : i + CHUNK])
                existing.update(_existing(qs))
            changes = _compare(producer.kind, ct, wanted, existing)
            _apply(changes)
            total.merge(changes)
    return total


# --- rebuild and check -------------------------------------------------------------------------


def _scope_ids(committee_ids) -> frozenset:
    """The committees of the scope (default: all)."""
    if committee_ids is None:
        return frozenset(Committee.objects.values_list("pk", flat=True))
    return frozenset(committee_ids)


def _passes(committee_ids) -> list[list[int]]:
    """These committees in groups of about MEMBERS_PER_PASS registered members each, a committee
    never split."""
    if not committee_ids:
        return []
    sizes = dict(
        Member.objects.filter(committee_id__in=committee_ids)
        .values("committee_id")
        .annotate(n=Count("pk"))
        .values_list("committee_id", "n")
        .order_by()
    )
    passes, current, weight = [], [], 0
    for committee_id in sorted(committee_ids):
        current.append(committee_id)
        weight += sizes.get(committee_id, 0)
        if weight >= MEMBERS_PER_PASS:
            passes.append(current)
            current, weight = [], 0
    if current:
        passes.append(current)
    return passes


# A row's hash, the same in Python and in SQL (SQLite and PostgreSQL): two polynomial mixes of the
# row's fields modulo a prime below 2^31 (every product stays below 2^62), squared and cubed so that
# the sums are not linear in the fields (two members swapping two events changes them). The
# committee and year are not hashed: they are the group's own key (a row in the wrong one moves two
# groups' sums). Points are not hashed: they are the same for every row of one (kind, committee,
# year) — the scheme's — so the checksum of such a group holds their least and greatest value (in
# tenths), and the wanted side states its one value twice.
PRIME = 2147483647
MIXERS = (48271, 69621)
EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal() - 100_000  # days stay positive back to 1696
# rows, sum of the first hash, sum of the second, least and greatest points in tenths
Checksum = tuple[int, int, int, int | None, int | None]
# (kind, committee, year) → checksum
Checksums = dict[tuple[str, int, int], Checksum]


def _row_hash(values: tuple[int, ...]) -> tuple[int, int]:
    """`values`: (source_id, source_type_id, member_id, day number)."""
    first = second = values[0] % PRIME
    for value in values[1:]:
        first = (first * MIXERS[0] + value) % PRIME
        second = (second * MIXERS[1] + value) % PRIME
    return first * first % PRIME, second * second % PRIME * second % PRIME


def _day_number_sql(vendor: str, column: str) -> str:
    """A date column as `_row_hash`'s day number (days since 1970-01-01, plus 100,000)."""
    if vendor == "postgresql":
        return f"({column} - DATE '1970-01-01' + 100000)"
    return f"(CAST(julianday({column}) - 2440587.5 AS INTEGER) + 100000)"


def _hash_sql(vendor: str, fields: list[str]) -> tuple[str, str]:
    """The two hashes of a row as SQL expressions, `fields` in `_row_hash`'s order (`%%`: the
    statement has parameters)."""
    mixes = []
    for mixer in MIXERS:
        expr = f"(CAST({fields[0]} AS BIGINT) %% {PRIME})"
        for value in fields[1:]:
            expr = f"(({expr} * {mixer} + {value}) %% {PRIME})"
        mixes.append(expr)
    first, second = mixes
    return f"({first} * {first} %% {PRIME})", f"({second} * {second} %% {PRIME} * {second} %% {PRIME})"


def _stored_checksums(ids, year) -> Checksums:
    """The ledger's checksum per (kind, committee, year) of these committees (and year): one query."""
    vendor = connection.vendor
    day = _day_number_sql(vendor, '"date"')
    first, second = _hash_sql(vendor, ['"source_id"', '"source_type_id"', '"member_id"', day])
    tenths = f'CAST(ROUND("points" * 10) AS {"BIGINT" if vendor == "postgresql" else "INTEGER"})'
    table = connection.ops.quote_name(DutyEvent._meta.db_table)
    where = f'"committee_id" IN ({", ".join(["%s"] * len(ids))})'
    params = list(ids)
    if year is not None:
        where += ' AND "year" = %s'
        params.append(year)
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "kind", "committee_id", "year", COUNT(*), SUM({first}), SUM({second}), MIN({tenths}), '
            f'MAX({tenths}) FROM {table} WHERE {where} GROUP BY "kind", "committee_id", "year"',
            params,
        )
        return {(kind, c, y): (n, int(a), int(b), lo, hi) for kind, c, y, n, a, b, lo, hi in cursor.fetchall()}


def _tenths(points) -> int | None:
    """Points in tenths as the ledger holds them; None for points it cannot hold exactly (their
    checksums never match: compared row by row)."""
    scaled = Decimal(points) * 10
    return int(scaled) if scaled == scaled.to_integral_value() else None


def _with_points(kind, sums: dict[tuple[int, int], list[int]], book: PointBook) -> Checksums:
    out = {}
    for (committee_id, year), (n, first, second) in sums.items():
        tenths = _tenths(book.points(committee_id, year, kind))
        out[(kind, committee_id, year)] = (n, first, second, tenths, tenths)
    return out


def _streamed_checksums(producer, ct_id, book, ids, year) -> Checksums:
    """The checksums of the events the producer states now, as `_facts` would keep them, hashed as
    they stream by through Python (producers without a `facts_query`). A producer stating one event
    twice makes its sums differ: that committee is then compared row by row, which keeps one."""
    sums: dict[tuple[int, int], list[int]] = {}
    for fact in producer.events(committee_ids=sorted(ids), year=year):
        member_id, committee_id, day, source_id = fact[0], fact[1], fact[2], fact[3]
        if committee_id not in ids:
            continue
        if isinstance(day, datetime.datetime):
            day = day.date()
        fact_year = (fact[4] if len(fact) > 4 else None) or day.year
        if year is not None and fact_year != year:
            continue
        days = day.toordinal() - EPOCH_ORDINAL
        first, second = _row_hash((int(source_id), ct_id, int(member_id), days))
        total = sums.get((committee_id, fact_year))
        if total is None:
            total = sums[(committee_id, fact_year)] = [0, 0, 0]
        total[0] += 1
        total[1] += first
        total[2] += second
    return _with_points(producer.kind, sums, book)


def _queried_checksums(facts_query, kinds, ct_id, book, ids, year) -> Checksums:
    """The checksums of the facts of these kinds (producers sharing `facts_query`), summed by the
    database in one query over the producers' facts: no fact passes through Python."""
    vendor = connection.vendor
    inner, params = facts_query(committee_ids=sorted(ids), year=year).query.sql_with_params()
    day_year = ledger_sql.year_of_sql(vendor, '"day"')
    fact_year = f'COALESCE("stated_year", {day_year})'
    first, second = _hash_sql(
        vendor,
        ['"source_id"', str(int(ct_id)), '"member_id"', _day_number_sql(vendor, '"day"')],
    )
    where = f'"kind" IN ({", ".join(["%s"] * len(kinds))}) AND "committee_id" IN ({", ".join(["%s"] * len(ids))})'
    params = [*params, *kinds, *sorted(ids)]
    if year is not None:
        where += ' AND "year" = %s'
        params.append(year)
    sql = (
        f'WITH "facts" ("kind", "member_id", "committee_id", "day", "source_id", "stated_year") AS ({inner}) '
        f'SELECT "kind", "committee_id", "year", COUNT(*), SUM({first}), SUM({second}) FROM '
        f'(SELECT "kind", "member_id", "committee_id", "day", "source_id", {fact_year} AS "year" FROM "facts") '
        f'AS "f" WHERE {where} GROUP BY "kind", "committee_id", "year"'
    )
    sums: dict[str, dict[tuple[int, int], list[int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, committee_id, fact_year_, n, a, b in cursor.fetchall():
            sums.setdefault(kind, {})[(committee_id, fact_year_)] = [n, int(a), int(b)]
    out: Checksums = {}
    for kind, kind_sums in sums.items():
        out.update(_with_points(kind, kind_sums, book))
    return out


def _by_committee(checksums: Checksums, kind: str) -> dict[int, dict[int, Checksum]]:
    """One kind's checksums as {committee: {year: checksum}}."""
    out: dict[int, dict[int, Checksum]] = {}
    for (k, committee_id, year), sums in checksums.items():
        if k == kind:
            out.setdefault(committee_id, {})[year] = sums
    return out


@dataclass
class Plan:
    """What differs in a scope, found from checksums before any row is compared: the ledger's own
    checksums and, per kind, the committees whose sums differ from the producers' (every committee
    of the scope while the ledger is empty); `extra`: committees holding kinds no producer declares
    any more. Checksums are small (one per kind, committee and year), so the whole scope's are taken
    at once — one query per group of producers — and only the committees that differ are walked."""

    stored: Checksums
    differing: dict[str, frozenset]
    extra: frozenset

    def committees(self) -> frozenset:
        return frozenset().union(self.extra, *self.differing.values())


def _query_groups(producer_list) -> dict[tuple, list[str]]:
    """Producers sharing a query over one source: the query is asked once for all their kinds."""
    groups: dict[tuple, list[str]] = {}
    for producer in producer_list:
        if producer.facts_query is not None:
            groups.setdefault((producer.facts_query, producer.source), []).append(producer.kind)
    return groups


# The checksums group a few thousand (kind, committee, year) sums out of millions of rows; PostgreSQL
# plans a sort spilled to disk for them under its default work_mem of 4 MB, a hash in memory with this.
CHECKSUM_WORK_MEM = "64MB"


def _plan(ids: frozenset, year, book: PointBook, producer_list) -> Plan:
    if not (connection.vendor == "postgresql" and connection.in_atomic_block):
        return _checksum_plan(ids, year, book, producer_list)
    with connection.cursor() as cursor:  # for the checksums only: the writes plan as before
        cursor.execute("SELECT current_setting('work_mem')")
        (before,) = cursor.fetchone()
        cursor.execute(f"SET LOCAL work_mem = '{CHECKSUM_WORK_MEM}'")
        plan = _checksum_plan(ids, year, book, producer_list)  # (an error rolls the setting back with it)
        cursor.execute("SELECT set_config('work_mem', %s, true)", [before])
    return plan


def _checksum_plan(ids: frozenset, year, book: PointBook, producer_list) -> Plan:
    book.preload(ids)
    stored = _stored_checksums(sorted(ids), year) if ids else {}
    stored_kinds = {kind for kind, _c, _y in stored}
    differing: dict[str, frozenset] = {}
    for (facts_query, source), group_kinds in _query_groups(producer_list).items():
        # An empty ledger (a first rebuild) has nothing to compare sums with: every fact is new. A
        # kind without rows beside others is compared by its group's query all the same (one query
        # for the group, not one per kind).
        if not stored:
            differing.update(dict.fromkeys(group_kinds, ids))
            continue
        wanted_sums = _queried_checksums(facts_query, group_kinds, _content_type_id(source), book, ids, year)
        for kind in group_kinds:
            theirs, mine = _by_committee(wanted_sums, kind), _by_committee(stored, kind)
            differing[kind] = frozenset(c for c in ids if theirs.get(c) != mine.get(c))
    for producer in producer_list:
        if producer.facts_query is not None:
            continue
        if producer.kind in stored_kinds:
            ct = _content_type_id(producer.source)
            theirs = _by_committee(_streamed_checksums(producer, ct, book, ids, year), producer.kind)
            mine = _by_committee(stored, producer.kind)
            differing[producer.kind] = frozenset(c for c in ids if theirs.get(c) != mine.get(c))
        else:
            differing[producer.kind] = ids
    registered = {producer.kind for producer in producer_list}
    extra = frozenset(c for kind, c, _y in stored if kind not in registered)
    return Plan(stored, differing, extra)


def _pass_changes(
    ids: frozenset, year, book: PointBook, producer_list, plan: Plan, tally: Tally | None = None
) -> Changes:
    """What a rebuild of these committees would change, where `plan`'s checksums say they differ.

    The kinds of producers with a facts query are compared by the database (`ledger_sql`): with
    `tally` (a rebuild) it also writes their changes and counts them there, and the changes returned
    are only the others' (to `_apply`); without, their differing rows are read back as changes."""
    changes = Changes()
    stored_pairs = {(kind, committee_id) for kind, committee_id, _y in plan.stored if committee_id in ids}
    stored_kinds = {kind for kind, _c in stored_pairs}
    registered = {producer.kind for producer in producer_list}
    scheme_years = None
    for (facts_query, source), group_kinds in _query_groups(producer_list).items():
        differing = {kind: plan.differing[kind] & ids for kind in group_kinds}
        kinds_differing = [kind for kind in group_kinds if differing[kind]]
        if not kinds_differing:
            continue
        ct = _content_type_id(source)
        committees = frozenset().union(*(differing[kind] for kind in kinds_differing))
        if scheme_years is None:
            scheme_years = ledger_sql.scheme_years(ids)
        spans = ledger_sql.point_spans(kinds_differing, committees, book, scheme_years)
        wanted = ledger_sql.Wanted(facts_query, kinds_differing, ct, committees, year, spans)
        if tally is not None:
            fresh = not any((kind, c) in stored_pairs for kind in kinds_differing for c in committees)
            added, deleted, updated = ledger_sql.write(wanted, fresh=fresh)
            tally.added += added
            tally.deleted += deleted
            tally.updated += updated
        else:
            changes.merge(_changes_of(ct, *ledger_sql.read(wanted), book))
    for producer in producer_list:
        if producer.facts_query is not None:
            continue
        differing = plan.differing[producer.kind] & ids
        if not differing:
            continue
        ct = _content_type_id(producer.source)
        facts = producer.events(committee_ids=sorted(differing), year=year)
        wanted = _facts(producer, facts, book, differing, year)
        existing = (
            _existing(_scoped(differing, year).filter(kind=producer.kind)) if producer.kind in stored_kinds else {}
        )
        changes.merge(_compare(producer.kind, ct, wanted, existing))
    # rows of kinds no producer declares any more
    if ids & plan.extra:
        for pk, kind, source, member, committee, year_, day, points in (
            _scoped(ids & plan.extra, year)
            .exclude(kind__in=registered)
            .values_list("pk", "kind", "source_id", "member_id", "committee_id", "year", "date", "points")
        ):
            changes.delete.append((pk, kind, (source, member), (committee, year_, day, points)))
    return changes


def _changes_of(ct_id, old, new, book: PointBook) -> Changes:
    """The rows the database found differing (`ledger_sql.read`) as changes: a key on both sides is
    a row to correct, on one side only a row to delete or to add — what `_compare` makes of the same
    rows (the wanted points those of `book`, as `_facts` gives them)."""
    changes = Changes()
    wanted = {}
    for kind, source, member, committee, year, day in new:
        wanted[(kind, source, member)] = (committee, year, day, Decimal(book.points(committee, year, kind)))
    for pk, kind, source_type, source, member, committee, year, day, points in old:
        key = (kind, source, member)
        value = (committee, year, day, points)
        if source_type == ct_id and key in wanted:
            changes.update.append((pk, kind, (source, member), value, wanted.pop(key)))
        else:
            changes.delete.append((pk, kind, (source, member), value))
    for (kind, source, member), value in wanted.items():
        changes.add.append((kind, ct_id, (source, member), value))
    return changes


def differences(committee_ids=None, year=None) -> Changes:
    """What a rebuild of this scope would change (nothing is written)."""
    book = PointBook()
    producer_list = producers()
    total = Changes()
    with transaction.atomic():  # one snapshot of the sources and the ledger
        plan = _plan(_scope_ids(committee_ids), year, book, producer_list)
        for ids in _passes(plan.committees()):
            total.merge(_pass_changes(frozenset(ids), year, book, producer_list, plan))
    return total


def _scoped(ids, year):
    qs = DutyEvent.objects.filter(committee_id__in=ids)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def rebuild(committee_ids=None, year=None) -> Tally:
    """Make the ledger of this scope (committees, year; default everything) equal to the sources,
    one group of committees after the other in one transaction. Returns what changed, counted
    (nothing, when upkeep kept it current)."""
    book = PointBook()
    producer_list = producers()
    tally = Tally()
    with transaction.atomic():
        plan = _plan(_scope_ids(committee_ids), year, book, producer_list)
        for ids in _passes(plan.committees()):
            changes = _pass_changes(frozenset(ids), year, book, producer_list, plan, tally)
            _apply(changes)
            tally.count(changes)
        if connection.vendor == "postgresql" and tally.added + tally.deleted + tally.updated >= ANALYZE_AFTER:
            # the planner's statistics of the ledger as it now is (autovacuum may be off, or late):
            # a first rebuild would otherwise leave it planning for an empty table
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(DutyEvent._meta.db_table)}")
    return tally


def recompute_points(committee_id: int, years) -> int:
    """After a scheme edit: set each event's points from the scheme now in force. Returns rows changed."""
    book = PointBook()
    changed = 0
    for year in years:
        qs = DutyEvent.objects.filter(committee_id=committee_id, year=year)
        for kind in qs.values_list("kind", flat=True).distinct().order_by():
            points = book.points(committee_id, year, kind)
            changed += qs.filter(kind=kind).exclude(points=points).update(points=points)
    return changed
