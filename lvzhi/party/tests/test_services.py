"""The party-building services: what they write, what they refuse (nothing written), the audit."""

import datetime

import pytest

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent
from lvzhi.party import services
from lvzhi.party.models import BranchMembership, Contact, CoveragePair, PartyMeeting, Talk

pytestmark = pytest.mark.django_db


def test_it_adds_a_party_member_to_a_branch_with_an_audit_entry(world):
    member = world.join("张新", world.group, joined_on=datetime.date(2023, 5, 4))
    assert member.branch == world.group and member.left_on is None
    entry = AuditEntry.objects.filter(action="party.branchmembership.create", object_id=str(member.pk)).get()
    assert entry.actor == world.p.staff


def test_it_refuses_to_add_a_member_before_the_branch_was_established(world):
    with pytest.raises(Invalid) as exc:
        world.join("张早", world.branch, joined_on=datetime.date(2021, 12, 1))
    assert "joined_on" in exc.value.errors
    assert not BranchMembership.objects.filter(name="张早").exists()


def test_it_refuses_a_branch_of_another_committee(world):
    data = {"branch": world.other_branch.pk, "name": "赵外", "joined_on": datetime.date(2023, 1, 1)}
    with pytest.raises(Invalid) as exc:
        services.create_membership(actor=world.p.staff, committee=world.p.wuwei, data=data)
    assert exc.value.errors["branch"] == ["请选择本委员会机关的党支部或党小组。"]


def test_it_records_a_member_leaving_and_refuses_a_second_time(world):
    services.leave_membership(actor=world.p.staff, membership=world.clerk, data={"left_on": "2024-06-30"})
    world.clerk.refresh_from_db()
    assert world.clerk.left_on == datetime.date(2024, 6, 30)
    with pytest.raises(Invalid):
        services.leave_membership(actor=world.p.staff, membership=world.clerk, data={"left_on": "2024-07-30"})


def test_it_refuses_staff_without_the_party_permission(world, personas):
    from lvzhi.accounts.factories import make_user

    clerk = make_user("no_party", roles=["staff"], committee=personas.wuwei, permissions=["proposals"])
    with pytest.raises(Forbidden):
        services.create_talk(actor=clerk, committee=personas.wuwei, data={"talker": "甲", "talkee": "乙"})
    with pytest.raises(Forbidden):
        services.create_talk(actor=personas.leader, committee=personas.wuwei, data={})


def test_it_records_a_meeting_with_its_attendees(world):
    meeting = world.meeting(kind="assembly", attendees=[world.secretary, world.clerk])
    assert set(meeting.attendees.all()) == {world.secretary, world.clerk}
    assert AuditEntry.objects.filter(action="party.partymeeting.create", object_id=str(meeting.pk)).exists()


def test_it_refuses_an_attendee_who_had_left_or_belongs_elsewhere(world):
    outsider = world.join("孙外", world.other_branch)
    with pytest.raises(Invalid) as exc:
        world.meeting(attendees=[world.secretary, outsider])
    assert "attendees" in exc.value.errors
    services.leave_membership(actor=world.p.staff, membership=world.clerk, data={"left_on": "2024-01-31"})
    with pytest.raises(Invalid):
        world.meeting(attendees=[world.clerk])  # held on 2024-03-01, after the clerk left
    assert not PartyMeeting.objects.exists()


def test_it_holds_a_group_meeting_only_in_a_group_and_an_assembly_only_in_a_branch(world):
    with pytest.raises(Invalid) as exc:
        world.meeting(kind="group", branch=world.branch)
    assert exc.value.errors["branch"] == ["党小组会请选择党小组。"]
    with pytest.raises(Invalid):
        world.meeting(kind="assembly", branch=world.group, attendees=[])
    assert world.meeting(kind="group", branch=world.group, attendees=[world.clerk]).kind == "group"


def test_it_refuses_a_meeting_of_a_dissolved_branch(world):
    world.group.dissolved_on = datetime.date(2024, 1, 1)
    world.group.save()
    with pytest.raises(Invalid) as exc:
        world.meeting(kind="group", branch=world.group, attendees=[])
    assert "held_on" in exc.value.errors


def test_it_refuses_a_talk_with_oneself_and_empty_fields(world):
    with pytest.raises(Invalid) as exc:
        services.create_talk(
            actor=world.p.staff, committee=world.p.wuwei, data={"talker": "王", "talkee": "王", "talked_on": "x"}
        )
    assert {"talkee", "talked_on", "topic"} <= set(exc.value.errors)
    assert not Talk.objects.exists()


def test_it_pairs_a_party_member_with_a_non_party_member(world):
    pair = world.pair()
    assert pair.state == "active" and pair.contactor == world.cpc_member


def test_it_refuses_pairs_that_do_not_fit_their_kind(world):
    with pytest.raises(Invalid) as exc:
        world.pair(contactor=world.non_party, contacted=world.cpc_member)
    assert set(exc.value.errors) == {"contactor", "contacted"}
    with pytest.raises(Invalid) as exc:
        world.pair(kind="group_to_party", contactor=world.cpc_member, contacted=world.vice_chair)
    assert exc.value.errors["contactor"] == ["联系人须为党组成员（中共党员的主席、副主席、秘书长）。"]
    with pytest.raises(Invalid) as exc:
        world.pair(contacted=world.p.pingliang_person)
    assert "contacted" in exc.value.errors
    assert not CoveragePair.objects.exists()


def test_it_refuses_the_same_pair_twice(world):
    world.pair()
    with pytest.raises(Invalid) as exc:
        world.pair()
    assert "contacted" in exc.value.errors
    assert CoveragePair.objects.count() == 1


def test_it_records_contacts_and_credits_the_contactor(world):
    pair = world.pair()
    contact = world.contact(pair)
    event = DutyEvent.objects.get(kind="party.contact", source_id=contact.pk)
    assert event.member_id == world.cpc_member.pk and event.date == contact.contacted_on
    services.update_contact(actor=world.p.staff, contact=contact, data={"contacted_on": "2024-04-02"})
    assert DutyEvent.objects.get(kind="party.contact", source_id=contact.pk).date == datetime.date(2024, 4, 2)
    assert not ledger.differences()


def test_it_refuses_a_contact_before_the_pair_or_after_its_end(world):
    pair = world.pair()
    with pytest.raises(Invalid):
        world.contact(pair, contacted_on=datetime.date(2022, 1, 5))
    services.end_pair(actor=world.p.staff, pair=pair, data={"ended_on": "2024-05-01", "note": "委员辞任"})
    with pytest.raises(Invalid):
        world.contact(pair, contacted_on=datetime.date(2024, 6, 1))
    assert not Contact.objects.exists()


def test_it_ends_and_resumes_a_pair_through_its_workflow(world):
    pair = world.pair()
    services.end_pair(actor=world.p.staff, pair=pair, data={"ended_on": "2024-05-01"})
    pair.refresh_from_db()
    assert pair.state == "ended" and pair.ended_on == datetime.date(2024, 5, 1)
    with pytest.raises(IllegalTransition):
        services.end_pair(actor=world.p.staff, pair=pair, data={"ended_on": "2024-06-01"})
    services.resume_pair(actor=world.p.staff, pair=pair, data={"note": "重新结对"})
    pair.refresh_from_db()
    assert pair.state == "active" and pair.ended_on is None
    assert list(Transition.objects.filter(object_id=pair.pk).values_list("action", flat=True).order_by("pk")) == [
        "end",
        "resume",
    ]


def test_it_refuses_to_end_a_pair_before_its_last_contact(world):
    pair = world.pair()
    world.contact(pair, contacted_on=datetime.date(2024, 6, 1))
    with pytest.raises(Invalid) as exc:
        services.end_pair(actor=world.p.staff, pair=pair, data={"ended_on": "2024-05-01"})
    assert "ended_on" in exc.value.errors
    pair.refresh_from_db()
    assert pair.state == "active"
