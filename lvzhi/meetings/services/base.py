"""Who may do what with a meeting, and what every meeting service shares: the attendees, the
meeting's URL, the vote workflow, parsing of times and member ids."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Attendance
from lvzhi.activities.services import can_manage as activities_can_manage
from lvzhi.activities.services import is_member_user
from lvzhi.activities.services import require_manage as activities_require_manage
from lvzhi.activities.services.base import users_of
from lvzhi.core.errors import Invalid
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.meetings.choices import VoteState


def can_manage(user, committee) -> bool:
    """The meeting office: staff with the activities permission, for a committee in their scope."""
    return activities_can_manage(user, committee)


def require_manage(user, committee) -> None:
    activities_require_manage(user, committee)


def attendance_of(meeting, member_id):
    """The member's invitation to the meeting's activity, or None."""
    if not member_id:
        return None
    return Attendance.objects.filter(activity_id=meeting.activity_id, member_id=member_id).first()


def is_attendee(user, meeting) -> bool:
    """A member invited to the meeting (whatever their answer: the materials are theirs to read)."""
    return bool(
        is_member_user(user)
        and Attendance.objects.filter(activity_id=meeting.activity_id, member_id=user.member_id).exists()
    )


def attendee_users(meeting):
    """The accounts of the meeting's invitees who have not been excused (to notify them)."""
    ids = (
        Attendance.objects.filter(activity_id=meeting.activity_id)
        .exclude(state=AttendanceState.EXCUSED)
        .values_list("member_id", flat=True)
    )
    return users_of(ids)


def meeting_url(meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def my_url(meeting) -> str:
    return reverse("meetings:mine", args=[meeting.pk])


def parse_time(clean_errors: dict, name: str, value, *, required=False):
    """A time of day from "HH:MM" (or a time), else a message in `clean_errors`."""
    if value in (None, ""):
        if required:
            clean_errors.setdefault(name, []).append(_("必填。"))
        return None
    if isinstance(value, datetime.time):
        return value
    try:
        return datetime.time.fromisoformat(str(value).strip())
    except ValueError:
        clean_errors.setdefault(name, []).append(_("时间格式应为 HH:MM。"))
        return None


def member_ids(value, field: str = "members") -> list[int]:
    """Member ids from a list or a comma-separated text; anything else is a clear 422."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [v for v in value.replace("，", ",").split(",") if v.strip()]
    ids = []
    for v in value:
        try:
            ids.append(int(str(v).strip()))
        except ValueError:
            raise Invalid(errors={field: [_("委员编号应为整数。")]}) from None
    return list(dict.fromkeys(ids))


def _manages(user, vote) -> bool:
    return can_manage(user, vote.committee_id)


VOTE_FLOW = Workflow(
    rules=[
        Rule("open", [VoteState.DRAFT], VoteState.OPEN, _manages, None, gettext_lazy("开始表决")),
        Rule("close", [VoteState.OPEN], VoteState.CLOSED, _manages, None, gettext_lazy("结束表决")),
    ]
)
