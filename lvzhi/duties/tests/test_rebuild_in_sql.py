"""A rebuild writes the kinds of the producers with a facts query in the database (`ledger_sql`):
the rows it writes are exactly those the producers' `events` give through Python (ids aside), from
an empty ledger and over a partly wrong one, with points from the schemes of each year; no ledger row
passes through Python, and its statements do not grow with the rows."""

import datetime
import difflib
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core import registry
from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent, ScoringRule, ScoringScheme
from lvzhi.duties.tests.test_facts_query import near_midnight  # noqa: F401 (a fixture)

FIELDS = ("kind", "source_type", "source_id", "member", "committee", "year", "date", "points")


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


def _ledger() -> list[tuple]:
    return sorted(DutyEvent.objects.values_list(*FIELDS))


def _through_python() -> list[tuple]:
    """The ledger the producers' `events` state, as the row-by-row path builds it (`_facts`)."""
    if _reference:
        return _reference[0]
    book = ledger.PointBook()
    rows = []
    for producer in registry.duty_producers():
        ct = ledger._content_type_id(producer.source)
        for (source, member), (committee, year, day, points) in ledger._facts(
            producer, producer.events(), book
        ).items():
            rows.append((producer.kind, ct, source, member, committee, year, day, Decimal(points)))
    _reference.append(sorted(rows))
    return _reference[0]


# The reference ledger, built once per module (about 4 s on the demo): the tests that ask for it ask
# in the same state of the sources and schemes (the demo moved near midnight, then
# `_points_that_change_over_the_years`), which each test sets up anew in its own transaction; a
# rebuild writes the ledger only.
_reference: list[list[tuple]] = []


def _empty_ledger() -> None:
    """Every ledger row deleted in one statement (no row refers to one; nothing listens for their
    deletion), not fetched one by one as `QuerySet.delete` does for the signals."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(DutyEvent._meta.db_table)}")


def _points_that_change_over_the_years():
    """A committee's schemes give other points than the defaults, differently from year to year:
    one year's scheme raised, the next year's removed (the one before stays in force), one year's
    points in tenths."""
    committee_id = (
        DutyEvent.objects.filter(kind__startswith="activities.attended.")
        .values_list("committee_id", flat=True)
        .order_by("committee_id")
        .first()
    )
    years = sorted(ScoringScheme.objects.filter(committee_id=committee_id).values_list("year", flat=True))
    assert len(years) >= 3, years
    first, second, third = years[:3]
    ScoringRule.objects.filter(
        scheme__committee_id=committee_id, scheme__year=first, kind__startswith="activities."
    ).update(points=Decimal("7.5"))
    ScoringScheme.objects.filter(committee_id=committee_id, year=second).delete()  # `first`'s stays in force
    ScoringRule.objects.filter(scheme__committee_id=committee_id, scheme__year=third).update(points=Decimal("-0.5"))
    return committee_id


def _only_writes_and_checksums_touch_the_ledger(queries):
    """No statement brings ledger rows into Python: the ledger's table is only written, or summed
    (or analysed, on PostgreSQL)."""
    touching = [q["sql"] for q in queries.captured_queries if "duties_dutyevent" in q["sql"]]
    assert touching
    for sql in touching:
        assert sql.lstrip().startswith(("INSERT", "UPDATE", "DELETE", "ANALYZE")) or "GROUP BY" in sql, sql[:300]


def test_a_rebuild_from_nothing_writes_the_ledger_the_producers_events_state(near_midnight):  # noqa: F811
    committee_id = _points_that_change_over_the_years()
    expected = _through_python()
    assert len({kind for kind, *_ in expected}) >= 30
    assert len({points for kind, _ct, _s, _m, c, *_rest, points in expected if c == committee_id}) > 5
    _empty_ledger()
    assert not DutyEvent.objects.exists()
    with CaptureQueriesContext(connection) as queries:
        tally = ledger.rebuild()
    assert _ledger() == expected
    assert (tally.added, tally.deleted, tally.updated) == (len(expected), 0, 0)
    _only_writes_and_checksums_touch_the_ledger(queries)
    assert not ledger.differences()


def test_a_partly_wrong_ledger_is_repaired_exactly(near_midnight):  # noqa: F811
    """Over the demo's ledger made wrong in every way a row can be — missing rows, rows no source
    supports, another day, year, committee or points, a member swapped, new scheme points — a
    rebuild writes exactly the producers' ledger and counts what it changed as the check names it."""
    ledger.rebuild()  # the sources moved near midnight: the ledger follows them first
    _points_that_change_over_the_years()
    expected = _through_python()
    assert DutyEvent.objects.count() > 1000
    rows = list(DutyEvent.objects.order_by("pk")[:101])
    one = rows[100]  # and a later row of its kind, another member's
    two = DutyEvent.objects.filter(pk__gt=one.pk, kind=one.kind).exclude(member_id=one.member_id).order_by("pk")[0]
    missing = [r.pk for r in rows[0:50]]
    DutyEvent.objects.filter(pk__in=missing).delete()
    for event in rows[50:60]:  # rows no source supports: another member's copies
        DutyEvent.objects.create(
            kind=event.kind,
            source_type_id=event.source_type_id,
            source_id=event.source_id + 10_000_000,
            member_id=event.member_id,
            committee_id=event.committee_id,
            year=event.year,
            date=event.date,
            points=event.points,
        )
    DutyEvent.objects.filter(pk__in=[r.pk for r in rows[60:70]]).update(date=datetime.date(2001, 1, 1))
    DutyEvent.objects.filter(pk__in=[r.pk for r in rows[70:80]]).update(year=2001)
    DutyEvent.objects.filter(pk__in=[r.pk for r in rows[80:90]]).update(points=Decimal("99.5"))
    DutyEvent.objects.filter(pk=one.pk).update(member_id=two.member_id, source_id=one.source_id + 20_000_000)
    found = ledger.differences()
    assert len(found.delete) >= 11 and len(found.add) >= 51 and len(found.update) >= 30
    kept = set(DutyEvent.objects.values_list("pk", flat=True))
    tally = ledger.rebuild()
    assert _ledger() == expected
    assert (tally.added, tally.deleted, tally.updated) == (len(found.add), len(found.delete), len(found.update))
    # what was right stayed where it was: only the rows named as extra are gone
    assert kept - set(DutyEvent.objects.values_list("pk", flat=True)) == {pk for pk, *_ in found.delete}
    assert not ledger.differences()


def test_a_rebuild_of_one_year_leaves_the_other_years_alone(demo):
    ledger.rebuild()
    years = sorted(set(DutyEvent.objects.values_list("year", flat=True)))
    year, other = years[-2], years[-3]
    expected = _ledger()
    DutyEvent.objects.filter(year__in=[year, other]).delete()
    tally = ledger.rebuild(year=year)
    assert tally.added == sum(1 for row in expected if row[5] == year) and not tally.deleted
    assert _ledger() == [row for row in expected if row[5] != other]


def _rebuild_statements(world, partly: bool) -> list[str]:
    if partly:  # one row missing of one kind, another's points wrong in another group
        DutyEvent.objects.filter(pk=DutyEvent.objects.filter(kind="proposals.first").order_by("pk")[0].pk).delete()
        wrong = DutyEvent.objects.filter(kind="activities.attended.plenary").order_by("-pk")[0]
        DutyEvent.objects.filter(pk=wrong.pk).update(points=33)
    else:
        DutyEvent.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        tally = ledger.rebuild()
    assert tally and not ledger.differences()
    return [q["sql"][:90] for q in queries.captured_queries]


@pytest.mark.parametrize("partly", [False, True], ids=["from-nothing", "partly-wrong"])
def test_a_rebuilds_statements_do_not_grow_with_the_rows(world, partly):
    for person in world.people[:2]:  # two of each kind, so that one missing leaves a kind half there
        world.proposal(person, co=[world.people[2]])
    world.finished("plenary", present=world.people[:2])
    _rebuild_statements(world, partly)  # the content types and schemes it looks up once per process
    fewer = _rebuild_statements(world, partly)
    rows = DutyEvent.objects.count()
    for _ in range(4):
        world.proposal(world.people[2], co=[world.people[3]])
        world.finished("plenary", present=world.people[1:])
        world.finished("consultation", present=world.people[:1])
    more = _rebuild_statements(world, partly)
    assert DutyEvent.objects.count() > 2 * rows
    assert len(more) == len(fewer), "\n".join(difflib.unified_diff(fewer, more, lineterm=""))


def test_a_rebuild_that_wrote_much_has_postgresql_analyse_the_ledger(world, monkeypatch):
    world.proposal(world.people[0], co=[world.people[1]])
    DutyEvent.objects.all().delete()
    monkeypatch.setattr(ledger, "ANALYZE_AFTER", 2)
    for expected in (2, 0):  # the second rebuild changes nothing
        with CaptureQueriesContext(connection) as queries:
            assert ledger.rebuild().added == expected
        analysed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
        assert len(analysed) == (1 if expected and connection.vendor == "postgresql" else 0)
