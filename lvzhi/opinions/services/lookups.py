"""Lookups shared by pages and API: a report or issue within the user's scope, overdue items."""

import datetime

from django.db.models import Q
from django.utils import timezone

from lvzhi.core.errors import NotFound
from lvzhi.opinions.models import (
    OpinionIssue,
    OpinionReport,
    OpinionSettings,
    reads_all_in_scope,
)
from lvzhi.opinions.services.flow import R
from lvzhi.org.models import Party


def get_report(user, pk) -> OpinionReport:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    report = (
        OpinionReport.objects.visible_to(user)
        .select_related("committee", "committee__parent", "issue", "source", "source__committee", "combined_into")
        .select_related("committee__opinion_settings")  # its page's length warning
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise NotFound()
    return report


def visible_issues(user):
    if not reads_all(user):
        return OpinionIssue.objects.none()
    return OpinionIssue.objects.visible_to(user)


def reads_all(user) -> bool:
    return reads_all_in_scope(user)


def overdue_q(committee_ids_, today=None) -> Q:
    """Items sent (or published) longer ago than their committee's feedback period, not fed back."""
    today = today or timezone.localdate()
    days = dict(
        OpinionSettings.objects.filter(committee_id__in=committee_ids_).values_list("committee_id", "feedback_days")
    )
    default = OpinionSettings._meta.get_field("feedback_days").default
    by_period: dict[int, list] = {}  # the committees of each feedback period: a province's hundred share one
    for committee_id in committee_ids_:
        by_period.setdefault(days.get(committee_id, default), []).append(committee_id)
    tz = timezone.get_current_timezone()
    condition = Q(pk__in=[])
    for period, ids in sorted(by_period.items()):
        limit = today - datetime.timedelta(days=period)
        cutoff = datetime.datetime.combine(limit, datetime.time.min, tzinfo=tz)
        condition |= Q(committee_id__in=sorted(ids)) & (
            Q(state=R.SENT, sent_on__lt=limit) | Q(state=R.PUBLISHED, published_at__lt=cutoff)
        )
    return condition


def parties_for(committee):
    return Party.objects.filter(committee=committee, is_active=True)
