"""The demo meetings: both plenary sessions held this year (or, loaded in January, last year) with
agenda, registration, seating, groups, materials, votes, speeches, an election, resolutions and
published minutes — finished, and every row the services wrote dated with its event — and the
standing-committee meeting of the day of the load with an open anonymous vote; loaded quickly."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from lvzhi.activities.models import Attendance
from lvzhi.core.models import AuditEntry, Notification, Transition
from lvzhi.duties.models import DutyEvent
from lvzhi.meetings.demo import held_session
from lvzhi.meetings.models import (
    Election,
    Group,
    Material,
    Meeting,
    Minutes,
    PlenarySpeech,
    Registration,
    Resolution,
    Seat,
    SpeakerRequest,
    Vote,
)
from lvzhi.org.models import Committee

pytestmark = pytest.mark.django_db


def test_the_demo_holds_both_plenaries_and_a_standing_committee_meeting(shared_demo):
    plenaries = Meeting.objects.filter(activity__kind="plenary").select_related("committee", "activity")
    assert sorted(m.committee.code for m in plenaries) == ["620600", "620800"]
    for meeting in plenaries:
        assert meeting.agenda_version == 1 and meeting.agenda.count() == 5
        assert Registration.objects.filter(meeting=meeting).count() > 100
        assert Seat.objects.filter(meeting=meeting).count() > Registration.objects.filter(meeting=meeting).count()
        assert Group.objects.filter(meeting=meeting).count() >= 3
        assert Material.objects.filter(meeting=meeting, internal=True).count() == 1
        votes = Vote.objects.filter(meeting=meeting)
        assert sorted(votes.values_list("title", flat=True)) == ["关于常委会工作报告的决议", "政治决议"]
        for vote in votes:
            assert vote.state == "closed" and vote.passed is True and vote.yes_count > vote.no_count
            assert vote.yes_count + vote.no_count + vote.abstain_count == vote.voters_count
            assert Resolution.objects.get(meeting=meeting, vote=vote).title == vote.title
        speeches = PlenarySpeech.objects.filter(meeting=meeting)
        assert speeches.filter(state="oral").count() == 4 and speeches.filter(state="written").count() == 4
        assert speeches.filter(state="submitted").count() == 1 and speeches.filter(party__isnull=False).count() == 1
        # every member adopted for oral delivery was heard; nobody is still at the lectern
        speakers = SpeakerRequest.objects.filter(meeting=meeting)
        assert speakers.count() == 3 and set(speakers.values_list("state", flat=True)) == {"done"}
        election = Election.objects.get(meeting=meeting)
        assert election.state == "confirmed" and election.kind == "competitive"
        assert election.confirmed_by_id != election.entered_by_id
        assert election.candidates.filter(elected=True).count() == election.seats
        minutes = Minutes.objects.get(meeting=meeting)
        assert minutes.state == "published" and minutes.approved_by_id != minutes.edited_by_id
    standing = Meeting.objects.get(activity__kind="standing_committee", activity__state="planned")
    assert Vote.objects.get(meeting=standing).state == "open" and Vote.objects.get(meeting=standing).anonymous
    assert standing.activity.start.date() == timezone.localdate()
    assert Registration.objects.filter(meeting=standing).exists()  # registration under way
    assert Attendance.objects.filter(activity=standing.activity, state="attending").exists()
    assert DutyEvent.objects.filter(kind="meetings.voted").count() == sum(
        Vote.objects.filter(state="closed").values_list("voters_count", flat=True)
    )
    # each plenary: three members' oral speeches (the party's has no member) and four written
    assert DutyEvent.objects.filter(kind__startswith="meetings.speech").count() == 2 * (3 + 4)


def test_each_plenary_is_finished_on_its_session_days_before_today(shared_demo):
    today = timezone.localdate()
    for meeting in Meeting.objects.filter(activity__kind="plenary").select_related("activity"):
        activity = meeting.activity
        first, last = timezone.localdate(activity.start), timezone.localdate(activity.end)
        assert activity.state == "finished" and first.month in (1, 2) and last < today
        assert first.year in (today.year, today.year - 1)
        states = set(Attendance.objects.filter(activity=activity).values_list("state", flat=True))
        assert states <= {"present", "excused", "absent"} and "present" in states
        # all before the opening: the agenda, the call for speeches, the reviews, the materials
        opening = activity.start
        assert meeting.agenda_published_at < opening and meeting.speech_deadline < opening
        speeches = PlenarySpeech.objects.filter(meeting=meeting)
        assert not speeches.filter(Q(submitted_at__gte=opening) | Q(reviewed_at__gte=opening)).exists()
        assert not Material.objects.filter(meeting=meeting, created_at__gte=opening).exists()
        assert not Registration.objects.filter(meeting=meeting, registered_at__gte=activity.end).exists()
        # during the session: the speakers, the votes and the election
        for vote in Vote.objects.filter(meeting=meeting):
            assert activity.start <= vote.opened_at < vote.closed_at <= activity.end
        election = Election.objects.get(meeting=meeting)
        assert activity.start <= election.opened_at < election.closed_at <= activity.end
        for speaker in SpeakerRequest.objects.filter(meeting=meeting):
            assert activity.start <= speaker.started_at < speaker.stopped_at <= activity.end
        # the minutes a few days after the closing, and before today
        minutes = Minutes.objects.get(meeting=meeting)
        assert activity.end < minutes.published_at <= activity.end + datetime.timedelta(days=5)
        assert timezone.localdate(minutes.published_at) < today


def test_nothing_written_for_a_plenary_is_dated_after_its_minutes(shared_demo):
    """The transitions, audit entries and notifications of the finished plenaries carry the times of
    their events (from the set-up weeks before to the minutes' publication), not the time of the load."""
    now = timezone.now()
    for meeting in Meeting.objects.filter(activity__kind="plenary").select_related("activity"):
        published = Minutes.objects.get(meeting=meeting).published_at
        ahead = meeting.activity.start - datetime.timedelta(days=30)
        records = {
            "meetings.meeting": [meeting.pk],
            "meetings.vote": list(Vote.objects.filter(meeting=meeting).values_list("pk", flat=True)),
            "meetings.election": list(Election.objects.filter(meeting=meeting).values_list("pk", flat=True)),
            "meetings.minutes": list(Minutes.objects.filter(meeting=meeting).values_list("pk", flat=True)),
            "meetings.plenaryspeech": list(PlenarySpeech.objects.filter(meeting=meeting).values_list("pk", flat=True)),
            "meetings.speakerrequest": list(
                SpeakerRequest.objects.filter(meeting=meeting).values_list("pk", flat=True)
            ),
            "activities.activity": [meeting.activity_id],
        }
        steps = Transition.objects.none()
        entries = AuditEntry.objects.none()
        for label, ids in records.items():
            app, model = label.split(".")
            kind = ContentType.objects.get_by_natural_key(app, model)
            steps |= Transition.objects.filter(content_type=kind, object_id__in=ids)
            entries |= AuditEntry.objects.filter(object_type=label, object_id__in=[str(i) for i in ids])
        assert steps.count() >= 20 and entries.count() >= 20
        notices = Notification.objects.filter(url__startswith=f"/meetings/{meeting.pk}/")
        assert notices.filter(title__startswith="会议纪要已印发").exists()
        for rows, field in ((steps, "at"), (entries, "at"), (notices, "created_at")):
            times = list(rows.values_list(field, flat=True))
            assert times and all(ahead <= t <= published < now for t in times), (meeting, field)
        events = DutyEvent.objects.filter(kind__startswith="meetings.", committee_id=meeting.committee_id)
        assert set(events.values_list("year", flat=True)) == {meeting.activity.start.year}


def test_the_plenary_of_a_january_load_is_last_years(shared_demo):
    """Loaded before this year's session is over, the demo shows last year's, held by the calendar."""
    wuwei = Committee.objects.get(code="620600")
    term = wuwei.current_term()
    session = term.sessions.order_by("-number").first()
    early = session.start_date - datetime.timedelta(days=1)
    number, first, last, activity = held_session(wuwei, term, early, rng=None)
    assert activity is not None and activity.state == "finished" and first.year == early.year - 1
    assert number == session.number - 1 and last < early
    over = session.end_date + datetime.timedelta(days=10)
    assert held_session(wuwei, term, over, rng=None) == (session.number, session.start_date, session.end_date, None)
