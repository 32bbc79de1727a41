"""What every activity page shares: who may read, the activity fetched within scope, running an
action-table step from a page."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityState, AttendanceState
from lvzhi.activities.models import Activity, Attendance
from lvzhi.activities.services import can_manage, can_read
from lvzhi.activities.services import is_member_user as is_member
from lvzhi.core.actions import success_message
from lvzhi.core.errors import Invalid, NotFound, ServiceError
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


def service_error_message(exc: ServiceError) -> str:
    """A refusal as one line for a page message: what was wrong, then each field's problem."""
    return "；".join([str(exc.message), *[str(m) for v in exc.errors.values() for m in v]])


def run_page_action(request, table, obj, name: str) -> bool:
    """Run one action of an action table (`lvzhi.activities.actions`) from its page form; the page
    then redirects back to the record. Success and refusal become messages. An unknown action is
    404; a step the state no longer allows (a stale page) gets the service's own refusal."""
    action = table.get(name)
    form = action.build_form(obj, request.user, request.POST, request.FILES)
    try:
        if form is not None and not form.is_valid():
            raise Invalid(errors={field: list(errors) for field, errors in form.errors.items()})
        action.run(request.user, obj, dict(form.cleaned_data) if form is not None else {})
    except ServiceError as exc:
        messages.error(request, service_error_message(exc))
        return False
    messages.success(request, success_message(action))
    return True


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
