"""Helpers of the proposal pages: objects fetched within the user's visibility, or 404."""

from lvzhi.core.api import MAX_ID
from lvzhi.core.errors import NotFound
from lvzhi.proposals.models import Assignment, Proposal


def get_proposal_for_user(request, pk) -> Proposal:
    if not 0 < int(pk) <= MAX_ID:
        raise NotFound()
    proposal = (
        Proposal.objects.visible_to(request.user)
        .select_related(
            "committee", "term", "session__term", "proposer", "category", "party", "sector", "special_committee"
        )
        .select_related("merged_into", "reject_reason", "created_by")
        .prefetch_related("coproposers__member", "attachments", "supervising_leaders")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise NotFound()
    return proposal


def get_assignment_for_user(request, pk) -> Assignment:
    if not 0 < int(pk) <= MAX_ID:
        raise NotFound()
    assignment = (
        Assignment.objects.visible_to(request.user)
        .select_related("proposal__committee", "unit", "committee")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise NotFound()
    return assignment
