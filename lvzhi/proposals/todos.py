"""What awaits a user in the proposals module (the to-do centre's kinds, see registry.TodoKind):
members confirm co-proposals and rate replies, units sign assignments and reply, the office reviews
submissions, decides extensions and reminds units of overdue replies, a leader follows the key
proposals they supervise."""

import datetime

from django.db.models import Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import registry
from lvzhi.core.scope import committee_ids
from lvzhi.proposals.choices import (
    OPEN_ASSIGNMENT_STATES,
    AssignmentRole,
    AssignmentState,
    ExtensionState,
    ProposalState,
)
from lvzhi.proposals.models import Assignment, Evaluation, ExtensionRequest, Proposal, ProposalPolicy
from lvzhi.proposals.services.common import detail_url


def _member_id(user):
    return user.member_id if user.member_id and user.has_role(Role.MEMBER) else None


def _unit_id(user):
    return user.unit_id if user.unit_id and user.has_role(Role.UNIT) else None


def _office_ids(user):
    return committee_ids(user) if user.has_module_perm(Permission.PROPOSALS) else frozenset()


def _policy(field):
    default = ProposalPolicy._meta.get_field(field).default
    return Coalesce(
        Subquery(ProposalPolicy.objects.filter(committee_id=OuterRef("committee_id")).values(field)[:1]), Value(default)
    )


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


# --- a member -------------------------------------------------------------------------------------


def confirm_rows(user):
    """Drafts that name the member as a co-proposer who has not yet confirmed (nor signed on paper)."""
    member_id = _member_id(user)
    if member_id is None:
        return None
    return (
        Proposal.objects.filter(
            state=ProposalState.DRAFT,
            coproposers__member_id=member_id,
            coproposers__confirmed_at__isnull=True,
            coproposers__paper_signature=False,
        )
        .select_related("proposer")
        .order_by("id")
    )


def confirm_todo(proposal):
    return registry.Todo(
        proposal.title, detail_url(proposal), note=_("第一提案人：%(name)s") % {"name": proposal.proposer}
    )


def rate_rows(user):
    """Replies of answering units (主办/分办) to the member's proposals, not yet rated this round."""
    member_id = _member_id(user)
    if member_id is None:
        return None
    own = Proposal.objects.owned_by(member_id).order_by()
    # theirs and those theirs were merged into, as one IN over a UNION: an OR of two INs has the
    # planner scan every assignment and every handled proposal
    replied_to = own.values("pk").union(own.exclude(merged_into=None).values("merged_into_id"))
    rated = Evaluation.objects.filter(assignment=OuterRef("pk"), member_id=member_id, round=OuterRef("round"))
    return (
        Assignment.objects.filter(
            proposal__in=replied_to,
            state=AssignmentState.REPLIED,
            role__in=[AssignmentRole.LEAD, AssignmentRole.SPLIT],
            proposal__state__in=[ProposalState.ASSIGNED, ProposalState.REPLIED],
        )
        .exclude(Exists(rated))
        .annotate(rating_days=_policy("rating_days"))
        .select_related("proposal", "unit")
        .order_by("replied_at", "id")
    )


def rate_todo(assignment):
    replied = _local_date(assignment.replied_at)
    due = replied + datetime.timedelta(days=assignment.rating_days) if replied else None
    return registry.Todo(
        assignment.proposal.title,
        detail_url(assignment.proposal),
        due,
        note=_("%(unit)s 已答复") % {"unit": assignment.unit},
    )


# --- a unit ---------------------------------------------------------------------------------------


def sign_rows(user):
    unit_id = _unit_id(user)
    if unit_id is None:
        return None
    return (
        Assignment.objects.filter(unit_id=unit_id, state=AssignmentState.PENDING)
        .annotate(objection_days=_policy("objection_days"))
        .select_related("proposal")
        .order_by("assigned_at", "id")
    )


def sign_todo(assignment):
    due = _local_date(assignment.assigned_at) + datetime.timedelta(days=assignment.objection_days)
    return registry.Todo(
        assignment.proposal.title,
        detail_url(assignment.proposal),
        due,
        note=f"{assignment.proposal.number} · {assignment.get_role_display()}".strip(" ·"),
    )


def reply_rows(user):
    """Signed assignments the unit has still to answer, the overdue first (by deadline)."""
    unit_id = _unit_id(user)
    if unit_id is None:
        return None
    return (
        Assignment.objects.filter(unit_id=unit_id, state=AssignmentState.SIGNED)
        .select_related("proposal")
        .order_by("deadline", "id")
    )


def assignment_todo(assignment):
    return registry.Todo(
        assignment.proposal.title,
        detail_url(assignment.proposal),
        assignment.deadline,
        note=f"{assignment.proposal.number} · {assignment.get_role_display()}".strip(" ·"),
    )


# --- the office -----------------------------------------------------------------------------------


def review_rows(user):
    ids = _office_ids(user)
    if not ids:
        return None
    return (
        Proposal.objects.filter(committee_id__in=ids, state=ProposalState.SUBMITTED)
        .select_related("proposer", "committee")
        .order_by("submitted_at", "id")
    )


def review_todo(proposal):
    return registry.Todo(
        proposal.title,
        detail_url(proposal),
        note=f"{proposal.proposer_label} · {proposal.committee.short_name}",
    )


def overdue_rows(user):
    """Open assignments past their deadline in the office's scope: the units to remind."""
    ids = _office_ids(user)
    if not ids:
        return None
    return (
        Assignment.objects.filter(
            committee_id__in=ids, state__in=OPEN_ASSIGNMENT_STATES, deadline__lt=timezone.localdate()
        )
        .select_related("proposal", "unit")
        .order_by("deadline", "id")
    )


def overdue_todo(assignment):
    return registry.Todo(
        assignment.proposal.title,
        detail_url(assignment.proposal),
        assignment.deadline,
        note=_("%(unit)s 逾期未答复") % {"unit": assignment.unit},
    )


def extension_rows(user):
    ids = _office_ids(user)
    if not ids:
        return None
    return (
        ExtensionRequest.objects.filter(committee_id__in=ids, state=ExtensionState.PENDING)
        .select_related("assignment__proposal", "assignment__unit")
        .order_by("requested_at", "id")
    )


def extension_todo(request):
    assignment = request.assignment
    return registry.Todo(
        assignment.proposal.title,
        detail_url(assignment.proposal),
        assignment.deadline,
        note=_("%(unit)s 申请延期至 %(until)s") % {"unit": assignment.unit, "until": request.until.isoformat()},
    )


# --- a leader -------------------------------------------------------------------------------------


def supervise_rows(user):
    """Key proposals the leader supervises (督办领导) that are not yet closed."""
    if not (user.has_role(Role.LEADER) and user.member_id):
        return None
    return (
        Proposal.objects.filter(
            committee_id__in=committee_ids(user),
            is_key=True,
            supervising_leaders__id=user.member_id,
            state__in=[ProposalState.FILED, ProposalState.ASSIGNED, ProposalState.REPLIED],
        )
        .annotate(due=Subquery(_earliest_open_deadline()))
        .select_related("committee")
        .order_by(F("due").asc(nulls_last=True), "id")
    )


def _earliest_open_deadline():
    return (
        Assignment.objects.filter(proposal=OuterRef("pk"), state__in=OPEN_ASSIGNMENT_STATES)
        .order_by("deadline")
        .values("deadline")[:1]
    )


def supervise_todo(proposal):
    return registry.Todo(
        proposal.title, detail_url(proposal), proposal.due, note=f"{proposal.number} · {proposal.get_state_display()}"
    )


TODOS = [
    registry.TodoKind(
        "proposals.confirm",
        gettext_lazy("待我确认的联名提案"),
        rows=confirm_rows,
        todo=confirm_todo,
        late=registry.never_late,
    ),
    registry.TodoKind(
        "proposals.rate",
        gettext_lazy("待评价的答复"),
        rows=rate_rows,
        todo=rate_todo,
        late=registry.late_after_days(lambda: registry.local_date("replied_at"), "rating_days"),
    ),
    registry.TodoKind(
        "proposals.sign",
        gettext_lazy("待签收"),
        rows=sign_rows,
        todo=sign_todo,
        late=registry.late_after_days(lambda: registry.local_date("assigned_at"), "objection_days"),
    ),
    registry.TodoKind(
        "proposals.reply",
        gettext_lazy("待答复的提案"),
        rows=reply_rows,
        todo=assignment_todo,
        late=registry.late_by_date("deadline"),
    ),
    registry.TodoKind(
        "proposals.review", gettext_lazy("待审查提案"), rows=review_rows, todo=review_todo, late=registry.never_late
    ),
    registry.TodoKind(
        "proposals.extension",
        gettext_lazy("待审批的延期申请"),
        rows=extension_rows,
        todo=extension_todo,
        late=registry.late_by_date("assignment__deadline"),
    ),
    registry.TodoKind(
        "proposals.overdue",
        gettext_lazy("逾期未答复"),
        rows=overdue_rows,
        todo=overdue_todo,
        late=registry.late_by_date("deadline"),
    ),
    registry.TodoKind(
        "proposals.supervise",
        gettext_lazy("我督办的重点提案"),
        rows=supervise_rows,
        todo=supervise_todo,
        late=registry.late_by_date("due"),
    ),
]
