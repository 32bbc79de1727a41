"""Producers that state their facts as a query (`DutyProducer.facts_query`): the query gives exactly
the facts `events` gives — dates of datetimes taken in China time by the database, near midnight
too — and a check sums their checksums in the database, in a number of queries that does not grow
with the data."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Mod, TruncDate, TruncDay
from django.test.utils import CaptureQueriesContext

from lvzhi.activities.choices import ActivityState, AttendanceState
from lvzhi.activities.models import Activity, Attendance
from lvzhi.core import registry
from lvzhi.deliberation.models import Post
from lvzhi.duties import ledger
from lvzhi.duties.models import AnnualReport
from lvzhi.learning.models import Reflection, StudyRecord
from lvzhi.meetings.models import Election, Vote
from lvzhi.opinions.models import OpinionReport
from lvzhi.org.models import Committee
from lvzhi.proposals.models import Proposal

UTC = datetime.UTC
CHINA = ZoneInfo("Asia/Shanghai")
QUERIED = [p for p in registry.duty_producers() if p.facts_query is not None]

# the datetimes the producers date their events by
DATETIMES = [
    (Activity, "start", "end"),  # the end moves with the start (it stays after it)
    (Proposal, "filed_at"),
    (Proposal, "submitted_at"),
    (Proposal, "created_at"),
    (Post, "created_at"),
    (AnnualReport, "submitted_at"),
    (AnnualReport, "created_at"),
    (StudyRecord, "studied_at"),
    (Reflection, "submitted_at"),
    (Vote, "closed_at"),
    (Election, "closed_at"),
    (OpinionReport, "submitted_at"),
    (OpinionReport, "published_at"),
]


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


@pytest.fixture
def near_midnight(demo):
    """Every datetime the producers read moved to 15:30 or 16:30 UTC of its UTC day, in turn: 23:30
    China time of that day, or 00:30 of the next."""
    for model, name, *along in DATETIMES:
        for parity, hour in ((0, 15), (1, 16)):
            moved = TruncDay(name, tzinfo=UTC) + Value(datetime.timedelta(hours=hour, minutes=30))
            changes = {name: moved, **{other: F(other) + (moved - F(name)) for other in along}}
            rows = model.objects.annotate(parity=Mod("pk", 2)).filter(parity=parity).exclude(**{name: None})
            rows.update(**changes)


def _stated(producer, **scope):
    """The producer's facts from `events`, as the ledger reads them: (member, committee, date,
    source, year)."""
    out = Counter()
    for fact in producer.events(**scope):
        day = fact[2].date() if isinstance(fact[2], datetime.datetime) else fact[2]
        year = (fact[4] if len(fact) > 4 else None) or day.year
        out[(fact[0], fact[1], day, fact[3], year)] += 1
    return out


def _queried(producer, **scope):
    out = Counter()
    for kind, member, committee, day, source, year in producer.facts_query(**scope):
        if kind == producer.kind:
            out[(member, committee, day, source, year or day.year)] += 1
    return out


def _difference(stated: Counter, queried: Counter) -> str:
    """What one side has and the other lacks, a few facts of each, for the failure's message."""
    only_stated, only_queried = list((stated - queried).elements()), list((queried - stated).elements())
    return f"events only: {only_stated[:3]} ({len(only_stated)}); query only: {only_queried[:3]} ({len(only_queried)})"


def test_every_producers_query_states_the_facts_its_events_state(near_midnight):
    """Each producer, over the whole demo and narrowed to a pass's committees. One test for them all:
    moving the demo's datetimes near midnight takes seconds, so it is done once."""
    differing = {}
    for producer in QUERIED:
        stated = _stated(producer)
        queried = _queried(producer)
        if queried != stated:
            differing[producer.kind] = _difference(stated, queried)
            continue
        # the check narrows both to a pass's committees
        some = sorted({committee for _m, committee, *_rest in stated})[:2] or [0]
        stated, queried = _stated(producer, committee_ids=some), _queried(producer, committee_ids=some)
        if queried != stated:
            differing[producer.kind] = f"committees {some}: {_difference(stated, queried)}"
    assert not differing, differing
    # the comparison is not vacuous: most kinds have facts in the demo, and half the activities now
    # start on another day in China than in UTC
    with_facts = [p.kind for p in QUERIED if _stated(p)]
    assert len(with_facts) >= len(QUERIED) * 2 // 3, sorted({p.kind for p in QUERIED} - set(with_facts))
    days = Activity.objects.annotate(china=registry.local_date("start"), utc=TruncDate("start", tzinfo=UTC))
    assert days.exclude(china=F("utc")).count() > days.count() // 3


def test_an_attendance_late_in_the_evening_counts_on_that_day_in_china(demo):
    """15:30 UTC is 23:30 in China (that day); 16:30 UTC is 00:30 in China (the next day)."""
    present = Attendance.objects.filter(state=AttendanceState.PRESENT, activity__state=ActivityState.FINISHED)
    late, after = present.order_by("pk")[0], present.exclude(activity=present.order_by("pk")[0].activity)[0]
    for attendance, hour in ((late, 15), (after, 16)):
        start = datetime.datetime(2024, 3, 10, hour, 30, tzinfo=UTC)
        Activity.objects.filter(pk=attendance.activity_id).update(start=start, end=start + datetime.timedelta(hours=2))
    producer = next(p for p in QUERIED if p.kind == f"activities.attended.{late.activity.kind}")
    days = {source: day for _k, _m, _c, day, source, _y in producer.facts_query()}
    assert days[late.pk] == datetime.date(2024, 3, 10)
    assert days[after.pk] == datetime.date(2024, 3, 11)
    assert days[after.pk] == datetime.datetime(2024, 3, 10, 16, 30, tzinfo=UTC).astimezone(CHINA).date()


def test_the_checksums_summed_by_the_database_equal_those_summed_in_python(near_midnight):
    """For every group of producers sharing a query, over every year and over one: the database's
    sums of the wanted facts are those Python makes of `events` — the same hash on SQLite and
    PostgreSQL."""
    ids = frozenset(Committee.objects.values_list("pk", flat=True))
    book = ledger.PointBook()
    groups = {}
    for producer in QUERIED:
        groups.setdefault((producer.facts_query, producer.source), []).append(producer)
    for year in (None, 2024):
        compared = 0
        for (query, source), members in groups.items():
            ct = ledger._content_type_id(source)
            in_sql = ledger._queried_checksums(query, [p.kind for p in members], ct, book, ids, year)
            in_python = {}
            for producer in members:
                in_python.update(ledger._streamed_checksums(producer, ct, book, ids, year))
            assert in_sql == in_python, (source, year)
            compared += len(in_sql)
        assert compared > 50, year


def _ledger_rows_read(queries):
    return [q["sql"] for q in queries.captured_queries if "duties_dutyevent" in q["sql"] and "GROUP BY" not in q["sql"]]


def _check_queries():
    with CaptureQueriesContext(connection) as queries:
        assert not ledger.differences()
    assert not _ledger_rows_read(queries)
    return [q["sql"][:100] for q in queries.captured_queries]


def test_a_no_change_check_runs_one_query_per_shared_query_whatever_the_data(world):
    """Reads no ledger row and no fact into Python: one aggregate query per group of producers with
    rows, the ledger's checksums, the passes — as many queries with more records as with fewer."""
    world.proposal(world.people[0], co=[world.people[1]])
    world.finished("plenary", present=world.people[:2])
    _check_queries()  # the content types and schemes it looks up once per process or per check
    fewer = _check_queries()
    for _ in range(3):
        world.proposal(world.people[2], co=[world.people[3]])
        world.finished("plenary", present=world.people[1:])
        world.finished("consultation", present=world.people[:1])
    more = _check_queries()
    assert len(more) == len(fewer)
    groups = {(p.facts_query, p.source) for p in registry.duty_producers()}
    assert len(fewer) <= len(groups) + 10, fewer


def test_a_source_moved_past_midnight_is_found_and_named(world):
    """A source changed behind the services' back (no upkeep): the check finds the attendance
    whose activity now starts after midnight China time, and names it with its new day."""
    activity = world.finished("plenary", present=world.people[:1])
    attendance = Attendance.objects.get(activity=activity, member=world.people[0])
    start = activity.start.astimezone(CHINA).replace(hour=0, minute=30) - datetime.timedelta(days=1)
    Activity.objects.filter(pk=activity.pk).update(start=start)  # the same UTC day, 16:30
    lines = ledger.differences().lines()
    assert len(lines) == 4, lines  # the one attended and the three absent, each with its new day
    (mine,) = [line for line in lines if f"source={attendance.pk} member={world.people[0].pk}" in line]
    assert "activities.attended.plenary" in mine and repr(start.date()) in mine
    ledger.rebuild()
    assert not ledger.differences()
