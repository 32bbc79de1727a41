"""The meeting services' duty events beyond the votes (test_votes.py) and the speeches
(test_plenary.py): a phone ballot in an election counts once its voting is closed — THAT the member
voted, never for whom — and the ledger's upkeep equals a rebuild at every step."""

import pytest
from django.db import connection

from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent
from lvzhi.meetings import services
from lvzhi.meetings.models import Candidate

pytestmark = pytest.mark.django_db


def test_election_ballots_become_duty_events_at_the_close_and_a_rebuild_agrees(world):
    world.register_all()
    election = world.election()
    services.open_election(actor=world.staff, election=election)
    zhou, zhao = (Candidate.objects.get(election=election, member=m) for m in (world.zhou, world.zhao))
    services.cast_election_ballot(actor=world.p.member, election=election, data={"candidates": [zhou.pk]})
    services.cast_election_ballot(actor=world.user(world.wang), election=election, data={"candidates": [zhao.pk]})
    events = DutyEvent.objects.filter(kind="meetings.election.voted")
    assert not events.exists()  # still open: nothing yet
    assert not ledger.differences()
    services.close_election(actor=world.staff, election=election)
    assert sorted(events.values_list("member_id", flat=True)) == sorted([world.li.pk, world.wang.pk])
    assert not ledger.differences()
    # the same after a rebuild from nothing; and a second close cannot double it (one row per source)
    events.delete()
    ledger.rebuild()
    assert events.count() == 2
    assert not ledger.differences()
    # the counting and the confirmation change no participation: still the same two events
    services.enter_paper_count(
        actor=world.staff,
        election=election,
        data={
            "paper_issued": 3,
            "paper_returned": 3,
            "paper_invalid": 0,
            "counts": {str(c.pk): 1 for c in Candidate.objects.filter(election=election)},
        },
    )
    services.confirm_count(actor=world.staff2, election=election)
    assert events.count() == 2
    assert not ledger.differences()


def test_an_election_event_carries_no_trace_of_the_choice(world):
    world.register_all()
    election = world.election()
    services.open_election(actor=world.staff, election=election)
    zhao = Candidate.objects.get(election=election, member=world.zhao)
    services.cast_election_ballot(actor=world.p.member, election=election, data={"candidates": [zhao.pk]})
    services.close_election(actor=world.staff, election=election)
    event = DutyEvent.objects.get(kind="meetings.election.voted", member=world.li)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {DutyEvent._meta.db_table} WHERE id = %s", [event.pk])
        row = cursor.fetchone()
    text = " ".join(str(v) for v in row)
    assert "赵强" not in text and world.zhao.name not in text
    # the source is the participation row, which holds no candidate
    assert event.source_type.model == "electionparticipation"
