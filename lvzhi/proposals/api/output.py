"""What the proposals API returns: rows, details with their timeline, assignments; and the
objects a path names, within the caller's visibility (404 otherwise)."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core.api import get_visible
from lvzhi.core.errors import Invalid
from lvzhi.core.workflow import timeline
from lvzhi.proposals.actions import PROPOSAL_ACTIONS
from lvzhi.proposals.models import Assignment, CoProposer, ExtensionRequest, Proposal


def _assignment_out(a: Assignment) -> dict:
    return {
        "id": a.pk,
        "committee": a.committee_id,
        "proposal": a.proposal_id,
        "proposal_title": a.proposal.title,
        "unit": a.unit_id,
        "unit_name": a.unit.name,
        "role": a.role,
        "state": a.state,
        "assigned_at": a.assigned_at,
        "deadline": a.deadline,
        "signed_at": a.signed_at,
        "objection_reason": a.objection_reason,
        "opinion_text": a.opinion_text,
        "reply_category": a.reply_category.code if a.reply_category_id else None,
        "reply_text": a.reply_text,
        "reply_contact": a.reply_contact,
        "reply_letter": _file(a.proposal, a.reply_letter) if a.reply_letter_id else None,
        "replied_at": a.replied_at,
        "round": a.round,
        "overdue": a.is_overdue(),
        "evaluations": [
            {"member": e.member_id, "rating": e.rating, "comment": e.comment, "round": e.round}
            for e in a.evaluations.all()
        ],
    }


def _row(p: Proposal) -> dict:
    return {
        "id": p.pk,
        "committee": p.committee_id,
        "state": p.state,
        "number": p.number,
        "title": p.title,
        "kind": p.kind,
        "category": p.category.name if p.category_id else None,
        "proposer": p.proposer_id,
        "proposer_name": p.proposer_label,
        "session": p.session_id,
        "is_key": p.is_key,
        "is_excellent": p.is_excellent,
        "submitted_at": p.submitted_at,
    }


ASSIGNMENT_RELATED = ("proposal", "unit", "reply_category", "reply_letter")


def _detail(p: Proposal, user, *, loaded: bool = False) -> dict:
    """The proposal's detail as the caller sees it; read afresh (`_load`) unless `loaded` says `p` was
    just read that way (a GET): after a write the rows and the caller's view of them have moved."""
    if not loaded:
        p = _load(user, p.pk)
    assignments = (
        Assignment.objects.visible_to(user)
        .filter(proposal=p)
        .select_related(*ASSIGNMENT_RELATED)
        .prefetch_related("evaluations")
    )
    return {
        **_row(p),
        "situation": p.situation,
        "analysis": p.analysis,
        "suggestions": p.suggestions,
        "party": p.party_id,
        "sector": p.sector_id,
        "special_committee": p.special_committee_id,
        "coproposers": [
            {
                "member": c.member_id,
                "name": c.member.name,
                "confirmed": bool(c.confirmed_at),
                "paper_signature": c.paper_signature,
            }
            for c in p.coproposers.all()
        ],
        "merged_into": p.merged_into_id,
        "converted_target": p.converted_target,
        "opinion_report": next(iter(p.opinion_reports.values_list("pk", flat=True)), None),
        "reject_reason": p.reject_reason.name if p.reject_reason_id else None,
        "review_note": p.review_note,
        "supervising_leaders": [m.pk for m in p.supervising_leaders.all()],
        "attachments": [
            {"id": f.pk, "name": f.name, "size": f.size, "url": reverse("proposals:file", args=[p.pk, f.pk])}
            for f in p.attachments.all()
        ],
        "supervisions": [
            {
                "id": s.pk,
                "kind": s.kind,
                "date": s.date,
                "leader": s.leader_id,
                "notes": s.notes,
                "attachments": [_file(p, f) for f in s.attachments.all()],
            }
            for s in p.supervisions.prefetch_related("attachments").order_by("date", "id")
        ],
        "assignments": [_assignment_out(a) for a in assignments],
        "timeline": [
            {
                "action": t.action,
                "from": t.from_state,
                "to": t.to_state,
                "actor": t.actor.username if t.actor else None,
                "at": t.at,
                "note": t.note,
            }
            for t in timeline(p)
        ],
        "actions": [a.name for a in PROPOSAL_ACTIONS.for_user(p, user)],
    }


def _file(p, f) -> dict:
    return {"id": f.pk, "name": f.name, "size": f.size, "url": reverse("proposals:file", args=[p.pk, f.pk])}


def _load(user, pk) -> Proposal:
    qs = Proposal.objects.select_related(
        "committee", "proposer", "category", "party", "sector", "special_committee", "reject_reason", "term", "session"
    ).prefetch_related(
        Prefetch("coproposers", queryset=CoProposer.objects.select_related("member")),
        "supervising_leaders",
        "attachments",
    )
    return get_visible(qs, user, pk)


def _assignment(user, pk) -> Assignment:
    qs = Assignment.objects.select_related("proposal__committee", "unit", "committee", "reply_category", "reply_letter")
    return get_visible(qs.prefetch_related("evaluations"), user, pk)


def _proposal_assignment(user, proposal, pk) -> Assignment:
    a = Assignment.objects.visible_to(user).filter(proposal=proposal, pk=pk).select_related("proposal").first()
    if a is None:
        raise Invalid(errors={"assignment": [_("这件提案没有这个交办。")]})
    return a


def _extension(user, pk) -> ExtensionRequest:
    qs = ExtensionRequest.objects.select_related("assignment__proposal", "assignment__unit", "committee")
    return get_visible(qs, user, pk)


def _extension_out(e: ExtensionRequest) -> dict:
    return {
        "id": e.pk,
        "committee": e.committee_id,
        "assignment": e.assignment_id,
        "until": e.until,
        "reason": e.reason,
        "state": e.state,
        "requested_at": e.requested_at,
        "decided_at": e.decided_at,
    }
