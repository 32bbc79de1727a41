"""Helpers of the proposal pages: objects fetched within the user's visibility, or 404."""

from django.db.models import Exists, OuterRef, Prefetch

from lvzhi.core.api import MAX_ID
from lvzhi.core.batch import prefetch_present
from lvzhi.core.errors import NotFound
from lvzhi.core.models import Attachment
from lvzhi.proposals.models import Assignment, CoProposer, Proposal, Supervision


def get_proposal_for_user(request, pk) -> Proposal:
    if not 0 < int(pk) <= MAX_ID:
        raise NotFound()
    proposal = (
        Proposal.objects.visible_to(request.user)
        .select_related(
            "committee", "term", "session__term", "proposer", "category", "party", "sector", "special_committee"
        )
        .select_related("merged_into", "reject_reason", "created_by")
        # which of its lists it has: those it has none in are not read (`batch.prefetch_present`)
        .annotate(
            has_merged=Exists(Proposal.objects.filter(merged_into=OuterRef("pk"))),
            has_coproposers=_has_coproposers(),
            has_attachments=Exists(Proposal.attachments.through.objects.filter(proposal=OuterRef("pk"))),
            has_supervisions=Exists(Supervision.objects.filter(proposal=OuterRef("pk"))),
            has_assignments=Exists(Assignment.objects.filter(proposal=OuterRef("pk"))),
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise NotFound()
    # the proposals merged into it (few have any): the page lists them with their proposers, and their
    # co-proposers rate the replies too (`services.flows.raters_of`), read with the proposal's own
    proposal.merged_proposals = (
        list(proposal.merged.select_related("proposer").annotate(has_coproposers=_has_coproposers()))
        if proposal.has_merged
        else []
    )
    prefetch_present(
        [proposal, *proposal.merged_proposals], Prefetch("coproposers", CoProposer.objects.select_related("member"))
    )
    prefetch_present([proposal], Prefetch("attachments", Attachment.objects.all()))
    return proposal


def _has_coproposers():
    return Exists(CoProposer.objects.filter(proposal=OuterRef("pk")))


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
