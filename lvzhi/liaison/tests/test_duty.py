"""Duty events: a member who made a contact or accompanied a hosted visit; upkeep equals a rebuild."""

import datetime

import pytest

from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent
from lvzhi.liaison import services

pytestmark = pytest.mark.django_db


def test_members_who_act_get_duty_events_kept_current(world):
    engagement = world.engage([world.c_member], members=[world.leader, world.member])
    visit = world.hosted(members=[world.member])
    events = DutyEvent.objects.filter(kind__startswith="liaison.")
    assert set(events.values_list("kind", "member_id")) == {
        ("liaison.contact", world.leader.pk),
        ("liaison.contact", world.member.pk),
        ("liaison.hosted_visit", world.member.pk),
    }
    services.update_engagement(actor=world.staff, engagement=engagement, data={"members": [world.leader.pk]})
    services.update_hosted_visit(
        actor=world.staff, visit=visit, data={"started_on": datetime.date(2024, 2, 1), "members": [world.leader.pk]}
    )
    assert set(events.values_list("kind", "member_id", "date")) == {
        ("liaison.contact", world.leader.pk, engagement.held_on),
        ("liaison.hosted_visit", world.leader.pk, datetime.date(2024, 2, 1)),
    }
    assert not ledger.differences()
