"""The demo is coherent in time and meaning: meetings with a plausible rhythm over the term, activities
every quarter of 2025 and 2026, study records on what they are counted as, each city's own places,
and who was at the grassroots consultations."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone

from lvzhi.activities.choices import ActivityKind, AttendanceState
from lvzhi.activities.demo_calendar import PLACES, cn
from lvzhi.activities.models import Activity, Attendance, Outcome
from lvzhi.activities.tests.test_demo import compute
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.org.models import Committee

WUWEI, PINGLIANG = "620600", "620800"


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


def _finished(code, **filters):
    return Activity.objects.filter(committee__code=code, state="finished", **filters)


def _quarters(year, until):
    return [q for q in range(1, 5) if datetime.date(year, 3 * q - 2, 1) < until]


def test_2025_and_2026_have_activities_every_quarter(demo):
    today = timezone.localdate()
    for code in (WUWEI, PINGLIANG):
        tree = Committee.objects.descendants_of(Committee.objects.get(code=code).pk)
        for year in (2025, 2026):
            for quarter in _quarters(year, today):
                lo = datetime.date(year, 3 * quarter - 2, 1)
                hi = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
                held = Activity.objects.filter(
                    committee__in=tree, state="finished", start__date__gte=lo, start__date__lt=hi
                )
                kinds = set(held.values_list("kind", flat=True))
                assert {"grassroots", "studio"} <= kinds, (code, year, quarter, kinds)
                assert kinds & {"standing_committee", "chairs_meeting"}, (code, year, quarter, kinds)
                assert held.filter(committee__code=code).exclude(kind="grassroots").count() >= 3, (code, year, quarter)
            city = _finished(code, start__year=year)
            kinds = ("consultation", "study", "training") + (("inspection",) if code == PINGLIANG else ())
            for kind in kinds:  # 武威's city committee held no inspections of its own in 2022–2024 either
                assert city.filter(kind=kind).exists(), (code, year, kind)


def test_plenary_each_spring_standing_committee_each_quarter_chairs_monthly(demo):
    for code in (WUWEI, PINGLIANG):
        plenaries = _finished(code, kind=ActivityKind.PLENARY).order_by("start")
        years = [p.start.year for p in plenaries]
        # one a year from the term's first; this year's is the meetings demo's, finished once it is over
        assert years == list(range(2022, years[-1] + 1)) and years[-1] >= timezone.localdate().year - 1
        assert all(p.start.month in (1, 2) for p in plenaries)
        assert f"第{cn(len(years))}次会议" in plenaries.last().topic
        for year in (2022, 2023, 2024, 2025):
            standing = _finished(code, kind=ActivityKind.STANDING_COMMITTEE, start__year=year)
            assert sorted((a.start.month - 1) // 3 for a in standing) == [0, 1, 2, 3], (code, year)
            assert _finished(code, kind=ActivityKind.CHAIRS_MEETING, start__year=year).count() == 8
        # the meetings before 2025 do not change the seed figures: P22 is still the record's 183
        assert compute("P22")[0] == 183


def test_the_first_topic_studies_of_p5_open_standing_committee_and_chairs_meetings(demo):
    _, records = compute("P5")
    assert records.count() == 36
    meetings = {
        (a.committee_id, a.start): a
        for a in Activity.objects.filter(
            committee__code=PINGLIANG, kind__in=[ActivityKind.STANDING_COMMITTEE, ActivityKind.CHAIRS_MEETING]
        )
    }
    for study in records:
        meeting = meetings.get((study.committee_id, study.start))
        assert meeting is not None, study.topic
        assert study.topic.startswith(meeting.topic) and study.place == meeting.place
    kinds = {meetings[(s.committee_id, s.start)].kind for s in records}
    assert kinds == {ActivityKind.STANDING_COMMITTEE, ActivityKind.CHAIRS_MEETING}


def test_every_p2_and_p3_record_is_on_what_it_is_counted_as(demo):
    _, topical = compute("P2")
    assert topical.count() == 8
    for a in topical:
        assert "二十大" in a.topic or "三中全会" in a.topic, a.topic
        if "三中全会" in a.topic:  # held after the plenum of July 2024
            assert a.start.date() >= datetime.date(2024, 7, 18)
        else:
            assert a.start.date() >= datetime.date(2022, 10, 22)
    _, seminars = compute("P3")
    assert seminars.count() == 12
    for a in seminars:
        assert "研讨" in a.topic and ("主题教育" in a.topic or "党纪学习教育" in a.topic), a.topic
        if "党纪学习教育" in a.topic:
            assert datetime.date(2024, 4, 1) <= a.start.date() <= datetime.date(2024, 7, 31)
        else:
            assert datetime.date(2023, 4, 1) <= a.start.date() <= datetime.date(2023, 12, 31)


def _words(code):
    landmarks = ("祁连山", "石羊河", "八步沙", "凉州", "民勤") if code == WUWEI else ("崆峒", "泾河", "静宁")
    return [*PLACES[code]["places"], *landmarks]


@pytest.mark.parametrize(("code", "other"), [(PINGLIANG, WUWEI), (WUWEI, PINGLIANG)])
def test_no_record_of_a_city_names_the_other_citys_places(demo, code, other):
    tree = Committee.objects.descendants_of(Committee.objects.get(code=code).pk)
    texts = list(Activity.objects.filter(committee__in=tree).values_list("topic", "place"))
    texts += list(Outcome.objects.filter(committee__in=tree).values_list("title", "sent_to"))
    assert len(texts) > 1000
    for word in _words(other):
        found = [t for t in texts if any(word in part for part in t)]
        assert not found, (word, found[:3])
    # and the city's consultations and inspections are about its own places
    topics = _finished(code, kind__in=["consultation", "inspection"]).values_list("topic", flat=True)
    assert any(any(word in t for word in _words(code)) for t in topics)


def test_every_grassroots_consultation_has_its_hosts_and_its_history(demo):
    grassroots = Activity.objects.filter(kind=ActivityKind.GRASSROOTS)
    assert grassroots.count() > 21_046
    hosted = (
        Attendance.objects.filter(activity__kind=ActivityKind.GRASSROOTS, state=AttendanceState.PRESENT)
        .values("activity_id")
        .annotate(n=Count("id"))
    )
    sizes = [row["n"] for row in hosted]
    assert len(sizes) == grassroots.count()
    # one to three hosts; a resident member of a higher committee (驻地委员) may join them
    assert min(sizes) >= 1 and max(sizes) <= 4 and 1.1 < sum(sizes) / len(sizes) < 1.5
    steps = Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(Activity), object_id__in=grassroots.values("pk")
    )
    assert steps.filter(action="finish").count() == grassroots.filter(state="finished").count()
    one = grassroots.filter(committee__code="620602").order_by("start").first()
    entries = AuditEntry.objects.filter(object_type="activities.activity", object_id=str(one.pk)).order_by("at")
    assert [e.action for e in entries] == ["activity.create", "transition.finish"]
    assert entries[0].at < one.start and entries[1].at == one.end
    host = Attendance.objects.filter(activity=one).first()
    assert host.checked_in_at < one.start and host.invited_at < one.start
