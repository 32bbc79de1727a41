"""Reads of the supervision module: who may read the registers (their one filter is
`core.registers.filter_records`), and the litigation clues drawn from a proposal or an opinion
report, as registry links (the source's detail page lists them without importing this module)."""

from django.db.models import Value
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions, registry
from lvzhi.supervision.models import LitigationClue


def can_read(user) -> bool:
    return permissions.can_read(user, Permission.SUPERVISION)


# The clue's foreign key to each source model it may be drawn from.
CLUE_SOURCES = {"proposals.Proposal": "proposal", "opinions.OpinionReport": "opinion_report"}


def _clues_from(obj, user):
    """The litigation clues drawn from `obj` (a proposal or an opinion report) that `user` may open:
    supervision readers (its staff and leaders) in their committee scope."""
    field = CLUE_SOURCES.get(obj._meta.label)
    clues = LitigationClue.objects.visible_to(user)
    if field is None or clues.query.is_empty():
        return None
    return clues.filter(**{field: obj.pk}).annotate(may_open=Value(True))


clue_links = registry.LinkSource("source-clues", _("公益诉讼线索"), _clues_from, "supervision:clue_detail")
