"""Reads of the supervision module: who may read the registers, the one filter of a register's list
(its page, its export and the API), and the litigation clues drawn from a proposal or an opinion
report, as registry links (the source's detail page lists them without importing this module)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions, registry
from lvzhi.core.cleaning import DATE_MAX, DATE_MIN
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.supervision.models import LitigationClue
from lvzhi.supervision.registers import Register


def can_read(user) -> bool:
    return permissions.can_read(user, Permission.SUPERVISION)


def filter_records(register: Register, qs, params, user):
    """One filter for the list page, its export and the API."""
    text = (params.get("committee") or "").strip()
    if text:  # a committee named by id or GB/T 2260 code; one outside the scope (or none) matches nothing
        found = committee_named(text, committee_ids(user))
        qs = qs.filter(committee=found) if found is not None else qs.none()
    for param, _label, choices in register.filters:
        value = params.get(param) or ""
        if value and value in [c[0] for c in choices]:
            qs = qs.filter(**{param: value})
    if register.has_state:
        state = params.get("state") or ""
        if state in [c[0] for c in register.model._meta.get_field("state").choices]:
            qs = qs.filter(state=state)
    for param, lookup in (("date_from", "gte"), ("date_to", "lte")):
        text = (params.get(param) or "").strip()[:10]
        try:
            day = parse_date(text) if text else None
        except ValueError:
            day = None
        if day and DATE_MIN <= day <= DATE_MAX:  # a date outside the platform's range filters nothing
            qs = qs.filter(**{f"{register.date_field}__{lookup}": day})
    q = (params.get("q") or "").strip()[:100]
    if q:
        condition = Q()
        for lookup in register.search:
            condition |= Q(**{lookup: q})
        qs = qs.filter(condition)  # own columns and foreign keys only: no duplicate rows
    return qs


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
