"""What every activity page shares: who may read, the activity fetched within scope, filters."""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.activities.choices import ActivityKind, ActivityState, AttendanceState
from lvzhi.activities.models import Activity, Attendance
from lvzhi.activities.services import can_manage
from lvzhi.core import permissions
from lvzhi.core.actions import success_message
from lvzhi.core.errors import Invalid, NotFound, ServiceError
from lvzhi.core.scope import active_committee_ids, committee_ids, committee_named
from lvzhi.org.models import Committee

PAGE_SIZE = 50


def can_read(user) -> bool:
    return permissions.can_read(user, Permission.ACTIVITIES)


def is_member(user) -> bool:
    return permissions.is_member_user(user)


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
        found = committee_named(committee, committee_ids(user))
        qs = qs.filter(committee=found) if found is not None else qs.none()
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
