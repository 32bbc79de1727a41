"""Check-in: the rotating QR token of the organiser's screen, a member's own check-in, and staff's
manual check-in."""

import datetime

from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityState, AttendanceState, CheckinMethod
from lvzhi.activities.models import Activity, Attendance
from lvzhi.activities.services.base import ATTENDANCE_FLOW, is_member_user, require_manage
from lvzhi.activities.services.invitations import takes_part
from lvzhi.core import audit, registry
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.org.models import Committee, Member

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


# --- a member's own check-in ---------------------------------------------------------------------
#
# A burst of a thousand phones comes here within a minute (bench/checkins.py), so the usual case —
# an invited member, a planned activity — is a fixed few statements (docs/performance.md, "QR
# check-in"): the activity with the member's attendance in one read (`activity_for_checkin`), then
# one short transaction: a conditional UPDATE (the row moves only from the state that was read, and
# only while the activity is planned), the transition and its audit entry. Anything else (a walk-in,
# a row that moved meanwhile, a state the rule does not start from) takes the general path, which
# locks the row and checks everything as `Workflow.perform` does.


def _reader(model, alias: str, names=None):
    """The columns of `model` (all concrete fields, or those named) as `alias`."col", and a function
    that turns their values into an instance, with the database's converters applied (SQLite's
    datetimes are text, as the ORM would convert them)."""
    fields = [f for f in model._meta.concrete_fields if names is None or f.attname in names]
    ops, quote = connection.ops, connection.ops.quote_name
    converters = []
    for i, f in enumerate(fields):
        col = f.get_col(alias)
        for convert in ops.get_db_converters(col) + f.get_db_converters(connection):
            converters.append((i, convert, col))
    attnames = [f.attname for f in fields]

    def build(values):
        values = list(values)
        for i, convert, col in converters:
            values[i] = convert(values[i], col, connection)
        return model.from_db(connection.alias, attnames, values)

    return ", ".join(f"{alias}.{quote(f.column)}" for f in fields), len(fields), build


_ROW_FIELDS = ("id", "state", "leave_reason", "decision_note", "checked_in_at", "method")
_readers: dict = {}


def _checkin_query():
    """The statement of `activity_for_checkin` and its readers, made once per database vendor."""
    if connection.vendor not in _readers:
        quote = connection.ops.quote_name
        a_cols, a_n, a_build = _reader(Activity, "a")
        c_cols, c_n, c_build = _reader(Committee, "c")
        t_cols, t_n, t_build = _reader(Attendance, "t", _ROW_FIELDS)
        sql = (
            f"SELECT {a_cols}, {c_cols}, {t_cols}, m.{quote('name')} "
            f"FROM {quote(Activity._meta.db_table)} a "
            f"INNER JOIN {quote(Committee._meta.db_table)} c ON c.id = a.committee_id "
            f"LEFT OUTER JOIN {quote(Attendance._meta.db_table)} t ON t.activity_id = a.id AND t.member_id = %s "
            f"LEFT OUTER JOIN {quote(Member._meta.db_table)} m ON m.id = t.member_id "
            f"WHERE a.id = %s"
        )
        _readers[connection.vendor] = (sql, (a_n, a_build), (c_n, c_build), (t_n, t_build))
    return _readers[connection.vendor]


def activity_for_checkin(pk: int, member_id: int | None) -> Activity | None:
    """The activity with its committee and, in the same statement, the member's attendance at it (by
    its unique key, activity and member) with the member's name — all that a phone's check-in reads.
    None when there is no such activity. `activity.checkin_row` is the attendance (None: not invited),
    for `activity.checkin_member`. An invited member sees the activity (`Activity.visible_to`), so
    for a member's account a row found here is the visibility check too."""
    if as_id(pk) is None:  # a number beyond 64 bits in the address names nothing (and must not reach the SQL)
        return None
    sql, (a_n, a_build), (c_n, c_build), (t_n, t_build) = _checkin_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, [member_id, pk])
        values = cursor.fetchone()
    if values is None:
        return None
    activity = a_build(values[:a_n])
    activity.committee = c_build(values[a_n : a_n + c_n])
    row = None
    rest = values[a_n + c_n :]
    if rest[0] is not None:
        row = t_build(rest[:t_n])
        row.committee, row.activity = activity.committee, activity
        row.member = Member.from_db(connection.alias, ["id", "name"], [member_id, rest[t_n]])
    activity.checkin_member, activity.checkin_row = member_id, row
    return activity


class _Moved(Exception):
    """The attendance row was not in the state read, or the activity no longer planned, when the
    UPDATE ran: nothing was written; the general path decides."""


def _check_in_read_row(row: Attendance, activity: Activity, *, actor, now) -> bool:
    """Move the attendance read by `activity_for_checkin` to present with one conditional UPDATE,
    then write the transition and its audit entry, in one transaction. False (nothing written) when
    the row or the activity changed since it was read.

    On PostgreSQL the activity is read under a share lock held to the commit: ending the activity
    (`Workflow.perform` locks it for update) waits for the check-ins under way, and a check-in that
    comes during the end waits for it, then finds it finished — so the ledger that the end writes sees
    every check-in. SQLite's write lock, taken when the transaction begins, orders them already."""
    rule = ATTENDANCE_FLOW.rules["check_in"][0]
    if row.state not in rule.sources or not rule.allowed(actor, row):
        return False
    source = row.state
    at = now or timezone.now()
    quote = connection.ops.quote_name
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    sql = (
        f"UPDATE {quote(Attendance._meta.db_table)} SET state = %s, checked_in_at = %s, method = %s, updated_at = %s "
        f"WHERE id = %s AND state = %s AND activity_id IN "
        f"(SELECT id FROM {quote(Activity._meta.db_table)} WHERE id = %s AND state = %s{lock})"
    )
    stamp = connection.ops.adapt_datetimefield_value(at)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    sql,
                    [rule.target, stamp, CheckinMethod.QR, stamp, row.pk, source, activity.pk, ActivityState.PLANNED],
                )
                if cursor.rowcount != 1:
                    raise _Moved
            row.state, row.checked_in_at, row.method, row.updated_at = rule.target, at, CheckinMethod.QR, at
            ATTENDANCE_FLOW.record(row, "check_in", source=source, actor=actor)
            registry.sync_derived(row)  # a planned activity's attendance carries no duty event: no statement
    except _Moved:
        return False
    return True


def check_in(*, actor, activity: Activity, token: str, now=None, scanned_at=None) -> tuple[Attendance, bool]:
    """A member checks themselves in with the QR token. Returns (attendance, already): a second
    check-in changes nothing and says so. A seated member (or a 驻地委员 linked to the committee) who
    was not invited is let in too.
    `scanned_at`: when the code was scanned, if the member had to log in first (see `scan_moment`);
    the code is checked as of then.
    An activity loaded by `activity_for_checkin` for this member brings the attendance along: an
    invited member is then checked in without reading it again (see `_check_in_read_row`)."""
    if not is_member_user(actor):
        raise Forbidden(_("请使用委员本人账号签到。"))
    verify_checkin_token(activity, token, now=scanned_at or now)
    read = (
        getattr(activity, "checkin_row", None) if getattr(activity, "checkin_member", None) == actor.member_id else None
    )
    if read is not None:
        if activity.state != ActivityState.PLANNED:
            raise IllegalTransition(_("活动已结束或已取消，不能签到。"))
        if read.state == S.PRESENT:
            return read, True
        if _check_in_read_row(read, activity, actor=actor, now=now):
            return read, False
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
    member_id = as_id(getattr(member, "pk", member))
    if member_id is None:
        raise Invalid(errors={"member": [_("请选择委员。")]})
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
