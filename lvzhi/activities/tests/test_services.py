"""Activities, invitations, leave, finish, speeches and outcomes through the services."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.choices import ActivityState, AttendanceState, InviteBy, OutcomeState
from lvzhi.activities.models import Activity, Attendance, Outcome, Speech, Subkind
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.models import AuditEntry, Notification, Transition
from lvzhi.org.factories import make_member


def row(world, person):
    return Attendance.objects.get(activity=world.activity, member=person)


def test_it_creates_an_activity_and_audits_it(world):
    assert world.activity.state == ActivityState.PLANNED
    assert AuditEntry.objects.filter(action="activity.create", object_id=str(world.activity.pk)).exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "nonsense"}, "kind"),
        ({"subkind": "不存在的子类"}, "subkind"),
        ({"topic": "  "}, "topic"),
        ({"start": "not a date"}, "start"),
        ({"end": "2000-01-01T00:00"}, "end"),
        ({"people_reached": -3}, "people_reached"),
        ({"organiser_committee": 99999}, "organiser_committee"),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(world, data, field):
    before = Activity.objects.count(), AuditEntry.objects.count()
    base = {"kind": "consultation", "topic": "协商会", "start": timezone.now()}
    with pytest.raises(Invalid) as caught:
        services.create_activity(actor=world.staff, committee=world.p.wuwei, data={**base, **data})
    assert field in caught.value.errors
    assert (Activity.objects.count(), AuditEntry.objects.count()) == before


def test_a_committee_may_configure_its_own_subkinds(world):

    Subkind.objects.create(committee=world.p.wuwei, kind="consultation", name="网络议政")
    assert services.subkinds_for(world.p.wuwei, "consultation") == ["网络议政"]
    assert "双月" in services.subkinds_for(world.p.pingliang, "consultation")
    world.new_activity(subkind="网络议政")
    with pytest.raises(Invalid):
        world.new_activity(subkind="双月")


def test_only_staff_in_scope_create_activities(world):
    data = {"kind": "study", "topic": "学习", "start": timezone.now()}
    for user in (world.member, world.p.leader, world.p.unit_user, world.p.other_staff, *world.p.admins):
        with pytest.raises(Forbidden):
            services.create_activity(actor=user, committee=world.p.wuwei, data=data)
    # city staff with descendants may organise for a county
    services.create_activity(actor=world.staff, committee=world.p.liangzhou, data=data)
    with pytest.raises(Forbidden):
        services.create_activity(actor=world.p.county_staff, committee=world.p.wuwei, data=data)


def test_invitations_notify_the_members_and_are_not_duplicated(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = world.invite_all()
    assert len(created) == 3
    assert Notification.objects.filter(user=world.member, title__contains="会议活动邀请").count() == 1
    assert AuditEntry.objects.filter(action="attendance.invite").count() == 3
    again = services.invite(actor=world.staff, activity=world.activity, values=[world.person.pk])
    assert again == [] and Attendance.objects.filter(activity=world.activity).count() == 3


def test_it_invites_by_sector_party_role_and_everyone(world):
    assert [
        a.member_id
        for a in services.invite(
            actor=world.staff, activity=world.activity, by=InviteBy.SECTOR, values=[world.p.sector.pk]
        )
    ] == [world.person.pk]
    other = world.new_activity()
    assert len(services.invite(actor=world.staff, activity=other, by=InviteBy.PARTY, values=[world.p.party.pk])) == 1
    third = world.new_activity()
    ids = {a.member_id for a in services.invite(actor=world.staff, activity=third, by=InviteBy.EVERYONE)}
    assert ids == {world.person.pk, world.person2.pk, world.person3.pk}
    fourth = world.new_activity()
    assert len(services.invite(actor=world.staff, activity=fourth, by=InviteBy.ROLE, values=["member"])) == 3


def test_it_refuses_to_invite_members_of_another_committee(world):
    with pytest.raises(Invalid) as caught:
        services.invite(
            actor=world.staff, activity=world.activity, values=[world.person.pk, world.p.pingliang_person.pk]
        )
    assert "members" in caught.value.errors
    assert not Attendance.objects.exists()
    with pytest.raises(Invalid):
        services.invite(actor=world.staff, activity=world.activity, by=InviteBy.SECTOR, values=[999999])
    with pytest.raises(Invalid):
        services.invite(actor=world.staff, activity=world.activity, by="bogus", values=[])


def test_the_leave_flow(world, django_capture_on_commit_callbacks):
    world.invite_all()
    with pytest.raises(Invalid):
        services.respond(actor=world.member, activity=world.activity, answer="leave", reason="  ")
    services.respond(actor=world.member, activity=world.activity, answer="leave", reason="外出参加培训")
    attendance = row(world, world.person)
    assert attendance.state == AttendanceState.LEAVE_REQUESTED and attendance.leave_reason == "外出参加培训"
    with pytest.raises(Forbidden):  # a member cannot approve their own leave
        services.decide_leave(actor=world.member, attendance=attendance, approved=True)
    with pytest.raises(Forbidden):
        services.decide_leave(actor=world.p.other_staff, attendance=attendance, approved=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_leave(actor=world.staff, attendance=attendance, approved=True, note="同意")
    assert row(world, world.person).state == AttendanceState.EXCUSED
    assert Notification.objects.filter(user=world.member, title__contains="请假已批准").exists()
    with pytest.raises(IllegalTransition):  # already decided
        services.decide_leave(actor=world.staff, attendance=row(world, world.person), approved=False)

    services.respond(actor=world.member2, activity=world.activity, answer="leave", reason="身体不适")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_leave(actor=world.staff, attendance=row(world, world.person2), approved=False, note="会议重要")
    assert row(world, world.person2).state == AttendanceState.ATTENDING
    assert Notification.objects.filter(user=world.member2, title__contains="未获批准").exists()
    kinds = list(Transition.objects.filter(object_id=row(world, world.person).pk).values_list("action", flat=True))
    assert "request_leave" in kinds and "approve_leave" in kinds


def test_a_member_answers_only_their_own_invitation(world):
    world.invite_all()
    other = world.new_activity()
    with pytest.raises(NotFound):
        services.respond(actor=world.member, activity=other, answer="attend")
    with pytest.raises(Forbidden):
        services.respond(actor=world.staff, activity=world.activity, answer="attend")
    with pytest.raises(Invalid):
        services.respond(actor=world.member, activity=world.activity, answer="maybe")
    services.respond(actor=world.member, activity=world.activity, answer="attend")
    assert row(world, world.person).state == AttendanceState.ATTENDING


def test_finish_marks_the_unexcused_absent(world):
    world.invite_all()
    token, _ = services.make_checkin_token(world.activity)
    services.check_in(actor=world.member, activity=world.activity, token=token)
    services.respond(actor=world.member2, activity=world.activity, answer="leave", reason="出差")
    services.decide_leave(actor=world.staff, attendance=row(world, world.person2), approved=True)
    services.respond(actor=world.member3, activity=world.activity, answer="attend")
    services.finish_activity(actor=world.staff, activity=world.activity)
    assert row(world, world.person).state == AttendanceState.PRESENT
    assert row(world, world.person2).state == AttendanceState.EXCUSED
    assert row(world, world.person3).state == AttendanceState.ABSENT
    assert AuditEntry.objects.filter(action="attendance.mark_absent").count() == 1
    with pytest.raises(IllegalTransition):
        services.finish_activity(actor=world.staff, activity=Activity.objects.get(pk=world.activity.pk))
    with pytest.raises(IllegalTransition):  # answers are closed
        services.respond(actor=world.member3, activity=Activity.objects.get(pk=world.activity.pk), answer="attend")
    # staff may still correct an absence by hand
    services.manual_check_in(actor=world.staff, activity=world.activity, member=world.person3)
    assert row(world, world.person3).state == AttendanceState.PRESENT


def test_an_activity_that_has_not_started_cannot_be_finished(world):
    later = world.new_activity(start=timezone.now() + datetime.timedelta(days=2))
    with pytest.raises(IllegalTransition):
        services.finish_activity(actor=world.staff, activity=later)
    services.cancel_activity(actor=world.staff, activity=later)
    assert Activity.objects.get(pk=later.pk).state == ActivityState.CANCELLED
    with pytest.raises(IllegalTransition):
        services.invite(actor=world.staff, activity=later, values=[world.person.pk])


def test_speeches_are_recorded_by_staff_or_the_member_themselves(world):
    world.invite_all()
    speech = services.record_speech(
        actor=world.staff,
        activity=world.activity,
        data={"member": world.person.pk, "title": "关于防沙治沙的建议", "mode": "oral"},
    )
    assert speech.committee_id == world.p.wuwei.pk
    services.record_speech(actor=world.member2, activity=world.activity, data={"title": "书面发言", "mode": "written"})
    with pytest.raises(Forbidden):
        services.record_speech(
            actor=world.member2, activity=world.activity, data={"member": world.person.pk, "title": "x"}
        )
    with pytest.raises(Invalid) as caught:
        services.record_speech(
            actor=world.staff, activity=world.activity, data={"member": world.person.pk, "title": "", "mode": "sung"}
        )
    assert set(caught.value.errors) == {"title", "mode"}
    assert Speech.objects.count() == 2


def test_an_outcome_is_tracked_until_acted_on(world):
    world.invite_all()
    outcome = services.record_outcome(
        actor=world.staff,
        activity=world.activity,
        data={
            "title": "关于加强荒漠化综合防治的建议",
            "kind": "consultation",
            "authors": [world.person.pk],
        },
    )
    assert outcome.state == OutcomeState.DRAFT and list(outcome.authors.all()) == [world.person]
    with pytest.raises(IllegalTransition):
        services.record_follow_up(actor=world.staff, outcome=outcome, follow_up="已落实")
    with pytest.raises(Invalid):
        services.send_outcome(actor=world.staff, outcome=outcome, sent_to="")
    services.send_outcome(actor=world.staff, outcome=outcome, sent_to="市委办公室", sent_on="2024-05-01")
    services.record_instruction(actor=world.staff, outcome=outcome, instructions="请市林草局研究落实。")
    services.record_follow_up(actor=world.staff, outcome=outcome, follow_up="已纳入年度治沙计划。")
    outcome = Outcome.objects.get(pk=outcome.pk)
    assert outcome.state == OutcomeState.ACTED and outcome.sent_on == datetime.date(2024, 5, 1)
    assert "林草局" in outcome.instructions
    with pytest.raises(Forbidden):
        services.record_outcome(actor=world.member, activity=world.activity, data={"title": "x"})
    with pytest.raises(Invalid):
        services.record_outcome(actor=world.staff, activity=world.activity, data={"title": "x", "kind": "many"})
    with pytest.raises(Invalid):
        services.record_outcome(
            actor=world.staff,
            activity=world.activity,
            data={"title": "x", "authors": [make_member(world.p.pingliang, "外人").pk]},
        )
