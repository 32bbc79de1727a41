"""Who may do what with meetings and activities, and the three workflows (attendance, activity,
outcome): one table of allowed transitions each."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission
from lvzhi.activities.choices import EXPECTED_STATES, ActivityState, AttendanceState, OutcomeState
from lvzhi.core import permissions
from lvzhi.core.workflow import Rule, Workflow


def can_manage(user, committee) -> bool:
    """Staff with the activities permission, for a committee in their scope."""
    return permissions.can_manage(user, committee, Permission.ACTIVITIES)


def require_manage(user, committee) -> None:
    permissions.require_manage(user, committee, Permission.ACTIVITIES)


def can_read(user) -> bool:
    """Staff with the activities permission, and leaders: they read every activity in scope."""
    return permissions.can_read(user, Permission.ACTIVITIES)


def is_member_user(user) -> bool:
    return permissions.is_member_user(user)


def _manages(user, obj) -> bool:
    return can_manage(user, obj.committee_id)


def _is_self(user, attendance) -> bool:
    return is_member_user(user) and user.member_id == attendance.member_id


def _activity_open(attendance):
    if attendance.activity.state != ActivityState.PLANNED:
        return _("活动已结束或已取消。")
    return None


def _not_cancelled(attendance):
    if attendance.activity.state == ActivityState.CANCELLED:
        return _("活动已取消。")
    return None


def _has_started(activity):
    if activity.start > timezone.now():
        return _("活动尚未开始，不能结束。")
    return None


S = AttendanceState
ATTENDANCE_FLOW = Workflow(
    rules=[
        Rule("attend", [S.INVITED, S.LEAVE_REQUESTED], S.ATTENDING, _is_self, _activity_open, gettext_lazy("确认参加")),
        Rule(
            "request_leave", [S.INVITED, S.ATTENDING], S.LEAVE_REQUESTED, _is_self, _activity_open, gettext_lazy("请假")
        ),
        Rule("approve_leave", [S.LEAVE_REQUESTED], S.EXCUSED, _manages, _not_cancelled, gettext_lazy("准假")),
        Rule("refuse_leave", [S.LEAVE_REQUESTED], S.ATTENDING, _manages, _not_cancelled, gettext_lazy("不准假")),
        Rule(
            "check_in",
            [S.INVITED, S.ATTENDING, S.LEAVE_REQUESTED, S.EXCUSED],
            S.PRESENT,
            _is_self,
            _activity_open,
            gettext_lazy("签到"),
        ),
        Rule(
            "manual_check_in",
            [S.INVITED, S.ATTENDING, S.LEAVE_REQUESTED, S.EXCUSED, S.ABSENT],
            S.PRESENT,
            _manages,
            _not_cancelled,
            gettext_lazy("人工签到"),
        ),
        # Performed for every expected invitee at once when the activity is finished (see
        # `finish_activity`), not one by one.
        Rule("mark_absent", EXPECTED_STATES, S.ABSENT, _manages, None, gettext_lazy("记为缺席")),
    ]
)

ACTIVITY_FLOW = Workflow(
    rules=[
        Rule("finish", [ActivityState.PLANNED], ActivityState.FINISHED, _manages, _has_started, gettext_lazy("结束")),
        Rule("cancel", [ActivityState.PLANNED], ActivityState.CANCELLED, _manages, None, gettext_lazy("取消")),
    ]
)

OS = OutcomeState
OUTCOME_FLOW = Workflow(
    rules=[
        Rule("send", [OS.DRAFT], OS.SENT, _manages, None, gettext_lazy("报送")),
        Rule("instruct", [OS.SENT, OS.INSTRUCTED], OS.INSTRUCTED, _manages, None, gettext_lazy("登记批示")),
        Rule("act", [OS.SENT, OS.INSTRUCTED], OS.ACTED, _manages, None, gettext_lazy("登记落实")),
    ]
)


def activity_url(activity) -> str:
    return reverse("activities:detail", args=[activity.pk])


def users_of(member_ids):
    """The active accounts of these members (to notify them)."""
    return list(get_user_model().objects.filter(member_id__in=list(member_ids), is_active=True))
