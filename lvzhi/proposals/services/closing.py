"""Rating and closing: a proposer rates an answering unit's reply, the office reopens an unsatisfied
one (重办) and closes the proposal (办结)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.proposals.choices import AssignmentState, ProposalState, Rating
from lvzhi.proposals.models import Assignment, Evaluation, Proposal
from lvzhi.proposals.services.common import _date, _note, _text, detail_url, notify_proposers, office_users, unit_users
from lvzhi.proposals.services.flows import ASSIGNMENT_FLOW, PROPOSAL_FLOW, member_of, raters_of


def evaluate_assignment(*, actor, assignment: Assignment, rating, comment: str = "") -> Evaluation:
    """A proposer rates an answering unit's reply (once per handling round)."""
    proposal = assignment.proposal
    mid = member_of(actor)
    if not mid or mid not in raters_of(proposal):
        raise Forbidden(_("只有提案人可以评价答复。"))
    errors: dict = {}
    if rating not in Rating.values:
        errors["rating"] = [_("请选择满意、基本满意或不满意。")]
    comment = _text({"comment": comment}, "comment", errors, limit=2000, label=_("意见"))
    if rating == Rating.UNSATISFIED and not comment and "comment" not in errors:
        errors["comment"] = [_("不满意时请说明理由。")]
    if errors:
        raise Invalid(errors=errors)
    if not assignment.answers:
        raise IllegalTransition(_("会办单位不单独评价。"))
    if assignment.state != AssignmentState.REPLIED:
        raise IllegalTransition(_("承办单位尚未答复，暂不能评价。"))
    with transaction.atomic():
        if Evaluation.objects.filter(assignment=assignment, member_id=mid, round=assignment.round).exists():
            raise IllegalTransition(_("您已评价过这份答复。"))
        row = Evaluation.objects.create(
            committee_id=assignment.committee_id,
            assignment=assignment,
            member_id=mid,
            round=assignment.round,
            rating=rating,
            comment=comment,
        )
        audit.record("evaluation.create", actor=actor, obj=row, after={"rating": rating, "assignment": assignment.pk})
        users = unit_users(assignment.unit_id)
        if rating == Rating.UNSATISFIED:
            users += office_users(assignment.committee_id)
        notify(
            users,
            title=_("提案人评价：%(r)s · %(t)s") % {"r": Rating(rating).label, "t": proposal.title},
            body=comment,
            url=detail_url(proposal),
            kind="proposals.handling",
        )
    return row


def reopen_assignment(*, actor, assignment: Assignment, deadline, note: str = "") -> Assignment:
    """重办 after an unsatisfied rating, with a new deadline."""
    errors: dict = {}
    day = _date(deadline, "deadline", errors, label=_("办理期限"))
    if day is None and "deadline" not in errors:
        errors["deadline"] = [_("请填写新的办理期限。")]
    elif day is not None and day <= timezone.localdate():
        errors["deadline"] = [_("办理期限须晚于今天。")]
    note = _note(note, errors)
    if (
        assignment.state == AssignmentState.REPLIED
        and not assignment.evaluations.filter(round=assignment.round, rating=Rating.UNSATISFIED).exists()
    ):
        raise IllegalTransition(_("只有评价为不满意的答复可以重办。"))

    def apply(a):
        a.deadline, a.round = day, a.round + 1

    with transaction.atomic():
        ASSIGNMENT_FLOW.perform(assignment, "reopen", actor=actor, note=note, apply=apply)
        proposal = assignment.proposal
        if proposal.state == ProposalState.REPLIED:
            PROPOSAL_FLOW.perform(proposal, "reopen", actor=actor, note=note or str(assignment.unit))
        notify(
            unit_users(assignment.unit_id),
            title=_("提案重办：%(t)s，%(d)s 前答复") % {"t": proposal.title, "d": day},
            body=note,
            url=detail_url(proposal),
            kind="proposals.assigned",
        )
    return assignment


def close_proposal(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    note = _note(note)

    def apply(p):
        p.closed_at = timezone.now()

    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "close", actor=actor, note=note, apply=apply)
        Proposal.objects.filter(merged_into=proposal).update(closed_at=proposal.closed_at)
        notify_proposers(proposal, _("提案已办结：%(t)s") % {"t": proposal.title}, kind="proposals.review")
    return proposal
