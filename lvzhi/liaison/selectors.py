"""Reads of the liaison module: who may read it, the one filter of a register's list (its page, its
export and the API), and the links from an activity to the themed activities held as it."""

from django.db.models import Q
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from lvzhi.core import permissions, registry
from lvzhi.core.cleaning import DATE_MAX, DATE_MIN
from lvzhi.core.registers import Register
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.liaison.models import PERMISSION, Engagement


def can_read(user) -> bool:
    return permissions.can_read(user, PERMISSION)


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
        qs = qs.filter(condition)
    return qs


def activity_links(obj, user) -> list[registry.Link]:
    """The themed activities (联系记录) held as `obj`, an activity, that `user` may open. One query."""
    if obj._meta.label != "activities.Activity" or obj.pk is None:
        return []
    rows = Engagement.objects.visible_to(user).filter(activity_id=obj.pk).only("pk", "title", "kind")
    return [
        registry.Link(
            label=_("联谊联络"),
            title=row.title,
            url=reverse("liaison:engagement_detail", args=[row.pk]),
            state=row.get_kind_display(),
            key="liaison-engagements",
        )
        for row in rows
    ]
