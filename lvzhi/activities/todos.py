"""What awaits a user in the activities module (the to-do centre's kinds, see registry.TodoKind): a
member answers invitations; the office decides leave requests and closes activities that have ended
(attendance to record)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.activities.choices import ActivityState, AttendanceState
from lvzhi.activities.models import Activity, Attendance
from lvzhi.core import permissions, registry
from lvzhi.core.scope import committee_ids


def _url(activity_id):
    return reverse("activities:detail", args=[activity_id])


def _office_ids(user):
    return committee_ids(user) if user.has_module_perm(Permission.ACTIVITIES) else frozenset()


def invitation_rows(user):
    """Invitations to activities still to come that the member has not answered."""
    if not permissions.is_member_user(user):
        return None
    return (
        Attendance.objects.filter(
            member_id=user.member_id,
            state=AttendanceState.INVITED,
            activity__state=ActivityState.PLANNED,
            activity__start__gte=registry.this_minute(),
        )
        .select_related("activity")
        .order_by("activity__start", "id")
    )


def invitation_todo(attendance):
    activity = attendance.activity
    start = timezone.localtime(activity.start)
    note = f"{start:%Y-%m-%d %H:%M} {activity.place}".strip()
    return registry.Todo(activity.topic, _url(activity.pk), start.date(), note=note)


def leave_rows(user):
    """Leave requests the office has still to decide, for activities not yet closed."""
    ids = _office_ids(user)
    if not ids:
        return None
    return (
        Attendance.objects.filter(
            committee_id__in=ids, state=AttendanceState.LEAVE_REQUESTED, activity__state=ActivityState.PLANNED
        )
        .select_related("activity", "member")
        .order_by("activity__start", "id")
    )


def leave_todo(attendance):
    activity = attendance.activity
    note = f"{attendance.member} · {attendance.leave_reason}".strip(" ·")
    return registry.Todo(activity.topic, _url(activity.pk), timezone.localtime(activity.start).date(), note=note)


def finish_rows(user):
    """Activities that have ended but are still planned: the office records attendance and closes them."""
    ids = _office_ids(user)
    if not ids:
        return None
    return (
        Activity.objects.filter(committee_id__in=ids, state=ActivityState.PLANNED, end__lt=registry.this_minute())
        .select_related("committee")
        .order_by("end", "id")
    )


def finish_todo(activity):
    end = timezone.localtime(activity.end)
    return registry.Todo(activity.topic, _url(activity.pk), end.date(), note=activity.committee.short_name)


TODOS = [
    registry.TodoKind(
        "activities.invitation",
        _("待答复的活动邀请"),
        rows=invitation_rows,
        todo=invitation_todo,
        late=registry.late_by_datetime("activity__start"),
    ),
    registry.TodoKind(
        "activities.leave",
        _("待审批的请假"),
        rows=leave_rows,
        todo=leave_todo,
        late=registry.late_by_datetime("activity__start"),
    ),
    registry.TodoKind(
        "activities.finish",
        _("已结束待登记的活动"),
        rows=finish_rows,
        todo=finish_todo,
        late=registry.late_by_datetime("end"),
    ),
]
