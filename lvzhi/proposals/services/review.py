"""Review: submit, return, file (numbered), reject, convert, merge, withdraw."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import registry
from lvzhi.core.cleaning import as_id
from lvzhi.core.notifications import notify
from lvzhi.core.numbering import format_number, next_number
from lvzhi.org.models import chinese_numeral
from lvzhi.proposals.choices import FILED_STATES, AssignmentState, ConvertTarget
from lvzhi.proposals.models import Assignment, Proposal, RejectionReason
from lvzhi.proposals.rules import read_policy
from lvzhi.proposals.services.common import _note, _pick, detail_url, notify_proposers, office_users
from lvzhi.proposals.services.flows import ASSIGNMENT_FLOW, PROPOSAL_FLOW


def submit_proposal(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    note = _note(note)

    def apply(p):
        p.submitted_at = timezone.now()

    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "submit", actor=actor, note=note, apply=apply)
        notify(
            office_users(proposal.committee_id),
            title=_("新提案待审查：%(t)s") % {"t": proposal.title},
            url=detail_url(proposal),
            committee=proposal.committee,
            kind="proposals.submitted",
        )
    return proposal


def return_proposal(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    note = _note(note, required=True)
    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "return", actor=actor, note=note)
        notify_proposers(proposal, _("提案退回修改：%(t)s") % {"t": proposal.title}, note, kind="proposals.review")
    return proposal


def file_proposal(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    """立案: the next gap-free number of the committee's term and session."""
    note = _note(note)

    def apply(p):
        policy = read_policy(p.committee_id)
        key = f"{p.term.number}-{p.session.number if p.session_id else 0}"
        n = next_number(p.committee_id, key)
        pattern = policy.number_pattern if p.session_id else policy.between_sessions_pattern
        p.serial = n
        p.number = format_number(
            pattern,
            term=chinese_numeral(p.term.number),
            session=chinese_numeral(p.session.number) if p.session_id else "",
            n=n,
        )
        p.filed_at = timezone.now()

    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "file", actor=actor, note=note, apply=apply)
        registry.sync_derived(proposal)
        notify_proposers(
            proposal, _("提案已立案：%(n)s %(t)s") % {"n": proposal.number, "t": proposal.title}, kind="proposals.filed"
        )
    return proposal


def reject_proposal(*, actor, proposal: Proposal, reason, note: str = "") -> Proposal:
    errors: dict = {}
    picked = _pick(RejectionReason, proposal.committee_id, reason, by_name=True)
    if picked is None:
        errors["reason"] = [_("请从本委员会的不予立案理由中选择。")]
    note = _note(note, errors)

    def apply(p):
        p.reject_reason, p.review_note = picked, note

    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "reject", actor=actor, note=f"{picked.name}。{note}".strip("。 "), apply=apply)
        notify_proposers(
            proposal,
            _("提案不予立案：%(t)s") % {"t": proposal.title},
            _("理由：%(r)s。%(n)s") % {"r": picked.name, "n": note},
            kind="proposals.review",
        )
    return proposal


def convert_proposal(*, actor, proposal: Proposal, target, note: str = "") -> Proposal:
    errors: dict = {}
    if target not in ConvertTarget.values:
        errors["target"] = [_("请选择转为意见建议或转社情民意信息。")]
    note = _note(note, errors)

    def apply(p):
        p.converted_target, p.review_note = target, note

    with transaction.atomic():
        label = ConvertTarget(target).label
        PROPOSAL_FLOW.perform(proposal, "convert", actor=actor, note=f"{label}。{note}".strip("。 "), apply=apply)
        if target == ConvertTarget.OPINION:
            registry.provided("opinions.report_from_proposal")(actor=actor, proposal=proposal)
        notify_proposers(
            proposal, _("提案%(what)s：%(t)s") % {"what": label, "t": proposal.title}, note, kind="proposals.review"
        )
    return proposal


def merge_proposal(*, actor, proposal: Proposal, into, note: str = "") -> Proposal:
    """并案 into a filed proposal of the same committee: they share its handling."""
    errors: dict = {}
    pk = getattr(into, "pk", into)
    target = None
    if as_id(pk):
        target = Proposal.objects.filter(
            committee_id=proposal.committee_id, pk=as_id(pk), state__in=FILED_STATES, merged_into__isnull=True
        ).first()
    if target is None or target.pk == proposal.pk:
        errors["into"] = [_("请选择本委员会一件已立案的提案。")]
    note = _note(note, errors)

    def apply(p):
        p.merged_into = target

    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "merge", actor=actor, note=note or target.number, apply=apply)
        registry.sync_derived(proposal)
        notify_proposers(
            proposal,
            _("提案已并入 %(n)s：%(t)s") % {"n": target.number, "t": target.title},
            note,
            kind="proposals.review",
        )
    return proposal


def withdraw_proposal(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    note = _note(note)
    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "withdraw", actor=actor, note=note)
        registry.sync_derived(proposal)
        for assignment in Assignment.objects.filter(
            proposal=proposal, state__in=[AssignmentState.PENDING, AssignmentState.SIGNED]
        ).order_by("pk"):
            assignment.proposal = proposal
            ASSIGNMENT_FLOW.perform(assignment, "withdraw", actor=actor, note=note)
        notify_proposers(proposal, _("提案已撤案：%(t)s") % {"t": proposal.title}, note, kind="proposals.review")
    return proposal
