"""Reads of the liaison module: who may read it (a register's one filter is
`core.registers.filter_records`), and the links from an activity to the themed activities held as it."""

from django.db.models import Value
from django.utils.translation import gettext_lazy as _

from lvzhi.core import permissions, registry
from lvzhi.liaison.models import PERMISSION, Engagement


def can_read(user) -> bool:
    return permissions.can_read(user, PERMISSION)


def _engagements_held_as(obj, user):
    """The themed activities (联系记录) held as `obj`, an activity, that `user` may open."""
    engagements = Engagement.objects.visible_to(user)
    if obj._meta.label != "activities.Activity" or engagements.query.is_empty():
        return None
    return engagements.filter(activity_id=obj.pk).annotate(may_open=Value(True))


activity_links = registry.LinkSource(
    "liaison-engagements", _("联谊联络"), _engagements_held_as, "liaison:engagement_detail", state="kind"
)
