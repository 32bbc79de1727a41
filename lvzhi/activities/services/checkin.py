"""Check-in: the rotating QR token of the organiser's screen, a member's own check-in, and staff's
manual check-in."""

import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityState, AttendanceState, CheckinMethod
from lvzhi.activities.models import Activity, Attendance
from lvzhi.activities.services.base import ATTENDANCE_FLOW, is_member_user, require_manage
from lvzhi.activities.services.invitations import takes_part
from lvzhi.core import audit, registry
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid

S = AttendanceState

CHECKIN_SALT = "lvzhi.activities.checkin"
TOKEN_ROTATION = 30  # seconds: the QR code changes this often
TOKEN_LIFETIME = 60  # seconds from the start of its window: a code scanned just before it changes still works
# seconds a code scanned while it was valid stays good for the member who had to log in first: the
# scan is remembered in their session (logging in keeps the session's data), so they do not scan again
LOGIN_GRACE = 600


def _epoch(now) -> int:
    return int((now or timezone.now()).timestamp())


def make_checkin_token(activity: Activity, *, now=None) -> tuple[str, datetime.datetime]:
    """The signed token of the current 30-second window, and when it expires."""
    window = _epoch(now) // TOKEN_ROTATION
    token = signing.dumps({"a": activity.pk, "w": window}, salt=CHECKIN_SALT)
    expires = datetime.datetime.fromtimestamp(window * TOKEN_ROTATION + TOKEN_LIFETIME, tz=datetime.UTC)
    return token, expires


def issue_checkin_token(*, actor, activity: Activity, now=None) -> tuple[str, datetime.datetime]:
    """For the organiser's check-in screen (staff only, planned activities only)."""
    require_manage(actor, activity.committee_id)
    if activity.state != ActivityState.PLANNED:
        raise IllegalTransition(_("活动已结束或已取消，不能签到。"))
    return make_checkin_token(activity, now=now)


def checkin_token_activity(token: str) -> int | None:
    """The activity a QR token was signed for (expired or not), or None for a forged token."""
    try:
        return int(signing.loads(str(token or ""), salt=CHECKIN_SALT)["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def verify_checkin_token(activity: Activity, token: str, *, now=None) -> None:
    """Refuse a forged, expired or other-activity token (Invalid with a message saying which)."""
    try:
        data = signing.loads(str(token or ""), salt=CHECKIN_SALT)
        activity_id, window = int(data["a"]), int(data["w"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Invalid(_("二维码无效。"), errors={"token": [_("二维码无效，请扫描签到屏幕上的二维码。")]}) from None
    if activity_id != activity.pk:
        raise Invalid(_("此二维码不属于本次活动。"), errors={"token": [_("此二维码不属于本次活动。")]})
    now_s = _epoch(now)
    issued = window * TOKEN_ROTATION
    if now_s >= issued + TOKEN_LIFETIME or issued > now_s + TOKEN_ROTATION:
        raise Invalid(_("二维码已过期。"), errors={"token": [_("二维码已过期，请扫描屏幕上的最新二维码。")]})


def scan_moment(scanned_at: float | None, *, now=None) -> datetime.datetime | None:
    """When a remembered scan (a timestamp the check-in page stored in the session when the code was
    valid) happened, if that is at most LOGIN_GRACE seconds ago; else None."""
    if scanned_at is None:
        return None
    try:
        moment = datetime.datetime.fromtimestamp(float(scanned_at), tz=datetime.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    age = ((now or timezone.now()) - moment).total_seconds()
    return moment if 0 <= age <= LOGIN_GRACE else None


def check_in(*, actor, activity: Activity, token: str, now=None, scanned_at=None) -> tuple[Attendance, bool]:
    """A member checks themselves in with the QR token. Returns (attendance, already): a second
    check-in changes nothing and says so. A seated member (or a 驻地委员 linked to the committee) who
    was not invited is let in too.
    `scanned_at`: when the code was scanned, if the member had to log in first (see `scan_moment`);
    the code is checked as of then."""
    if not is_member_user(actor):
        raise Forbidden(_("请使用委员本人账号签到。"))
    verify_checkin_token(activity, token, now=scanned_at or now)
    with transaction.atomic():
        current = Activity.objects.filter(pk=activity.pk).values_list("state", flat=True).first()
        if current != ActivityState.PLANNED:
            raise IllegalTransition(_("活动已结束或已取消，不能签到。"))
        row = Attendance.objects.select_for_update().filter(activity=activity, member_id=actor.member_id).first()
        if row is None:
            if not takes_part(activity, actor.member_id):
                raise Forbidden(_("您不在本次活动的参加范围内。"))
            try:
                with transaction.atomic():
                    row = Attendance.objects.create(
                        committee_id=activity.committee_id, activity=activity, member_id=actor.member_id
                    )
            except IntegrityError:  # the same member, at the same instant, on another device
                row = Attendance.objects.select_for_update().get(activity=activity, member_id=actor.member_id)
            else:
                audit.record("attendance.walk_in", actor=actor, obj=row, committee=activity.committee)
        if row.state == S.PRESENT:
            return row, True
        row.activity = activity

        def apply(obj):
            obj.checked_in_at = now or timezone.now()
            obj.method = CheckinMethod.QR

        ATTENDANCE_FLOW.perform(row, "check_in", actor=actor, apply=apply)
        registry.sync_derived(row)
    return row, False


def manual_check_in(*, actor, activity: Activity, member) -> tuple[Attendance, bool]:
    """Staff check a member in by hand (also after the activity, to correct an absence)."""
    require_manage(actor, activity.committee_id)
    member_id = getattr(member, "pk", member)
    with transaction.atomic():
        row = Attendance.objects.select_for_update().filter(activity=activity, member_id=member_id).first()
        if row is None:
            if not takes_part(activity, member_id):
                raise Invalid(errors={"member": [_("该委员不是本委员会本届在任委员或驻地委员。")]})
            if activity.state == ActivityState.CANCELLED:
                raise IllegalTransition(_("活动已取消。"))
            row = Attendance.objects.create(committee_id=activity.committee_id, activity=activity, member_id=member_id)
            audit.record("attendance.walk_in", actor=actor, obj=row, committee=activity.committee)
        if row.state == S.PRESENT:
            return row, True
        row.activity = activity

        def apply(obj):
            obj.checked_in_at = timezone.now()
            obj.method = CheckinMethod.MANUAL

        ATTENDANCE_FLOW.perform(row, "manual_check_in", actor=actor, apply=apply)
        registry.sync_derived(row)
    return row, False
