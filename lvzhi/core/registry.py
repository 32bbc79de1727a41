"""What each module contributes, declared once in its AppConfig.ready():

    registry.register(Module(
        key="org", label=_("组织"),
        menu=[MenuEntry(_("委员"), "org:member_list", icon="people", allowed=can_manage_members)],
        figures=[Figure(...)],
        exports=[...], duty_producers=[...], demo_loaders=[load_org_demo], home_panels=[...],
    ))

The page shell builds its menu from here, the statistics module reads the figures, the demo command
runs the demo loaders in registration order, and the duty ledger asks the producers.

Modules never import each other. What one needs of another goes through a contract declared here:

- `links`: `LinkSource`s, records of this module that point at another module's object (a
  proposal's opinion report converted from it, a report's litigation clues). A detail page shows
  `links_for(obj, user)`: every module's, read in one statement.
- `provides`: named operations other modules may call (`"opinions.report_from_proposal"`), looked
  up with `provided(name)`; an absent provider is a clear error, not an import failure.
- `derived_stores`: functions `(*objs)` that bring a derived store (the duty ledger, later the search
  index) up to date with changed source objects; services call `sync_derived(*objs)` in their
  transaction, and the store's module registers the function.
- `action_tables`: the module's `lvzhi.core.actions.ActionTable`s (page/API parity is tested over them).
- `todos`: `TodoKind`s, what awaits a user in this module (the one to-do centre and the home page's
  counts read them).
- `key_figures`: keys of the module's figures that the leader's home page shows (`key_figures()`
  collects them in registration order).
- `Searchable` (`register_searchable`): the module's records the full-text search finds.
- `notification_kinds`: `NotificationKind`s, the events the module notifies of, with the default
  delivery per role (immediately, daily digest, off) and the channels beyond the inbox; the message
  channels (`lvzhi.delivery`) read them, and `notify(..., kind=...)` names one.
- `FileHolder` (`register_file_holders`): the module's records that hold attachments, and which of
  them a user may see; the file download serves a file only to those who may see a record holding it.
"""

import datetime
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import NamedTuple

from django.apps import apps
from django.db.models import CharField, F, Func, IntegerField, QuerySet, TextField, Value, Window
from django.db.models.functions import Cast, RowNumber, TruncDate
from django.urls import reverse
from django.utils import timezone

from lvzhi.core import figure_cache
from lvzhi.core.batch import values as batch_values


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the side menu; `todos` names the module's to-do kinds whose pending count the
    menu shows beside it (the module's heading shows all of its kinds')."""

    label: str
    url_name: str
    icon: str = "circle"
    allowed: Callable = lambda user: True
    todos: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A named, defined count or sum. `records(committee_ids, period)` returns the queryset
    behind it; `value(...)` defaults to counting those records."""

    key: str
    label: str
    definition: str
    unit: str
    records: Callable
    scopes: tuple[str, ...] = ("self", "tree")
    periods: tuple[str, ...] = ("current",)
    value: Callable | None = None
    records_url: str | None = None  # a URL name that lists the records, given ?figure=key
    # count | sum | rate | average; empty: a count when there is no `value` function, a rate when
    # the unit is "%", otherwise a sum (see `measure`).
    kind: str = ""
    # For a sum of a number typed on each record (people reached at an event): the field summed. The
    # records page shows each record's amount beside it and the total, and lists the records that
    # carry most of the sum for review.
    amount: str = ""
    # The field (or a query expression) that names the records (a partner university, a destination, a
    # series or a book's title): a summary writes the names the records hold (`{{ names:key }}`).
    names: object = ""
    # The value moves with the clock, not only with the records (a notice scheduled for later today):
    # the figure cache never keeps it.
    varies_with_time: bool = False

    @property
    def module_key(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def measure(self) -> str:
        if self.kind:
            return self.kind
        if self.value is None:
            return "count"
        return "rate" if self.unit == "%" else "sum"

    def supports_period(self, period) -> bool:
        """Whether the figure is defined for this period (`periods` holds kinds: "year", not "year:2024")."""
        return period.kind in self.periods

    def compute(self, committee_ids, period):
        """The value, from the figure cache while no table it was counted from has been written since."""
        if getattr(period, "is_empty", False):  # a period not yet begun on the as-of date
            return 0
        return figure_cache.cached(self, committee_ids, period, lambda: self.count(committee_ids, period))

    def count(self, committee_ids, period):
        """The value counted from the records now (no cache)."""
        if self.value is not None:
            return self.value(committee_ids, period)
        return self.records(committee_ids, period).count()


@dataclass(frozen=True)
class FromParts:
    """A figure's `value` computed from a few queries — querysets counted, or the first value of one
    (`batch.First`: the earliest founding date) — that `compute_figures` reads with the other figures'
    counts in one statement: `parts(committee_ids, period)` the queries, `combine(period, *their
    values)` the value (a rate: the share of one count in another)."""

    parts: Callable
    combine: Callable

    def __call__(self, committee_ids, period):
        return self.combine(period, *batch_values(self.parts(committee_ids, period)))


def percent(_period, part, whole):
    """`FromParts.combine` of a rate: `part` as a percentage of `whole` (one decimal), None of none."""
    return round(100 * part / whole, 1) if whole else None


def compute_figures(figures, committee_ids, period) -> list:
    """`[f.compute(committee_ids, period) for f in figures]`, with what the figure cache does not hold
    of the plain counts and the `FromParts` figures read together in one statement (a dashboard's
    cold cards: one round trip, not one COUNT per card)."""
    return compute_figures_of([(figure, committee_ids, period) for figure in figures])


def compute_figures_of(items) -> list:
    """`compute_figures` of figures of several scopes and periods (`items`: (figure, committee ids,
    period)), read together all the same (the leader's key figures: this term's and today's)."""
    items = list(items)
    found: list = [None] * len(items)
    together = []
    for index, (figure, committee_ids, period) in enumerate(items):
        if getattr(period, "is_empty", False):
            found[index] = 0
        elif figure.value is None or isinstance(figure.value, FromParts):
            together.append(index)
        else:
            found[index] = figure.compute(committee_ids, period)
    if together:
        read = figure_cache.cached_together([items[i] for i in together], _parts_of, batch_values, _combined)
        for index, value in zip(together, read, strict=True):
            found[index] = value
    return found


def _parts_of(figure, committee_ids, period) -> list:
    if figure.value is None:
        return [figure.records(committee_ids, period)]
    return list(figure.value.parts(committee_ids, period))


def _combined(figure, period, found):
    return found[0] if figure.value is None else figure.value.combine(period, *found)


class DutyFact(NamedTuple):
    """One duty event as a producer states it: who, in which committee's record, when, and the id of
    the source row (of the producer's `source` model). `year` defaults to `date.year` (an annual
    report for 2024 submitted in January 2025 says year=2024)."""

    member_id: int
    committee_id: int
    date: datetime.date
    source_id: int
    year: int | None = None


@dataclass(frozen=True)
class DutyProducer:
    """A kind of duty event a module derives from its records (see docs/adding-a-module.md).

    - `kind`: a stable code, "<module>.<what>" ("proposals.first", "activities.attended.plenary");
      scoring rules and baseline targets name it.
    - `label`: what the duty record shows ("提交提案（第一提案人）").
    - `source`: the model label of the source rows ("proposals.Proposal"); each event links to one.
    - `events(committee_ids=None, year=None, source_ids=None)`: every event of this kind, as
      `DutyFact`s (or plain (member_id, committee_id, date, source_id) tuples), read from the source
      tables only. `committee_ids`/`year` may narrow the query (the ledger filters again anyway);
      `source_ids` must be honoured: it is how incremental upkeep asks for a few sources only.
    - `affected(obj)`: given any changed object, the ids of this producer's source rows whose events
      may have changed, or None when the object does not concern this producer. The ledger then
      replaces this kind's events of exactly those sources with `events(source_ids=ids)`, so the
      incremental result is the rebuild's result by construction.
    - `default_points` / `default_cap`: the points (and yearly cap) of the default scoring scheme.
    - `describe`: optional, a `Titles` — how the duty record names and links each event's source
      row; the record reads the titles of every kind of source in one statement (`titles_of`).
    - `facts_query(committee_ids=None, year=None)`: optional, the same facts as `events` stated as a
      query the database evaluates — a queryset whose rows are (kind, member_id, committee_id, date,
      source_id, year), built with `fact_rows`: the date computed in SQL (`local_date` for a
      datetime, as `timezone.localdate` gives it in Python), year NULL for the date's year. A check
      or rebuild then sums the facts' checksums in the database, no fact passing through Python.
      Producers over the same source may share one function (the same object): it is asked once for
      all of them, and the first column tells their kinds apart (the attendance producers: one
      query for every activity kind and state). `committee_ids` narrows like `events`' (the ledger
      filters again); `year` may be ignored. Without it, the ledger streams `events`.
    """

    kind: str
    label: str
    source: str
    events: Callable
    affected: Callable = lambda obj: None
    default_points: float = 0
    default_cap: float | None = None
    describe: "Titles | None" = None
    facts_query: Callable | None = None

    def events_for(self, obj):
        """Incremental upkeep: (source ids covered, their events now), or None if `obj` is unrelated."""
        ids = self.affected(obj)
        if ids is None:
            return None
        ids = sorted(set(ids))
        return ids, (list(self.events(source_ids=ids)) if ids else [])


@dataclass(frozen=True)
class Titles:
    """How the duty record names and links a producer's source rows: the `fields` of the source
    `model` read for each row (paths, "vote__title"), and `present(pk, *values) -> (title, url)`.
    The values reach `present` as text (None for NULL): so the reads of every kind of source are one
    `UNION ALL` (`titles_of`), whatever the number of kinds. Called with source ids, one kind's
    titles alone: {source_id: (title, url)}."""

    model: type
    fields: tuple[str, ...]
    present: Callable

    def rows(self, source_ids, tag: int = 0, width: int = 0):
        """(tag, pk, *values as text) of these source rows, padded with NULLs to `width` values."""
        values = [Cast(F(name), TextField()) for name in self.fields]
        values += [Cast(Value(None), TextField())] * (width - len(values))
        return (
            self.model._default_manager.filter(pk__in=list(source_ids))
            .order_by()
            .values_list(Value(tag, output_field=IntegerField()), "pk", *values)
        )

    def __call__(self, source_ids) -> dict:
        return titles_of([(self, source_ids)])[0]


def titles_of(wanted) -> list[dict]:
    """For [(titles, source_ids), …], each one's {source_id: (title, url)}, in one statement: the
    kinds' reads as one `UNION ALL` of (tag, pk, values as text)."""
    wanted = [(titles, ids) for titles, ids in wanted]
    found: list[dict] = [{} for _ in wanted]
    parts = [(tag, titles, ids) for tag, (titles, ids) in enumerate(wanted) if ids]
    if not parts:
        return found
    width = max(len(titles.fields) for _tag, titles, _ids in parts)
    queries = [titles.rows(ids, tag, width) for tag, titles, ids in parts]
    for tag, pk, *values in queries[0].union(*queries[1:], all=True):
        titles = wanted[tag][0]
        found[tag][pk] = titles.present(pk, *values[: len(titles.fields)])
    return found


def local_date(expression):
    """The day of a datetime (a field name or an expression) in the current time zone (the
    committees', settings.TIME_ZONE), computed by the database: what `timezone.localdate` gives in
    Python, on SQLite and PostgreSQL alike."""
    return TruncDate(expression, tzinfo=timezone.get_current_timezone())


EPOCH = datetime.date(1970, 1, 1)


class DayNumber(Func):
    """A date (a field name or an expression, `local_date(...)` of a datetime) as its number of days
    since 1970-01-01, computed by the database, so that a number of days kept in a column can be
    added to it on SQLite and PostgreSQL alike; NULL for a NULL date. `(day - EPOCH).days` is the
    same number in Python."""

    output_field = IntegerField()
    template = "(%(expressions)s - DATE '1970-01-01')"  # PostgreSQL: a date minus a date is a count of days

    def as_sqlite(self, compiler, connection, **extra_context):
        # julianday() of a date is a whole day number plus one half
        template = "CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def fact_rows(queryset, *, kind, member, committee, date, source, year=None):
    """A `facts_query`'s rows: `queryset` as values (kind, member_id, committee_id, date, source_id,
    year). Each argument is a field name or an expression; `kind` a kind's code or an expression
    giving it (producers sharing the query), `date` a date field or `local_date(...)` of a datetime,
    `year` omitted for the date's year."""
    return queryset.order_by().values_list(
        Value(kind, output_field=CharField()) if isinstance(kind, str) else kind,
        member,
        committee,
        date,
        source,
        Cast(Value(None), IntegerField()) if year is None else year,
    )


def member_facts(kind, model, field, date_field, *, title=None, url_name=None, **only):
    """A producer's `events`, `affected` and `facts_query` (and `describe`, given the title field, and
    the detail page's URL name to link it) for events read from a record's members many-to-many `field`: one per
    (record, member), dated by the record's `date_field`, of the records `only` selects."""
    through = getattr(model, field).through
    fk = model._meta.model_name

    def rows(committee_ids, year):
        qs = through.objects.filter(**{f"{fk}__{k}": v for k, v in only.items()})
        if committee_ids is not None:
            qs = qs.filter(**{f"{fk}__committee_id__in": committee_ids})
        if year is not None:
            qs = qs.filter(**{f"{fk}__{date_field}__year": year})
        return qs

    def events(committee_ids=None, year=None, source_ids=None):
        qs = rows(committee_ids, year)
        if source_ids is not None:
            qs = qs.filter(**{f"{fk}_id__in": source_ids})
        values = qs.values_list("member_id", f"{fk}__committee_id", f"{fk}__{date_field}", f"{fk}_id")
        for member_id, committee_id, day, pk in values.iterator(chunk_size=5000):
            yield DutyFact(member_id, committee_id, day, pk)

    def facts_query(committee_ids=None, year=None):
        return fact_rows(
            rows(committee_ids, year),
            kind=kind,
            member="member_id",
            committee=f"{fk}__committee_id",
            date=f"{fk}__{date_field}",
            source=f"{fk}_id",
        )

    def affected(obj):
        return [obj.pk] if isinstance(obj, model) else None

    parts = {"events": events, "affected": affected, "facts_query": facts_query}
    if title:  # unlinked without a URL name: the record's page is not one its members may open
        parts["describe"] = Titles(
            model, (title,), lambda pk, text: (text, reverse(url_name, args=[pk]) if url_name else None)
        )
    return parts


@dataclass(frozen=True)
class Link:
    """A record of another module that points at the object on a detail page."""

    label: str  # what the record is ("社情民意信息", "诉讼线索")
    title: str
    url: str
    state: str = ""
    key: str = ""  # a stable name for the kind of link (pages group by it; tests find it)
    color: str = ""  # the state's badge colour


@dataclass(frozen=True)
class LinkSource:
    """Records of a module that point at another module's object, as `Link`s on that object's page.

    - `key`: the links' stable name (`Link.key`: pages group by it, tests find it); `label`: what the
      records are;
    - `rows(obj, user)`: a queryset of the records that point at `obj` and that `user` may see named,
      in the order the page lists them, annotated with `may_open` (a boolean: whether the user may
      open the record; a link without it shows the title only) — or None when `obj` is not such an
      object or the user may see none of them (no query);
    - `url_name`: the record's page (its pk the argument); `title`, `state`: the fields a link shows
      (the state a choices field: its label is shown).

    `links_for` reads every module's sources in one `UNION ALL`; a source called alone,
    `source(obj, user)`, gives its own links in one query."""

    key: str
    label: str
    rows: Callable
    url_name: str
    title: str = "title"
    state: str = "state"

    def __call__(self, obj, user) -> list[Link]:
        return _read_links([self], obj, user)


def _order_expressions(qs) -> list:
    """A queryset's ordering (its own, else its model's) as expressions for a window's ORDER BY."""
    ordering = qs.query.order_by or (qs.query.get_meta().ordering if qs.query.default_ordering else ())
    if not set(ordering) & {"pk", "-pk", "id", "-id"}:
        ordering = (*ordering, "pk")  # a total order
    found = []
    for item in ordering:
        if isinstance(item, str):
            item = F(item[1:]).desc() if item.startswith("-") else F(item).asc()
        found.append(item)
    return found


def _read_links(sources, obj, user) -> list[Link]:
    """The links of `sources` to `obj` for `user`: one statement, each source's rows in its order."""
    if obj.pk is None:
        return []
    parts, used = [], []
    for source in sources:
        qs = source.rows(obj, user)
        if qs is None or qs.query.is_empty():
            continue
        n = len(used)
        used.append((source, dict(qs.model._meta.get_field(source.state).flatchoices)))
        parts.append(
            qs.annotate(link_source=Value(n), link_order=Window(RowNumber(), order_by=_order_expressions(qs)))
            .order_by()
            .values_list("link_source", "link_order", "pk", source.title, source.state, "may_open")
        )
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    links = []
    for n, _order, pk, title, state, may_open in rows.order_by("link_source", "link_order"):
        source, states = used[n]
        links.append(
            Link(
                label=str(source.label),
                title=title,
                url=reverse(source.url_name, args=[pk]) if may_open else "",
                state=str(states.get(state, state)),
                key=source.key,
            )
        )
    return links


class Todo(NamedTuple):
    """One thing that awaits a user: what, where to open it (exactly that record), by when."""

    title: str
    url: str
    due: datetime.date | None = None
    note: str = ""  # a second line: whose, which committee, which state

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


@dataclass(frozen=True)
class TodoKind:
    """A kind of to-do a module declares in its `todos` (the to-do centre, the home page's counts and
    GET /api/v1/me/todos read them through `todos_for`).

    - `key`: "<module>.<what>" ("proposals.confirm"), stable: links and tests name it;
    - `label`: what the user reads ("待确认的联名提案");
    - either `rows(user)`: the queryset of the user's pending rows, most urgent first, with what
      `todo(row)` reads select_related (None when the kind does not concern this user: no query),
      and `todo(row) -> Todo`;
    - or `items(user, limit)`: at most `limit` `Todo`s, most urgent first, and `count(user)`: how many
      in all (the same rows), each in a constant number of queries;
    - `url(user)`: optional, a module page that lists exactly those rows; without it the to-do centre
      filtered to this kind (/me/todos/?kind=<key>) is the list;
    - `late(rows, today)`: optional, with `rows`: the rows whose item is past its due date (the items
      whose `Todo.overdue` is true), stated as a filter so that the home page counts them with the
      others in one statement (`late_by_date`, `late_by_datetime`, `late_after_days` state the usual
      rules); `never_late` for a kind whose items are never past due. Without it the home page reads
      the kind's items to find the late ones (test_todos_late.py requires it of every kind).
    """

    key: str
    label: str
    items: Callable | None = None
    count: Callable | None = None
    url: Callable | None = None
    rows: Callable | None = None
    todo: Callable | None = None
    late: Callable | None = None

    def count_for(self, user) -> int:
        if self.rows is not None:
            rows = self.rows(user)
            return 0 if rows is None else rows.count()
        return self.count(user)

    def items_for(self, user, limit: int, offset: int = 0) -> list[Todo]:
        if self.rows is not None:
            rows = self.rows(user)
            return [] if rows is None else [self.todo(row) for row in rows[offset : offset + limit]]
        return list(self.items(user, offset + limit))[offset:]


def never_late(rows, today):
    """`TodoKind.late` of a kind whose items have no due date or one not yet passed."""
    return rows.none()


def late_by_date(field: str) -> Callable:
    """`TodoKind.late` of a kind whose item is due on the date `field` of its row."""
    return lambda rows, today: rows.filter(**{f"{field}__lt": today})


def this_minute() -> datetime.datetime:
    """The moment a to-do kind compares its rows with (an invitation still to come, an activity past
    its end), to the minute: for a minute its count and first items are the same statement, kept in
    the figure cache like any other (`todos_for`, `todo_items`), instead of a statement of its own on
    every page — each never read again, and each stored."""
    return timezone.now().replace(second=0, microsecond=0)


def late_by_datetime(field: str) -> Callable:
    """`TodoKind.late` of a kind whose item is due on the local day of the datetime `field`."""

    def late(rows, today):
        midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        return rows.filter(**{f"{field}__lt": midnight})

    return late


def late_after_days(start: str | Callable, days: str) -> Callable:
    """`TodoKind.late` of a kind whose item is due `days` days after its start day: `days` a field or
    an annotation of the rows (a committee's period), `start` a date field, or a function giving the
    expression of the day (`lambda: local_date("replied_at")`, built when asked so that the day is
    taken in the time zone current then, as `timezone.localtime` takes it). A row without a start
    day is never late, as its item has no due date."""

    def late(rows, today):
        day = start() if callable(start) else start
        due = DayNumber(day) + F(days)
        return rows.alias(late_due_day=due).filter(late_due_day__lt=(today - EPOCH).days)

    return late


class TodoGroup(NamedTuple):
    """What `todos_for` answers per kind with something pending: the kind, its module's label (the
    item's source), how many, the first items (when asked for), the module's own list, if any, and —
    with `late=True`, for a kind that states `late` — how many are past their due date (else None)."""

    kind: TodoKind
    source: str
    count: int
    items: list[Todo]
    url: str
    late: int | None = None
    rows: QuerySet | None = None  # the kind's pending rows as counted; None for a kind stated as `items`


@dataclass(frozen=True)
class Searchable:
    """A kind of record the platform-wide full-text search finds (`lvzhi.search` indexes it and keeps
    the index current; see docs/search.md). Declared by the record's module, registered with
    `register_searchable` from its AppConfig.ready().

    - `kind`: "<module>.<what>" ("proposals.proposal"), stable: filters and index rows name it;
      `label`: the tab's name ("提案").
    - `model`: the model label ("proposals.Proposal").
    - `title(obj)`, `body(obj)`: the text; `extra(obj)`: exact identifiers (案号, 文号, a name)
      that should be found as typed; `pinyin`: also index the title's pinyin and initials (people).
    - `committee(obj)` the committee id, `date(obj)` a date (the year filter, recency), `url`: the
      name of the detail page's URL, which takes the record's pk ("proposals:detail"), or `url(obj)`.
    - `visible(user)`: the queryset of records of this kind the user may open (the module's own
      `visible_to` and the permission its detail page names), or None when the kind is not for
      this user (no query). Search never shows a record outside it.
    - `records(queryset)`: narrows the model's rows to those worth finding (replies: the
      assignments that have one); a row that drops out leaves the index.
    - `related`/`prefetch`: select_related/prefetch_related names the documents read, so a rebuild
      reads each batch in a constant number of queries.
    - `watch`: {model label: obj -> ids of this kind's records} for other models whose changes
      alter the text (a proposal's reply lives on its assignment).
    """

    kind: str
    label: str
    model: str
    title: Callable
    url: str | Callable
    body: Callable = lambda obj: ""
    extra: Callable = lambda obj: ""
    committee: Callable = lambda obj: obj.committee_id
    date: Callable = lambda obj: None
    visible: Callable | None = None
    records: Callable = lambda queryset: queryset
    pinyin: bool = False
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    watch: dict[str, Callable] = field(default_factory=dict)


@dataclass(frozen=True)
class FileHolder:
    """Records of a module that hold attachments: `model` (a label, "proposals.Proposal") whose
    `field` is a foreign key or many-to-many to core.Attachment, and `visible(user)`, the queryset of
    those records the user may see (default: the model's `objects.visible_to(user)`). A module
    registers one per such field with `register_file_holders` from its AppConfig.ready(); the
    download (`core.attachments.attachment_for`) serves a file only to a user who may see a record
    holding it."""

    model: str
    field: str
    visible: Callable | None = None

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def holding(self, attachment_id: int):
        """Every record of this kind that holds the attachment, visible or not."""
        return self.model_class._default_manager.filter(**{self.field: attachment_id})

    def visible_holding(self, user, attachment_id: int):
        """The records holding the attachment that `user` may see."""
        records = self.visible(user) if self.visible else self.model_class.objects.visible_to(user)
        return records.filter(**{self.field: attachment_id})


_file_holders: dict[tuple[str, str], FileHolder] = {}


def register_file_holders(*items: FileHolder) -> None:
    for item in items:
        _file_holders[(item.model, item.field)] = item


def file_holders() -> list[FileHolder]:
    """Every registered kind of record that holds attachments."""
    return list(_file_holders.values())


_searchables: dict[str, Searchable] = {}


def register_searchable(*items: Searchable) -> None:
    for item in items:
        _searchables[item.kind] = item


def searchables() -> list[Searchable]:
    """Every registered searchable kind, in registration order."""
    return list(_searchables.values())


@dataclass(frozen=True)
class NotificationKind:
    """An event a module notifies of ("proposals.assigned"): who is told is the service's choice;
    how is the user's preference, defaulting by role (`defaults`: role code -> "immediate" |
    "digest" | "off", `default` for other roles). `mandatory` kinds are delivered immediately
    whatever the preference, unless the committee's policy says otherwise. `channels` are the
    channels beyond the inbox the kind may use (those the deployment configures)."""

    key: str
    label: str
    defaults: dict = field(default_factory=dict)
    default: str = "immediate"
    mandatory: bool = False
    channels: tuple[str, ...] = ("sms", "wecom", "email")
    roles: tuple[str, ...] = ()  # the roles that receive it (for the settings page); empty: anyone

    def concerns(self, role_codes) -> bool:
        return not self.roles or bool(set(self.roles) & set(role_codes))

    def default_for(self, role_codes) -> str:
        for role, mode in self.defaults.items():
            if role in role_codes:
                return mode
        return self.default


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    menu: list[MenuEntry] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)
    duty_producers: list[DutyProducer] = field(default_factory=list)
    demo_loaders: list[Callable] = field(default_factory=list)
    home_panels: list[Callable] = field(default_factory=list)  # (request) -> dict | None
    links: list[LinkSource] = field(default_factory=list)
    provides: dict[str, Callable] = field(default_factory=dict)
    derived_stores: list[Callable] = field(default_factory=list)  # (*objs) -> None
    action_tables: list = field(default_factory=list)
    key_figures: list[str] = field(default_factory=list)  # figure keys for the leader's home page
    key_figures_order: int = 100  # where they stand among other modules' (lower first)
    todos: list[TodoKind] = field(default_factory=list)
    notification_kinds: list[NotificationKind] = field(default_factory=list)
    # `load(stdout=...)` run after every module's demo loaders, in the same transaction (the search
    # index is built from all the records the loaders wrote)
    demo_finishers: list[Callable] = field(default_factory=list)


_modules: dict[str, Module] = {}
_bulk_loading = ContextVar("lvzhi_bulk_loading", default=False)


@contextmanager
def bulk_loading():
    """Inside: a bulk load (the demo) that ends by rebuilding the derived stores, so per-record
    upkeep that only the end result needs (the search index's) may skip its work."""
    token = _bulk_loading.set(True)
    try:
        yield
    finally:
        _bulk_loading.reset(token)


def is_bulk_loading() -> bool:
    return _bulk_loading.get()


def register(module: Module) -> None:
    _modules[module.key] = module


def modules() -> list[Module]:
    return list(_modules.values())


def figures() -> dict[str, Figure]:
    return {f.key: f for m in _modules.values() for f in m.figures}


def duty_producers() -> list[DutyProducer]:
    """Every registered producer that follows the DutyProducer contract, in registration order."""
    return [p for m in _modules.values() for p in m.duty_producers if isinstance(p, DutyProducer)]


def links_for(obj, user) -> list[Link]:
    """Every module's records that point at `obj` and that `user` may see named (a link to those they
    may open), module by module in registration order: one statement."""
    return _read_links([source for m in _modules.values() for source in m.links], obj, user)


def provided(name: str) -> Callable:
    """The operation another module provides under `name` ("opinions.report_from_proposal")."""
    for m in _modules.values():
        if name in m.provides:
            return m.provides[name]
    raise LookupError(f"No installed module provides {name!r}.")


def is_provided(name: str) -> bool:
    return any(name in m.provides for m in _modules.values())


def sync_derived(*objs) -> None:
    """Bring every derived store up to date with these changed source objects (call inside the
    service's transaction)."""
    for m in _modules.values():
        for sync in m.derived_stores:
            sync(*objs)


def action_tables() -> list:
    return [t for m in _modules.values() for t in m.action_tables]


def key_figures() -> list[Figure]:
    """The registered figures the modules name as key figures, by `key_figures_order`, then registration
    order (a key whose figure is not registered is skipped)."""
    registered = figures()
    ordered = sorted(_modules.values(), key=lambda m: m.key_figures_order)
    return [registered[key] for m in ordered for key in m.key_figures if key in registered]


def notification_kinds() -> dict[str, NotificationKind]:
    """Every module's notification kinds by key, in registration order."""
    return {k.key: k for m in _modules.values() for k in m.notification_kinds}


def todo_kinds() -> list[TodoKind]:
    return [kind for m in _modules.values() for kind in m.todos]


def todo_kind(key: str) -> tuple["Module", TodoKind] | None:
    """The module and the to-do kind registered under `key`, or None."""
    return next(((m, k) for m in _modules.values() for k in m.todos if k.key == key), None)


def todos_for(user, *, limit: int = 0, kinds=None, late: bool = False) -> list[TodoGroup]:
    """What awaits `user`, per kind with at least one item, in registration order: one statement
    counts every kind stated as `rows` (`figure_cache.counts`: each count kept until a table it reads
    is written), one query per kind stated as `count`, and, when `limit` is given, one more statement
    reads the first `limit` items of every kind stated as `rows` (`todo_items`). `kinds` narrows to
    those keys. With `late`, the counting statement also counts the late rows of each kind that
    states `late` (`TodoGroup.late`), except a kind the cache holds as having no rows."""
    if not getattr(user, "is_authenticated", False):
        return []
    wanted, querysets = [], []
    for m in _modules.values():
        for kind in m.todos:
            if kinds is not None and kind.key not in kinds:
                continue
            if kind.rows is not None:
                rows = kind.rows(user)
                if rows is None:
                    continue
                querysets.append(rows)
                wanted.append((m, kind, len(querysets) - 1, rows))
            else:
                wanted.append((m, kind, kind.count(user), None))
    # the kinds stated as querysets: kept in the figure cache until their tables are written, the
    # others counted in one statement, with the late rows of those that may have rows (a kind the
    # cache holds as empty — most kinds of a user — has its late statement not even made)
    today = timezone.localdate()
    kind_of = [(kind, rows) for _m, kind, _found, rows in wanted if rows is not None]

    def overdue(index):
        kind, rows = kind_of[index]
        return kind.late(rows, today) if late and kind.late is not None else None

    counted, late_counted = figure_cache.counts_then(querysets, overdue)
    groups = []
    for m, kind, found, rows in wanted:
        count, late_count = (counted[found], late_counted[found]) if rows is not None else (found, None)
        if not count:
            continue
        url = kind.url(user) if kind.url is not None else ""
        groups.append(TodoGroup(kind, str(m.label), count, [], url, late_count, rows))
    if limit:
        firsts = todo_items(user, [(group, 0, limit) for group in groups])
        groups = [group._replace(items=items) for group, items in zip(groups, firsts, strict=True)]
    return groups


def todo_items(user, wanted: list[tuple[TodoGroup, int, int]]) -> list[list[Todo]]:
    """Items `start`..`stop` of each (group, start, stop), most urgent first: the kinds stated as
    `rows` read together in one statement (`core.batch.rows`, from the rows `todos_for` counted; each
    kind's kept in the figure cache until a table it reads is written: `figure_cache.rows`), a kind
    stated as `items` by its own queries."""
    querysets = [group.rows[start:stop] for group, start, stop in wanted if group.rows is not None]
    read = iter(figure_cache.rows(querysets))  # kept until a table they read is written
    return [
        [group.kind.todo(row) for row in next(read)]
        if group.rows is not None
        else group.kind.items_for(user, stop - start, start)
        for group, start, stop in wanted
    ]


def module(key: str) -> Module | None:
    return _modules.get(key)


def menu_for(user) -> list[tuple[Module, list[MenuEntry]]]:
    result = []
    for module in _modules.values():
        entries = [e for e in module.menu if user.is_authenticated and e.allowed(user)]
        if entries:
            result.append((module, entries))
    return result


def menu_counts(user) -> dict:
    """The pending work the side menu shows: per module (its heading) and per entry (by URL name), the
    count of the to-do kinds that concern `user`, one query per such kind (`todos_for`)."""
    per_kind = {group.kind.key: group.count for group in todos_for(user)}
    modules_count: dict[str, int] = {}
    entries: dict[str, int] = {}
    for module, items in menu_for(user):
        total = sum(per_kind.get(kind.key, 0) for kind in module.todos)
        if total:
            modules_count[module.key] = total
        for entry in items:
            count = sum(per_kind.get(key, 0) for key in entry.todos)
            if count:
                entries[entry.url_name] = count
    return {"modules": modules_count, "entries": entries, "total": sum(per_kind.values())}
