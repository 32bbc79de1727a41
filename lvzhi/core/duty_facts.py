"""What a module declares of the duty events its records make (`DutyProducer`, read by the duty
ledger through `registry.duty_producers()`), and the helpers that state them as queries: `fact_rows`,
`member_facts`, `local_date`, `DayNumber`, and `Titles` — how a duty record names each event's source.
Part of the registry's contracts (`lvzhi.core.registry` gives every name here too)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import CharField, F, Func, IntegerField, TextField, Value
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse
from django.utils import timezone


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
