"""The whole loop in services, from the draft to closing, and every illegal step refused."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry, Notification, Transition
from lvzhi.core.workflow import timeline
from lvzhi.org.models import Unit
from lvzhi.proposals import services
from lvzhi.proposals.models import Assignment, Evaluation, Proposal


def test_it_runs_the_whole_loop(world, django_capture_on_commit_callbacks):
    p = world.p
    with django_capture_on_commit_callbacks(execute=True):
        proposal = world.draft(joint=True)
        assert proposal.state == "draft"
        services.confirm_coproposal(actor=world.co, proposal=proposal)
        services.submit_proposal(actor=p.member, proposal=proposal)
        services.file_proposal(actor=p.staff, proposal=proposal)
    assert proposal.number == "五届三次会议第0001号"
    services.assign_proposal(
        actor=p.staff,
        proposal=proposal,
        units=[{"unit": world.unit.pk, "role": "lead"}, {"unit": world.unit2.pk, "role": "co"}],
    )
    lead = world.lead(proposal)
    co = proposal.assignments.get(unit=world.unit2)
    assert lead.deadline == services.default_deadline(world.committee, timezone.localdate())
    services.sign_assignment(actor=p.unit_user, assignment=lead)
    services.sign_assignment(actor=world.unit2_user, assignment=co)
    services.send_opinion(actor=world.unit2_user, assignment=co, text="财政局将予以经费保障。")
    proposal.refresh_from_db()
    assert proposal.state == "assigned"  # a co-unit's opinion is not the answer
    services.reply_assignment(
        actor=p.unit_user, assignment=lead, category="B", text="已列入明年计划。", contact="张科长"
    )
    proposal.refresh_from_db()
    assert proposal.state == "replied"
    services.evaluate_assignment(actor=p.member, assignment=lead, rating="unsatisfied", comment="进度太慢")
    services.reopen_assignment(actor=p.staff, assignment=lead, deadline=timezone.localdate() + datetime.timedelta(30))
    proposal.refresh_from_db()
    lead.refresh_from_db()
    assert (proposal.state, lead.state, lead.round) == ("assigned", "signed", 2)
    services.reply_assignment(actor=p.unit_user, assignment=lead, category="A", text="已经解决。")
    services.evaluate_assignment(actor=p.member, assignment=lead, rating="satisfied")
    services.evaluate_assignment(actor=world.co, assignment=lead, rating="basically_satisfied")
    services.close_proposal(actor=p.staff, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == "closed"
    assert [t.action for t in timeline(proposal)] == [
        "submit",
        "file",
        "assign",
        "answer",
        "reopen",
        "answer",
        "close",
    ]
    assert AuditEntry.objects.filter(action="proposal.create").count() == 1
    assert Notification.objects.filter(user=p.member, title__contains="已立案").exists()


def _frozen(proposal):
    proposal.refresh_from_db()
    return (proposal.state, proposal.number, Transition.objects.count())


def test_it_refuses_a_unit_reply_before_signing(world):
    proposal = world.assigned()
    lead = world.lead(proposal)
    with pytest.raises(IllegalTransition):
        services.reply_assignment(actor=world.p.unit_user, assignment=lead, category="A", text="答复")
    lead.refresh_from_db()
    assert lead.state == "pending" and lead.reply_text == ""


def test_it_refuses_a_rating_before_the_reply(world):
    proposal = world.assigned()
    lead = world.lead(proposal)
    with pytest.raises(IllegalTransition):
        services.evaluate_assignment(actor=world.p.member, assignment=lead, rating="satisfied")
    assert not Evaluation.objects.exists()


def test_it_refuses_filing_twice(world):
    proposal = world.filed()
    before = _frozen(proposal)
    with pytest.raises(IllegalTransition):
        services.file_proposal(actor=world.p.staff, proposal=proposal)
    assert _frozen(proposal) == before


def test_it_refuses_assigning_a_merged_proposal(world):
    target = world.filed()
    other = world.submitted(title="关于加强校外托管机构安全管理的建议")
    services.merge_proposal(actor=world.p.staff, proposal=other, into=target.pk)
    with pytest.raises(IllegalTransition):
        services.assign_proposal(actor=world.p.staff, proposal=other, units=[{"unit": world.unit.pk, "role": "lead"}])
    assert not Assignment.objects.filter(proposal=other).exists()


def test_it_refuses_to_submit_with_an_unconfirmed_coproposer(world):
    proposal = world.draft(joint=True)
    with pytest.raises(IllegalTransition) as exc:
        services.submit_proposal(actor=world.p.member, proposal=proposal)
    assert "陈静" in str(exc.value.message)
    assert _frozen(proposal)[0] == "draft"
    services.record_paper_signature(actor=world.p.staff, proposal=proposal, member=world.co_person)
    services.submit_proposal(actor=world.p.member, proposal=proposal)
    assert proposal.state == "submitted"


def test_it_refuses_an_objection_after_the_window(world):
    proposal = world.assigned()
    lead = world.lead(proposal)
    Assignment.objects.filter(pk=lead.pk).update(assigned_at=timezone.now() - datetime.timedelta(days=11))
    lead.refresh_from_db()
    with pytest.raises(IllegalTransition) as exc:
        services.object_assignment(actor=world.p.unit_user, assignment=lead, reason="不属于本单位职责")
    assert "10" in str(exc.value.message)
    lead.refresh_from_db()
    assert lead.state == "pending"


def test_an_objection_within_the_window_lets_the_office_reassign(world):
    proposal = world.assigned()
    lead = world.lead(proposal)
    services.object_assignment(actor=world.p.unit_user, assignment=lead, reason="不属于本单位职责")
    with pytest.raises(Invalid):  # the co-unit already handles it
        services.reassign_assignment(actor=world.p.staff, assignment=lead, unit=world.unit2.pk)
    third = Unit.objects.create(committee=world.committee, name="武威市住建局")
    fresh = services.reassign_assignment(actor=world.p.staff, assignment=lead, unit=third.pk)
    lead.refresh_from_db()
    assert lead.state == "reassigned"
    assert (fresh.unit, fresh.role, fresh.state, fresh.reassigned_from) == (third, "lead", "pending", lead)
    assert fresh.deadline > timezone.localdate()


def test_it_rejects_with_a_reason_and_tells_the_proposer(world, django_capture_on_commit_callbacks):
    proposal = world.submitted()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_proposal(
            actor=world.p.staff, proposal=proposal, reason="内容空泛、没有具体建议的", note="请补充"
        )
    assert proposal.state == "rejected"
    note = Notification.objects.get(user=world.p.member, title__contains="不予立案")
    assert "内容空泛" in note.body


def test_it_returns_converts_and_withdraws(world):
    proposal = world.submitted()
    services.return_proposal(actor=world.p.staff, proposal=proposal, note="请补充数据")
    assert proposal.state == "draft"
    services.submit_proposal(actor=world.p.member, proposal=proposal)
    services.convert_proposal(actor=world.p.staff, proposal=proposal, target="opinion")
    assert (proposal.state, proposal.converted_target) == ("converted", "opinion")
    other = world.submitted()
    services.withdraw_proposal(actor=world.p.member, proposal=other)
    assert other.state == "withdrawn"
    filed = world.filed()
    with pytest.raises(Forbidden):
        services.withdraw_proposal(actor=world.p.member, proposal=filed)
    services.withdraw_proposal(actor=world.p.staff, proposal=filed, note="提案人申请撤回")
    assert filed.state == "withdrawn"


def test_only_the_office_files_and_only_the_assigned_unit_signs(world):
    proposal = world.submitted()
    for actor in (world.p.member, world.p.unit_user, world.p.other_staff, world.p.leader, *world.p.admins):
        with pytest.raises(Forbidden):
            services.file_proposal(actor=actor, proposal=proposal)
    services.file_proposal(actor=world.p.staff, proposal=proposal)
    services.assign_proposal(actor=world.p.staff, proposal=proposal, units=[{"unit": world.unit.pk, "role": "lead"}])
    lead = world.lead(proposal)
    with pytest.raises(Forbidden):
        services.sign_assignment(actor=world.unit2_user, assignment=lead)


def test_close_waits_for_every_rating_or_the_window(world):
    proposal = world.replied(joint=True)
    lead = world.lead(proposal)
    services.evaluate_assignment(actor=world.p.member, assignment=lead, rating="satisfied")
    with pytest.raises(IllegalTransition):
        services.close_proposal(actor=world.p.staff, proposal=proposal)
    Assignment.objects.filter(pk=lead.pk).update(replied_at=timezone.now() - datetime.timedelta(days=31))
    services.close_proposal(actor=world.p.staff, proposal=proposal)
    assert proposal.state == "closed"


def test_extension_requests_are_approved_or_refused(world):
    proposal = world.assigned()
    lead = world.lead(proposal)
    services.sign_assignment(actor=world.p.unit_user, assignment=lead)
    with pytest.raises(Invalid):
        services.request_extension(actor=world.p.unit_user, assignment=lead, until=lead.deadline, reason="需要调研")
    until = lead.deadline + datetime.timedelta(days=30)
    ext = services.request_extension(actor=world.p.unit_user, assignment=lead, until=until, reason="需要调研")
    services.decide_extension(actor=world.p.staff, extension=ext, approve=True)
    lead.refresh_from_db()
    assert lead.deadline == until
    ext2 = services.request_extension(
        actor=world.p.unit_user, assignment=lead, until=until + datetime.timedelta(1), reason="再延"
    )
    services.decide_extension(actor=world.p.staff, extension=ext2, approve=False)
    lead.refresh_from_db()
    assert lead.deadline == until and ext2.state == "refused"


def test_split_units_each_answer(world):
    proposal = world.assigned(
        units=[{"unit": world.unit.pk, "role": "split"}, {"unit": world.unit2.pk, "role": "split"}]
    )
    a, b = proposal.assignments.order_by("id")
    for unit_user, row in ((world.p.unit_user, a), (world.unit2_user, b)):
        services.sign_assignment(actor=unit_user, assignment=row)
        services.reply_assignment(actor=unit_user, assignment=row, category="A", text="已办")
        proposal.refresh_from_db()
    assert proposal.state == "replied"


def test_key_proposals_get_supervision_records(world):
    proposal = world.assigned()
    services.set_flags(actor=world.p.staff, proposal=proposal, is_key=True)
    row = services.add_supervision(
        actor=world.p.staff, proposal=proposal, kind="onsite", date="2024-05-01", notes="现场"
    )
    assert row.kind == "onsite" and Proposal.objects.get(pk=proposal.pk).is_key
