"""Who may act on proposals and the three workflows: PROPOSAL_FLOW (draft → submitted → filed →
assigned → replied → closed, with the review outcomes rejected / converted / merged / withdrawn),
ASSIGNMENT_FLOW (pending → signed → replied, or objected → reassigned) and EXTENSION_FLOW."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import permissions
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.proposals.choices import (
    ACTIVE_ASSIGNMENT_STATES,
    AssignmentRole,
    AssignmentState,
    ExtensionState,
    ProposalState,
    ProposerKind,
)
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.rules import read_policy

# --- who may ------------------------------------------------------------------------------------


def is_office(user, obj) -> bool:
    """Proposals-office staff of the object's committee (`obj` is a domain row or a committee)."""
    return permissions.can_manage(user, obj.committee_id, Permission.PROPOSALS)


def member_of(user):
    """The member id of a member user, else None."""
    return user.member_id if permissions.is_member_user(user) else None


def is_first_proposer(user, proposal) -> bool:
    mid = member_of(user)
    return bool(mid and proposal.proposer_id == mid)


def is_unit_of(user, assignment) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_role(Role.UNIT)
        and user.unit_id
        and user.unit_id == assignment.unit_id
    )


def is_author(user, proposal) -> bool:
    return is_first_proposer(user, proposal) or is_office(user, proposal)


# --- preconditions -------------------------------------------------------------------------------


def _all_confirmed(proposal):
    rows = list(proposal.coproposers.all())
    if proposal.kind == ProposerKind.JOINT and not rows:
        return _("联名提案须至少有一位附议人。")
    waiting = [str(c.member) for c in rows if not c.is_confirmed]
    if waiting:
        return _("以下附议人尚未确认：%(names)s。") % {"names": "、".join(waiting)}
    return None


def _answering(proposal):
    return [a for a in proposal.assignments.all() if a.answers and a.state in ACTIVE_ASSIGNMENT_STATES]


def raters_of(proposal) -> set[int]:
    """Every proposer who rates: first and co-proposers, also of proposals merged into this one."""
    ids = {proposal.proposer_id, *(c.member_id for c in proposal.coproposers.all())}
    children = getattr(proposal, "merged_proposals", None)  # read with the proposal (its page)
    if children is None:
        children = Proposal.objects.filter(merged_into=proposal).prefetch_related("coproposers")
    for child in children:
        ids.add(child.proposer_id)
        ids.update(c.member_id for c in child.coproposers.all())
    return ids


def _closable(proposal):
    raters = raters_of(proposal)
    window = read_policy(proposal.committee_id).rating_days
    today = timezone.localdate()
    for a in _answering(proposal):
        if a.state != AssignmentState.REPLIED:
            return _("尚有承办单位未答复。")
        rated = set(a.evaluations.filter(round=a.round).values_list("member_id", flat=True))
        window_passed = a.replied_at and timezone.localdate(a.replied_at) + datetime.timedelta(days=window) < today
        if not raters <= rated and not window_passed:
            return _("尚有提案人未评价“%(unit)s”的答复，且评价期限（%(days)d 天）未满。") % {
                "unit": a.unit,
                "days": window,
            }
    return None


def _within_objection_window(assignment):
    days = read_policy(assignment.committee_id).objection_days
    if timezone.localdate(assignment.assigned_at) + datetime.timedelta(days=days) < timezone.localdate():
        return _("已超过申请调整期限（交办后 %(days)d 天内）。") % {"days": days}
    return None


def _answers(assignment):
    if not assignment.answers:
        return _("会办单位不直接答复，请向主办单位提出会办意见。")
    return None


def _is_co(assignment):
    if assignment.role != AssignmentRole.CO:
        return _("只有会办单位提出会办意见。")
    return None


def _any_proposer_or_office(user, p):
    return is_author(user, p)


def _withdrawing(user, assignment):
    return assignment.proposal.state == ProposalState.WITHDRAWN and is_author(user, assignment.proposal)


S, A, E = ProposalState, AssignmentState, ExtensionState

PROPOSAL_FLOW = Workflow(
    rules=[
        Rule("submit", [S.DRAFT], S.SUBMITTED, allowed=is_author, precondition=_all_confirmed, label=_("提交")),
        Rule("return", [S.SUBMITTED], S.DRAFT, allowed=is_office, label=_("退回修改")),
        Rule("file", [S.SUBMITTED], S.FILED, allowed=is_office, label=_("立案")),
        Rule("reject", [S.SUBMITTED], S.REJECTED, allowed=is_office, label=_("不予立案")),
        Rule("convert", [S.SUBMITTED], S.CONVERTED, allowed=is_office, label=_("转办")),
        Rule("merge", [S.SUBMITTED, S.FILED], S.MERGED, allowed=is_office, label=_("并案")),
        Rule("withdraw", [S.DRAFT, S.SUBMITTED], S.WITHDRAWN, allowed=_any_proposer_or_office, label=_("撤案")),
        Rule("withdraw", [S.FILED, S.ASSIGNED], S.WITHDRAWN, allowed=is_office, label=_("撤案")),
        Rule("assign", [S.FILED], S.ASSIGNED, allowed=is_office, label=_("交办")),
        Rule("answer", [S.ASSIGNED], S.REPLIED, allowed=lambda u, p: True, label=_("全部答复")),
        Rule("reopen", [S.REPLIED], S.ASSIGNED, allowed=is_office, label=_("重办")),
        Rule("close", [S.REPLIED], S.CLOSED, allowed=is_office, precondition=_closable, label=_("办结")),
    ]
)

ASSIGNMENT_FLOW = Workflow(
    rules=[
        Rule("sign", [A.PENDING], A.SIGNED, allowed=is_unit_of, label=_("签收")),
        Rule(
            "object",
            [A.PENDING, A.SIGNED],
            A.OBJECTED,
            allowed=is_unit_of,
            precondition=_within_objection_window,
            label=_("申请调整"),
        ),
        Rule("reassign", [A.OBJECTED], A.REASSIGNED, allowed=is_office, label=_("改办")),
        Rule("reply", [A.SIGNED], A.REPLIED, allowed=is_unit_of, precondition=_answers, label=_("答复")),
        Rule("opinion", [A.SIGNED], A.REPLIED, allowed=is_unit_of, precondition=_is_co, label=_("会办意见")),
        Rule("reopen", [A.REPLIED], A.SIGNED, allowed=is_office, label=_("重办")),
        # the proposal was withdrawn: its open assignments end with it (as the office's change of unit does)
        Rule("withdraw", [A.PENDING, A.SIGNED], A.REASSIGNED, allowed=_withdrawing, label=_("撤案")),
    ]
)

EXTENSION_FLOW = Workflow(
    rules=[
        Rule("approve", [E.PENDING], E.APPROVED, allowed=is_office, label=_("同意延期")),
        Rule("refuse", [E.PENDING], E.REFUSED, allowed=is_office, label=_("不同意延期")),
    ]
)


def rule_labels(flow: Workflow) -> dict[str, str]:
    return {r.action: r.label for rules in flow.rules.values() for r in rules}


def may(flow: Workflow, action: str, obj, user) -> bool:
    """Whether the user may take this workflow action on the object now (the button is shown)."""
    return any(r.action == action for r in flow.actions_for(obj, user))
