"""The demo data reproduces every activities figure of seed-figures.md as of 2024-12-31."""

import datetime

import pytest

from lvzhi.accounts.models import User
from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.figures import FIGURES, SEED_FIGURES
from lvzhi.activities.models import Activity, Attendance
from lvzhi.core.models import Transition
from lvzhi.core.periods import parse_period
from lvzhi.core.workflow import timeline
from lvzhi.org.models import Affiliation, Committee

AS_OF = datetime.date(2024, 12, 31)
EXPECTED = {
    "W3": 40, "W16": 298, "W18": 21_046, "W20": 5,
    "P2": 8, "P3": 12, "P4": 39, "P5": 36, "P11": 20, "P12": 253, "P13": 1186, "P14": 263,
    "P16": 20, "P20": 124, "P22": 183, "P24": 44, "P27": 396, "P28": 19_087, "P29": 4, "P30": 505,
    "P31": 5, "P32": 18,
}  # fmt: skip


def compute(seed, as_of=AS_OF):
    key, code, scope, period_text = SEED_FIGURES[seed]
    committee = Committee.objects.get(code=code)
    ids = (
        set(Committee.objects.descendants_of(committee.pk).values_list("pk", flat=True))
        if scope == "tree"
        else {committee.pk}
    )
    term = committee.current_term(on=as_of)
    period = parse_period(period_text, as_of=as_of, term_start=term.start_date)
    figure = next(f for f in FIGURES if f.key == key)
    return figure.compute(ids, period), figure.records(ids, period)


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


def test_the_demo_reproduces_the_activities_figures(demo):
    got = {seed: compute(seed)[0] for seed in EXPECTED}
    assert got == EXPECTED
    the_sums_and_counts_are_those_of_their_records()
    an_earlier_date_gives_that_dates_counts()
    the_demo_members_have_invitations_in_every_state()
    every_activity_has_its_timeline()


def the_sums_and_counts_are_those_of_their_records():
    for seed in EXPECTED:
        value, records = compute(seed)
        key = SEED_FIGURES[seed][0]
        if key == "activities.people_reached":
            assert sum(records.values_list("people_reached", flat=True)) == value
        elif key.endswith("suggestions"):  # one row per suggestion, each with its text
            assert records.count() == value and not records.filter(text="").exists()
        elif key == "activities.training_partners":
            assert len(set(records.values_list("partner", flat=True))) == value
        else:
            assert records.count() == value


def an_earlier_date_gives_that_dates_counts():
    value, _ = compute("P13", as_of=datetime.date(2023, 6, 30))
    assert 0 < value < EXPECTED["P13"]


def the_demo_members_have_invitations_in_every_state():
    for username in ("wuwei_member", "wuwei_member2", "pingliang_member"):
        states = set(Attendance.objects.filter(member__user__username=username).values_list("state", flat=True))
        assert states == set(AttendanceState.values), username


def every_activity_has_its_timeline():
    from django.contrib.contenttypes.models import ContentType

    steps = Transition.objects.filter(content_type=ContentType.objects.get_for_model(Activity))
    timed = Activity.objects.all()  # the grassroots consultations too
    finished = timed.filter(state="finished")
    assert steps.filter(action="create").count() == timed.count()
    assert steps.filter(action="finish").count() == finished.count()
    activity = finished.filter(committee__code="620800", kind="study").first()
    created, ended = timeline(activity)
    assert (created.from_state, created.to_state, ended.from_state, ended.to_state) == (
        "",
        "planned",
        "planned",
        "finished",
    )
    assert created.at < activity.start and ended.at == activity.end
    assert ended.actor.username == "pingliang_staff" and ended.committee_id == activity.committee_id
    upcoming = Activity.objects.filter(state="planned", committee__code="620600").first()
    assert [t.action for t in timeline(upcoming)] == ["create"]


def test_the_demo_guests_attend_where_they_live_and_see_only_that(demo, client):
    for code in ("620600", "620800"):  # provincial members living in each city attended there
        links = Affiliation.objects.filter(committee__code=code, seat_committee__code="620000")
        assert links.count() >= 4
        present = Attendance.objects.filter(
            committee__code=code, member_id__in=links.values("member_id"), state=AttendanceState.PRESENT
        )
        assert present.count() >= links.count() and not present.filter(activity__kind="training").exists()
    county_links = Affiliation.objects.filter(committee__level="county", seat_committee__level="city")
    assert county_links.count() >= 4
    guest = User.objects.get(username="wuwei_guest")
    visible = set(Activity.objects.visible_to(guest).values_list("pk", flat=True))
    invited = set(Attendance.objects.filter(member_id=guest.member_id).values_list("activity_id", flat=True))
    assert visible == invited and visible
    client.force_login(guest)
    assert client.get("/duties/me/?committee=620600").status_code == 200
