"""What every activity page shares: who may read, the activity fetched within scope, running an
action-table step from a page."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityState, AttendanceState
from lvzhi.activities.models import Activity, Attendance
from lvzhi.activities.services import can_manage, can_read
from lvzhi.activities.services import is_member_user as is_member
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
