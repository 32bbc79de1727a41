"""What every activity page shares: who may read, the activity fetched within scope, filters."""

import datetime
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.activities.choices import ActivityKind, ActivityState, AttendanceState
from lvzhi.activities.models import Activity, Attendance
from lvzhi.activities.services import can_manage
from lvzhi.core.errors import NotFound
from lvzhi.core.scope import active_committee_ids, committee_ids
from lvzhi.org.models import Committee

PAGE_SIZE = 50


def can_read(user) -> bool:
    return user.can_read_module(Permission.ACTIVITIES)


def is_member(user) -> bool:
    return bool(user.member_id) and user.has_role(Role.MEMBER)


def reader_required(view):
    """Staff with the activities permission and leaders (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def participant_required(view):
    """Readers, and members (who see their own committee's activities and their invitations)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (can_read(request.user) or is_member(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def get_activity_for_user(request, pk) -> Activity:
    activity = Activity.objects.visible_to(request.user).select_related("committee").filter(pk=pk).first()
    if activity is None:
        raise NotFound()
    return activity


def get_managed_activity(request, pk) -> Activity:
    activity = get_activity_for_user(request, pk)
    if not can_manage(request.user, activity.committee_id):
        raise PermissionDenied
    return activity


def manageable_committees(request):
    ids = [pk for pk in active_committee_ids(request) if can_manage(request.user, pk)]
    return Committee.objects.filter(id__in=ids).order_by("path")


def scoped_activities(request):
    """The activities the pages list: readers see the scope switcher's committees; members see
    their committee's activities and their invitations."""
    qs = Activity.objects.visible_to(request.user)
    if can_read(request.user):
        qs = qs.filter(committee_id__in=active_committee_ids(request))
    return qs


def _aware(day: datetime.date, *, end=False):
    tz = timezone.get_current_timezone()
    if end:
        day = day + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)


def filter_activities(qs, params, user):
    """One filter for the list page, its export and (by the same names) the API."""
    kind = params.get("kind") or ""
    if kind in ActivityKind.values:
        qs = qs.filter(kind=kind)
    if params.get("subkind"):
        qs = qs.filter(subkind=params["subkind"].strip())
    state = params.get("state") or ""
    if state in ActivityState.values:
        qs = qs.filter(state=state)
    committee = (params.get("committee") or "").strip()
    if committee:
        found = Committee.objects.filter(id__in=committee_ids(user)).filter(
            Q(code=committee) | Q(pk=int(committee) if committee.isdigit() and len(committee) < 10 else 0)
        )
        qs = qs.filter(committee__in=found)
    start = parse_date(params.get("date_from") or "") if (params.get("date_from") or "")[:10] else None
    if start:
        qs = qs.filter(start__gte=_aware(start))
    end = parse_date(params.get("date_to") or "") if (params.get("date_to") or "")[:10] else None
    if end:
        qs = qs.filter(start__lt=_aware(end, end=True))
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(topic__icontains=q) | Q(place__icontains=q) | Q(organiser__icontains=q) | Q(subkind=q))
    return qs


def safe_filter(qs, params, user):
    try:
        return filter_activities(qs, params, user)
    except ValueError:
        return qs.none()


def with_counts(qs):
    return qs.annotate(
        invited_count=Count("attendances", distinct=True),
        present_count=Count("attendances", filter=Q(attendances__state=AttendanceState.PRESENT), distinct=True),
    )


def home_panel(request):
    """The member's pending invitations on the home page."""
    user = request.user
    if not is_member(user):
        return None
    rows = list(
        Attendance.objects.filter(
            member_id=user.member_id,
            activity__state=ActivityState.PLANNED,
            state__in=[AttendanceState.INVITED, AttendanceState.ATTENDING, AttendanceState.LEAVE_REQUESTED],
        )
        .select_related("activity")
        .order_by("activity__start")[:5]
    )
    return {"title": _("我的活动邀请"), "template": "activities/_home_panel.html", "rows": rows}
