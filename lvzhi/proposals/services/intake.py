"""A proposal draft from another module's work, offered through the registry
(`proposals.draft_from_deliberation`): the deliberation office turns a topic's outcome into a joint
draft whose co-proposers (the contributors) are asked to confirm, as with any joint draft."""

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.errors import Forbidden
from lvzhi.proposals.choices import ProposerKind
from lvzhi.proposals.models import Proposal, ProposalCategory
from lvzhi.proposals.services.drafting import create_proposal
from lvzhi.proposals.services.flows import is_office
from lvzhi.proposals.services.rules import policy_for


@transaction.atomic
def draft_from_deliberation(
    *, actor, committee, title: str, situation: str, suggestions: str, proposer_id, coproposer_ids=(), category=None
) -> Proposal:
    """A draft in the name of `proposer_id` (a current member of the committee) entered by the
    proposals office; with co-proposers it is a joint proposal and each of them is notified to
    confirm (`create_proposal`). The category defaults to the committee's first one."""
    if not is_office(actor, committee):
        raise Forbidden(_("只有提案工作人员可以把议政成果转为提案。"))
    policy_for(committee, actor=actor)
    if category in (None, ""):
        first = ProposalCategory.objects.filter(committee=committee).order_by("pk").first()
        category = first.pk if first else None
    others = [pk for pk in dict.fromkeys(coproposer_ids) if pk != proposer_id]
    data = {
        "title": title,
        "situation": situation,
        "suggestions": suggestions,
        "category": category,
        "proposer": proposer_id,
        "kind": ProposerKind.JOINT if others else ProposerKind.INDIVIDUAL,
        "coproposers": others,
    }
    proposal = create_proposal(actor=actor, data=data, committee=committee)
    audit.record(
        "proposal.from_deliberation",
        actor=actor,
        obj=proposal,
        after={"proposer": proposer_id, "coproposers": others},
    )
    return proposal
