"""The demo meetings: both plenary sessions with agenda, registration, seating, groups, materials
and a closed vote, and the standing-committee meeting with an open anonymous vote; loaded quickly."""

import pytest

from lvzhi.duties.models import DutyEvent
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
        closed = Vote.objects.get(meeting=meeting, state="closed")
        assert closed.passed is True and closed.yes_count > closed.no_count
        assert closed.yes_count + closed.no_count + closed.abstain_count == closed.voters_count
        speeches = PlenarySpeech.objects.filter(meeting=meeting)
        assert speeches.filter(state="oral").count() == 4 and speeches.filter(state="written").count() == 4
        assert speeches.filter(state="submitted").count() == 1 and speeches.filter(party__isnull=False).count() == 1
        assert SpeakerRequest.objects.filter(meeting=meeting, state="speaking").count() == 1
        election = Election.objects.get(meeting=meeting)
        assert election.state == "confirmed" and election.kind == "competitive"
        assert election.confirmed_by_id != election.entered_by_id
        assert election.candidates.filter(elected=True).count() == election.seats
        minutes = Minutes.objects.get(meeting=meeting)
        assert minutes.state == "published" and minutes.approved_by_id != minutes.edited_by_id
        assert Resolution.objects.get(meeting=meeting).vote == closed
    standing = Meeting.objects.get(activity__kind="standing_committee")
    assert Vote.objects.get(meeting=standing).state == "open" and Vote.objects.get(meeting=standing).anonymous
    assert DutyEvent.objects.filter(kind="meetings.voted").count() == sum(
        Vote.objects.filter(state="closed").values_list("voters_count", flat=True)
    )
    # each plenary: three members' oral speeches (the party's has no member) and four written
    assert DutyEvent.objects.filter(kind__startswith="meetings.speech").count() == 2 * (3 + 4)
