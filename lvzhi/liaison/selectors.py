"""Reads of the liaison module: who may read it (a register's one filter is
`core.registers.filter_records`), and the links from an activity to the themed activities held as it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lvzhi.core import permissions, registry
from lvzhi.liaison.models import PERMISSION, Engagement


def can_read(user) -> bool:
    return permissions.can_read(user, PERMISSION)


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
