"""Reads of the supervision module: who may read the registers (their one filter is
`core.registers.filter_records`), and the litigation clues drawn from a proposal or an opinion
report, as registry links (the source's detail page lists them without importing this module)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions, registry
from lvzhi.supervision.models import LitigationClue


def can_read(user) -> bool:
    return permissions.can_read(user, Permission.SUPERVISION)


# The clue's foreign key to each source model it may be drawn from.
CLUE_SOURCES = {"proposals.Proposal": "proposal", "opinions.OpinionReport": "opinion_report"}


def clue_links(obj, user) -> list[registry.Link]:
    """The litigation clues drawn from `obj` (a proposal or an opinion report) that `user` may open:
    supervision readers (its staff and leaders) in their committee scope. One query."""
    field = CLUE_SOURCES.get(obj._meta.label)
    if field is None or obj.pk is None:
        return []
    clues = LitigationClue.objects.visible_to(user).filter(**{field: obj.pk}).only("pk", "title", "state")
    return [
        registry.Link(
            label=_("公益诉讼线索"),
            title=clue.title,
            url=reverse("supervision:clue_detail", args=[clue.pk]),
            state=clue.get_state_display(),
            key="source-clues",
        )
        for clue in clues
    ]
