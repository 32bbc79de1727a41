"""Helpers of the proposal pages: objects fetched within the user's visibility, or 404."""

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects

from lvzhi.core.api import MAX_ID
from lvzhi.core.errors import NotFound
from lvzhi.proposals.models import Assignment, CoProposer, Proposal


def get_proposal_for_user(request, pk) -> Proposal:
    if not 0 < int(pk) <= MAX_ID:
        raise NotFound()
    proposal = (
        Proposal.objects.visible_to(request.user)
        .select_related(
            "committee", "term", "session__term", "proposer", "category", "party", "sector", "special_committee"
        )
        .select_related("merged_into", "reject_reason", "created_by")
        .prefetch_related(
            Prefetch("coproposers", CoProposer.objects.select_related("member")),
            "attachments",
        )
        .annotate(has_merged=Exists(Proposal.objects.filter(merged_into=OuterRef("pk"))))
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise NotFound()
    # the proposals merged into it (few have any): the page lists them with their proposers, and their
    # co-proposers rate the replies too (`services.flows.raters_of`)
    proposal.merged_proposals = (
        list(proposal.merged.select_related("proposer").prefetch_related("coproposers")) if proposal.has_merged else []
    )
    if proposal.is_key:  # the page names a key proposal's supervising leaders (and only a key one's)
        prefetch_related_objects([proposal], "supervising_leaders")
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
