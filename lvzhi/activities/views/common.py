"""What every activity page shares: who may read, the activity fetched within scope, running an
action-table step from a page."""

import datetime
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityState, AttendanceState
from lvzhi.activities.models import Activity, Attendance
from lvzhi.activities.selectors import safe_filter
from lvzhi.activities.services import can_manage, can_read
from lvzhi.activities.services import is_member_user as is_member
from lvzhi.activities.todos import leave_rows as pending_leave
from lvzhi.core.errors import NotFound
from lvzhi.core.scope import active_committee_ids
from lvzhi.org.models import Committee

PAGE_SIZE = 50


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


def _day_query(first, last) -> str:
    return urlencode({"date_from": first.isoformat(), "date_to": last.isoformat()})


def office_panel(request):
    """The office's meetings on the home page: today's and this week's (Monday to Sunday), each count
    opening the activity list filtered to exactly those days, and the leave requests awaiting a
    decision (the to-do centre's list of them)."""
    user = request.user
    if is_member(user) or not can_read(user):
        return None
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    sunday = monday + datetime.timedelta(days=6)
    base = scoped_activities(request)
    windows = []
    for key, label, first, last in (
        ("today", _("今天的会议活动"), today, today),
        ("week", _("本周的会议活动"), monday, sunday),
    ):
        params = {"date_from": first.isoformat(), "date_to": last.isoformat()}
        rows = safe_filter(base, params, user).select_related("committee").order_by("start")
        shown = list(rows[:5])
        count = len(shown) if len(shown) < 5 else rows.count()
        url = f"{reverse('activities:list')}?{_day_query(first, last)}"
        windows.append({"key": key, "label": label, "value": count, "url": url, "rows": shown})
    leave_rows = pending_leave(user)  # the to-do kind activities.leave: the same rows
    return {
        "key": "office-meetings",
        "order": 7,
        "title": _("会议与请假"),
        "template": "activities/_office_panel.html",
        "windows": windows,
        "leave": leave_rows.count() if leave_rows is not None else 0,
        "leave_url": f"{reverse('core:todos')}?kind=activities.leave",
    }
