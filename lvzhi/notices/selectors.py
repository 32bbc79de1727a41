"""Reads of the notices module: the recipient's inbox, the office's list, receipts."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from lvzhi.core.periods import parse_period
from lvzhi.core.scope import committee_named
from lvzhi.notices.choices import NoticeKind, NoticeState
from lvzhi.notices.models import Notice, NoticeRead, NoticeReply, NoticeRevision
from lvzhi.notices.services import recipient_users

FILTER_KEYS = ("q", "kind", "state", "committee", "period", "unread", "to_reply")


def _flag(value) -> bool:
    return str(value).lower() in ("1", "true", "on", "yes")


def inbox(user, params: dict | None = None):
    """The notices addressed to a member or unit user: pinned first, then newest; `is_read` and
    `is_replied` annotated; filters q, kind, unread, to_reply."""
    params = params or {}
    qs = Notice.objects.addressed_to(user).select_related("committee")
    qs = qs.annotate(
        is_read=Exists(NoticeRead.objects.filter(notice=OuterRef("pk"), user=user)),
        is_replied=Exists(NoticeReply.objects.filter(notice=OuterRef("pk"), user=user)),
    )
    qs = _common_filters(qs, params)
    if _flag(params.get("unread")):
        qs = qs.filter(is_read=False)
    if _flag(params.get("to_reply")):
        qs = to_reply(qs)
    return qs.order_by("-pinned", "-published_at", "-id")


def to_reply(qs):
    """Of an annotated inbox: replies required, not given, deadline not passed."""
    return qs.filter(reply_required=True, is_replied=False, reply_deadline__gte=timezone.now())


def office_list(user, committee_ids, params: dict | None = None):
    """The office's list: every notice of the chosen committees, with read and reply counts."""
    params = params or {}
    qs = Notice.objects.visible_to(user).filter(committee_id__in=committee_ids).select_related("committee")
    qs = _common_filters(qs, params)
    state = params.get("state") or ""
    if state in NoticeState.values:
        qs = qs.filter(state=state)
    committee = committee_named(params.get("committee"), committee_ids)
    if committee is not None:
        qs = qs.filter(committee=committee)
    period = (params.get("period") or "").strip()
    if period:
        qs = qs.filter(parse_period(period).q("published_at", is_datetime=True))
    qs = qs.annotate(read_count=_per_notice(NoticeRead), reply_count=_per_notice(NoticeReply))
    return qs.order_by("-pinned", "-published_at", "-created_at", "-id")


def _per_notice(model):
    """The rows of `model` of each notice, counted in a subquery of its own: two counts joined in one
    query would multiply reads by replies before the DISTINCT (seconds a page for a province)."""
    rows = model.objects.filter(notice=OuterRef("pk")).order_by().values("notice").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n"), output_field=IntegerField()), 0)


def _common_filters(qs, params):
    q = (params.get("q") or "").strip()[:100]
    if q and "\x00" not in q:
        qs = qs.filter(Q(title__icontains=q))
    kind = params.get("kind") or ""
    if kind in NoticeKind.values:
        qs = qs.filter(kind=kind)
    return qs


def detail_related(qs):
    return qs.select_related("committee", "created_by").prefetch_related(
        "attachments",
        Prefetch("revisions", queryset=NoticeRevision.objects.select_related("edited_by")),
    )


def receipts(notice):
    """Every recipient with when they read and replied: [(user, read_at, reply)] in a few queries."""
    users = list(recipient_users(notice).select_related("committee", "member", "unit").order_by("name", "username"))
    reads = dict(NoticeRead.objects.filter(notice=notice).values_list("user_id", "read_at"))
    replies = {r.user_id: r for r in NoticeReply.objects.filter(notice=notice)}
    # someone who replied but has since left the audience still shows
    extra = (set(reads) | set(replies)) - {u.pk for u in users}
    if extra:
        users += list(get_user_model().objects.filter(pk__in=extra).select_related("committee", "member", "unit"))
    return [(u, reads.get(u.pk), replies.get(u.pk)) for u in users]
