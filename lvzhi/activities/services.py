"""Every write to meetings and activities. Each checks permission, state and input, writes in one
transaction, records the audit entry (and the transition), and notifies after the commit."""

import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission, Role
from lvzhi.activities.choices import (
    DEFAULT_SUBKINDS,
    EXPECTED_STATES,
    ActivityKind,
    ActivityState,
    AttendanceState,
    CheckinMethod,
    InviteBy,
    OutcomeKind,
    OutcomeState,
    SpeechMode,
)
from lvzhi.activities.models import Activity, Attendance, Outcome, Speech, Subkind
from lvzhi.core import audit
from lvzhi.core.attachments import store_attachment
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.notifications import notify
from lvzhi.core.scope import committee_ids
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.duties import ledger
from lvzhi.org.choices import MemberRole, MembershipStatus
from lvzhi.org.models import Committee, Member, Membership, Party, Sector, SpecialCommittee, Studio

# --- Who may do what ---------------------------------------------------------------------------


def can_manage(user, committee) -> bool:
    """Staff with the activities permission, for a committee in their scope."""
    committee_id = getattr(committee, "pk", committee)
    return bool(
        user
        and user.is_authenticated
        and user.has_module_perm(Permission.ACTIVITIES)
        and committee_id in committee_ids(user)
    )


def require_manage(user, committee) -> None:
    if not can_manage(user, committee):
        raise Forbidden()


def is_member_user(user) -> bool:
    return bool(user and user.is_authenticated and user.member_id and user.has_role(Role.MEMBER))


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


# --- Activities --------------------------------------------------------------------------------


def subkinds_for(committee, kind: str) -> list[str]:
    """The committee's subkinds of a kind: its own list where it has one, else the defaults."""
    own = list(Subkind.objects.filter(committee=committee, kind=kind, is_active=True).values_list("name", flat=True))
    return own or list(DEFAULT_SUBKINDS.get(kind, []))


ACTIVITY_FIELDS = (
    "kind",
    "subkind",
    "topic",
    "organiser",
    "organiser_studio",
    "organiser_special_committee",
    "organiser_sector",
    "organiser_committee",
    "start",
    "end",
    "place",
    "description",
    "partner",
    "people_reached",
    "problems_solved",
    "matters_done",
)
TEXT_LIMITS = {"topic": 200, "organiser": 100, "place": 200, "partner": 100, "description": 20000}
COUNT_FIELDS = ("people_reached", "problems_solved", "matters_done")


def _datetime(value, field, errors):
    if isinstance(value, str):
        parsed = parse_datetime(value.strip()) if value.strip() else None
        if parsed is None:
            errors[field] = [_("时间格式应为 YYYY-MM-DD HH:MM。")]
            return None
        value = parsed
    if isinstance(value, datetime.datetime):
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    if value is not None:
        errors[field] = [_("时间格式应为 YYYY-MM-DD HH:MM。")]
    return None


def _same_committee(model, committee, value, field, errors):
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    try:
        obj = model.objects.filter(committee=committee, pk=int(pk)).first()
    except (TypeError, ValueError):
        obj = None
    if obj is None:
        errors[field] = [_("请选择本委员会的记录。")]
    return obj


def clean_activity_data(committee: Committee, data: dict, *, instance: Activity | None = None) -> dict:
    """The cleaned fields of an activity, or Invalid naming every bad field."""
    errors: dict[str, list[str]] = {}
    base = {f: getattr(instance, f) for f in ACTIVITY_FIELDS} if instance else {}
    merged = {**base, **{k: v for k, v in data.items() if k in ACTIVITY_FIELDS}}
    cleaned: dict = {}
    kind = str(merged.get("kind") or "")
    if kind not in ActivityKind.values:
        errors["kind"] = [_("请选择活动类别。")]
    cleaned["kind"] = kind
    subkind = str(merged.get("subkind") or "").strip()
    if kind in ActivityKind.values:
        allowed = subkinds_for(committee, kind)
        if subkind and subkind not in allowed:
            errors["subkind"] = [
                _("“%(s)s”不是该类别的子类；可选：%(list)s。") % {"s": subkind, "list": "、".join(allowed) or "—"}
            ]
    cleaned["subkind"] = subkind
    for field, limit in TEXT_LIMITS.items():
        value = str(merged.get(field) or "").strip()
        if len(value) > limit:
            errors[field] = [_("不能超过 %(n)d 个字符。") % {"n": limit}]
        cleaned[field] = value
    if not cleaned["topic"]:
        errors["topic"] = [_("请填写主题。")]
    start = _datetime(merged.get("start"), "start", errors)
    end = _datetime(merged.get("end"), "end", errors)
    if start is None and "start" not in errors:
        errors["start"] = [_("请填写开始时间。")]
    if end is None and "end" not in errors and start is not None:
        end = start
    if start and end and end < start:
        errors["end"] = [_("结束时间不能早于开始时间。")]
    cleaned["start"], cleaned["end"] = start, end
    cleaned["organiser_studio"] = _same_committee(
        Studio, committee, merged.get("organiser_studio"), "organiser_studio", errors
    )
    cleaned["organiser_special_committee"] = _same_committee(
        SpecialCommittee, committee, merged.get("organiser_special_committee"), "organiser_special_committee", errors
    )
    cleaned["organiser_sector"] = _same_committee(
        Sector, committee, merged.get("organiser_sector"), "organiser_sector", errors
    )
    lower = merged.get("organiser_committee")
    cleaned["organiser_committee"] = None
    if lower not in (None, ""):
        found = Committee.objects.descendants_of(committee.pk, include_self=False).filter(
            pk=getattr(lower, "pk", lower)
        )
        cleaned["organiser_committee"] = found.first() if str(getattr(lower, "pk", lower)).isdigit() else None
        if cleaned["organiser_committee"] is None:
            errors["organiser_committee"] = [_("请选择本委员会的下级委员会。")]
    for field in COUNT_FIELDS:
        value = merged.get(field) or 0
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = -1
        if not 0 <= value <= 10_000_000:
            errors[field] = [_("请填写不小于 0 的整数。")]
        cleaned[field] = max(value, 0)
    if errors:
        raise Invalid(errors=errors)
    return cleaned


def _activity_url(activity) -> str:
    return reverse("activities:detail", args=[activity.pk])


@transaction.atomic
def create_activity(*, actor, committee: Committee, data: dict) -> Activity:
    require_manage(actor, committee)
    cleaned = clean_activity_data(committee, data)
    activity = Activity.objects.create(committee=committee, created_by=actor, **cleaned)
    audit.record("activity.create", actor=actor, obj=activity, after=audit.snapshot(activity))
    record_creation(activity, actor=actor)
    return activity


def record_creation(activity: Activity, *, actor) -> None:
    """The first step of the timeline: the activity planned (the demo writes the same rows in bulk)."""
    from django.contrib.contenttypes.models import ContentType

    from lvzhi.core.models import Transition

    Transition.objects.create(
        content_type=ContentType.objects.get_for_model(Activity),
        object_id=activity.pk,
        committee_id=activity.committee_id,
        action="create",
        from_state="",
        to_state=activity.state,
        actor=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def update_activity(*, actor, activity: Activity, data: dict) -> Activity:
    require_manage(actor, activity.committee_id)
    if activity.state == ActivityState.CANCELLED:
        raise IllegalTransition(_("已取消的活动不能修改。"))
    cleaned = clean_activity_data(activity.committee, data, instance=activity)
    before = audit.snapshot(activity)
    for key, value in cleaned.items():
        setattr(activity, key, value)
    activity.save()
    audit.record("activity.update", actor=actor, obj=activity, before=before, after=audit.snapshot(activity))
    ledger.sync(activity)
    return activity


def finish_activity(*, actor, activity: Activity, note: str = "") -> Activity:
    """End the activity: invitees neither present nor excused become absent (unexcused)."""

    def apply(obj):
        _mark_absent(actor, obj)

    with transaction.atomic():
        ACTIVITY_FLOW.perform(activity, "finish", actor=actor, note=note, apply=apply)
        ledger.sync(activity)
    return activity


def _mark_absent(actor, activity) -> None:
    from django.contrib.contenttypes.models import ContentType

    from lvzhi.core.models import Transition

    rows = list(Attendance.objects.select_for_update().filter(activity=activity, state__in=EXPECTED_STATES))
    if not rows:
        return
    Attendance.objects.filter(pk__in=[r.pk for r in rows]).update(state=S.ABSENT, updated_at=timezone.now())
    content_type = ContentType.objects.get_for_model(Attendance)
    Transition.objects.bulk_create(
        [
            Transition(
                content_type=content_type,
                object_id=r.pk,
                committee_id=r.committee_id,
                action="mark_absent",
                from_state=r.state,
                to_state=S.ABSENT,
                actor=actor,
                note=_("活动结束时未签到"),
            )
            for r in rows
        ]
    )
    for r in rows:
        audit.record(
            "attendance.mark_absent",
            actor=actor,
            obj=r,
            committee=activity.committee,
            before={"state": r.state},
            after={"state": S.ABSENT},
        )


def cancel_activity(*, actor, activity: Activity, note: str = "") -> Activity:
    with transaction.atomic():
        ACTIVITY_FLOW.perform(activity, "cancel", actor=actor, note=note)
        ledger.sync(activity)
    users = _users_of(activity.attendances.values_list("member_id", flat=True))
    notify(
        users,
        title=_("活动已取消：%(t)s") % {"t": activity.topic},
        url=_activity_url(activity),
        committee=activity.committee,
    )
    return activity


# --- Invitations -------------------------------------------------------------------------------


def seated_members(committee: Committee):
    """The active members of a committee in its current term (any active seat if it has no term)."""
    seats = Membership.objects.filter(committee=committee, status=MembershipStatus.ACTIVE)
    term = committee.current_term()
    if term is not None:
        seats = seats.filter(term=term)
    return seats


def resolve_invitees(activity: Activity, by: str, values=()) -> list[int]:
    """The member ids a choice (by sector, party, role, special committee, studio, everyone or
    explicit members) names, checked against the activity's committee."""
    values = [v for v in (values or []) if v not in (None, "")]
    seats = seated_members(activity.committee)
    errors = {}
    if by == InviteBy.EVERYONE:
        return list(seats.values_list("member_id", flat=True).distinct())
    if by == InviteBy.ROLE:
        bad = [v for v in values if v not in MemberRole.values]
        if bad or not values:
            raise Invalid(errors={"values": [_("请选择职务。")]})
        return list(seats.filter(role__in=values).values_list("member_id", flat=True).distinct())
    models = {
        InviteBy.SECTOR: (Sector, "sector_id__in"),
        InviteBy.PARTY: (Party, "party_id__in"),
        InviteBy.SPECIAL_COMMITTEE: (SpecialCommittee, "special_committees__in"),
    }
    try:
        ids = [int(getattr(v, "pk", v)) for v in values]
    except (TypeError, ValueError):
        ids = None
    if by in models:
        model, lookup = models[by]
        if not ids or model.objects.filter(committee=activity.committee, pk__in=ids).count() != len(set(ids)):
            raise Invalid(errors={"values": [_("请选择本委员会的记录。")]})
        return list(seats.filter(**{lookup: ids}).values_list("member_id", flat=True).distinct())
    if by == InviteBy.STUDIO:
        studios = list(Studio.objects.filter(committee=activity.committee, pk__in=ids or []))
        if not ids or len(studios) != len(set(ids)):
            raise Invalid(errors={"values": [_("请选择本委员会的委员工作室。")]})
        found = set(Studio.members.through.objects.filter(studio__in=studios).values_list("member_id", flat=True))
        found |= {s.lead_id for s in studios if s.lead_id}
        return sorted(found)
    if by == InviteBy.MEMBERS:
        if ids is None or not ids:
            raise Invalid(errors={"members": [_("请选择要邀请的委员。")]})
        found = set(seats.filter(member_id__in=ids).values_list("member_id", flat=True))
        missing = sorted(set(ids) - found)
        if missing:
            errors["members"] = [
                _("以下委员不是本委员会本届在任委员：%(ids)s。") % {"ids": ", ".join(str(i) for i in missing)}
            ]
            raise Invalid(errors=errors)
        return sorted(found)
    raise Invalid(errors={"by": [_("请选择邀请方式。")]})


def _users_of(member_ids):
    from lvzhi.accounts.models import User

    return list(User.objects.filter(member_id__in=list(member_ids), is_active=True))


@transaction.atomic
def invite(*, actor, activity: Activity, by: str = InviteBy.MEMBERS, values=()) -> list[Attendance]:
    """Invite members; who is already invited stays as they are. Returns the new invitations."""
    require_manage(actor, activity.committee_id)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.state != ActivityState.PLANNED:
        raise IllegalTransition(_("只能邀请计划中活动的参加人员。"))
    ids = resolve_invitees(activity, by, values)
    if not ids:
        raise Invalid(errors={"values" if by != InviteBy.MEMBERS else "members": [_("没有符合条件的委员。")]})
    existing = set(Attendance.objects.filter(activity=activity, member_id__in=ids).values_list("member_id", flat=True))
    new = [
        Attendance(committee_id=activity.committee_id, activity=activity, member_id=i) for i in ids if i not in existing
    ]
    Attendance.objects.bulk_create(new, ignore_conflicts=True)
    created = list(
        Attendance.objects.filter(activity=activity, member_id__in=[a.member_id for a in new]).select_related("member")
    )
    for row in created:
        audit.record(
            "attendance.invite", actor=actor, obj=row, committee=activity.committee, after={"state": row.state}
        )
    notify(
        _users_of([r.member_id for r in created]),
        title=_("会议活动邀请：%(t)s") % {"t": activity.topic},
        body=_("时间：%(s)s；地点：%(p)s。请在“我的活动”中确认参加或请假。")
        % {"s": timezone.localtime(activity.start).strftime("%Y-%m-%d %H:%M"), "p": activity.place or "—"},
        url=_activity_url(activity),
        committee=activity.committee,
    )
    return created


def own_attendance(actor, activity: Activity) -> Attendance:
    if not is_member_user(actor):
        raise Forbidden(_("只有受邀委员本人可以答复。"))
    row = Attendance.objects.filter(activity=activity, member_id=actor.member_id).select_related("activity").first()
    if row is None:
        raise NotFound(_("您未受邀参加该活动。"))
    return row


def respond(*, actor, activity: Activity, answer: str, reason: str = "") -> Attendance:
    """A member answers an invitation: attend, or ask leave with a reason."""
    reason = (reason or "").strip()
    if answer not in ("attend", "leave"):
        raise Invalid(errors={"answer": [_("请选择参加或请假。")]})
    if answer == "leave" and not reason:
        raise Invalid(errors={"reason": [_("请假须填写事由。")]})
    if len(reason) > 500:
        raise Invalid(errors={"reason": [_("不能超过 %(n)d 个字符。") % {"n": 500}]})
    row = own_attendance(actor, activity)
    if answer == "attend":
        ATTENDANCE_FLOW.perform(row, "attend", actor=actor)
        return row

    def apply(obj):
        obj.leave_reason = reason
        obj.decision_note = ""

    ATTENDANCE_FLOW.perform(row, "request_leave", actor=actor, note=reason, apply=apply)
    if activity.created_by_id:
        from lvzhi.accounts.models import User

        notify(
            list(User.objects.filter(pk=activity.created_by_id)),
            title=_("请假申请：%(m)s · %(t)s") % {"m": row.member.name, "t": activity.topic},
            body=reason,
            url=_activity_url(activity),
            committee=activity.committee,
        )
    return row


def decide_leave(*, actor, attendance: Attendance, approved: bool, note: str = "") -> Attendance:
    """Staff approve (excused) or refuse (expected to attend) a leave request."""
    require_manage(actor, attendance.committee_id)
    note = (note or "").strip()[:500]

    def apply(obj):
        obj.decision_note = note

    with transaction.atomic():
        ATTENDANCE_FLOW.perform(
            attendance, "approve_leave" if approved else "refuse_leave", actor=actor, note=note, apply=apply
        )
        ledger.sync(attendance)
    activity = attendance.activity
    title = _("请假已批准：%(t)s") if approved else _("请假未获批准，请按时参加：%(t)s")
    notify(
        _users_of([attendance.member_id]),
        title=title % {"t": activity.topic},
        body=note,
        url=_activity_url(activity),
        committee=activity.committee,
    )
    return attendance


# --- Check-in ----------------------------------------------------------------------------------

CHECKIN_SALT = "lvzhi.activities.checkin"
TOKEN_ROTATION = 30  # seconds: the QR code changes this often
TOKEN_LIFETIME = 60  # seconds from the start of its window: a code scanned just before it changes still works


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


def check_in(*, actor, activity: Activity, token: str, now=None) -> tuple[Attendance, bool]:
    """A member checks themselves in with the QR token. Returns (attendance, already): a second
    check-in changes nothing and says so. A seated member who was not invited is let in too."""
    if not is_member_user(actor):
        raise Forbidden(_("请使用委员本人账号签到。"))
    verify_checkin_token(activity, token, now=now)
    with transaction.atomic():
        current = Activity.objects.filter(pk=activity.pk).values_list("state", flat=True).first()
        if current != ActivityState.PLANNED:
            raise IllegalTransition(_("活动已结束或已取消，不能签到。"))
        row = Attendance.objects.select_for_update().filter(activity=activity, member_id=actor.member_id).first()
        if row is None:
            if not seated_members(activity.committee).filter(member_id=actor.member_id).exists():
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
        ledger.sync(row)
    return row, False


def manual_check_in(*, actor, activity: Activity, member) -> tuple[Attendance, bool]:
    """Staff check a member in by hand (also after the activity, to correct an absence)."""
    require_manage(actor, activity.committee_id)
    member_id = getattr(member, "pk", member)
    with transaction.atomic():
        row = Attendance.objects.select_for_update().filter(activity=activity, member_id=member_id).first()
        if row is None:
            if not seated_members(activity.committee).filter(member_id=member_id).exists():
                raise Invalid(errors={"member": [_("该委员不是本委员会本届在任委员。")]})
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
        ledger.sync(row)
    return row, False


# --- Speeches and outcomes ---------------------------------------------------------------------


def _text(data, field, limit, errors, *, required=False, label=None):
    value = str(data.get(field) or "").strip()
    if required and not value:
        errors[field] = [label or _("此项必填。")]
    if len(value) > limit:
        errors[field] = [_("不能超过 %(n)d 个字符。") % {"n": limit}]
    return value


def _attending_member(activity, value, field, errors):
    pk = getattr(value, "pk", value)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        errors[field] = [_("请选择委员。")]
        return None
    if not (
        Attendance.objects.filter(activity=activity, member_id=pk).exists()
        or seated_members(activity.committee).filter(member_id=pk).exists()
    ):
        errors[field] = [_("该委员不是本活动的参加人员。")]
        return None
    return Member.objects.get(pk=pk)


@transaction.atomic
def record_speech(*, actor, activity: Activity, data: dict, upload=None) -> Speech:
    """A speech (发言): staff record it; a member may submit their own written speech."""
    errors: dict = {}
    member_value = data.get("member")
    if member_value in (None, "") and is_member_user(actor):
        member_value = actor.member_id
    member = _attending_member(activity, member_value, "member", errors)
    if not can_manage(actor, activity.committee_id) and not (
        member and is_member_user(actor) and actor.member_id == member.pk
    ):
        raise Forbidden()
    if activity.state == ActivityState.CANCELLED:
        raise IllegalTransition(_("活动已取消。"))
    title = _text(data, "title", 200, errors, required=True, label=_("请填写题目。"))
    text = _text(data, "text", 100_000, errors)
    mode = str(data.get("mode") or SpeechMode.ORAL)
    if mode not in SpeechMode.values:
        errors["mode"] = [_("请选择书面发言或口头发言。")]
    if errors:
        raise Invalid(errors=errors)
    attachment = store_attachment(actor=actor, committee=activity.committee, upload=upload) if upload else None
    speech = Speech.objects.create(
        committee_id=activity.committee_id,
        activity=activity,
        member=member,
        title=title,
        mode=mode,
        text=text,
        attachment=attachment,
        created_by=actor,
    )
    audit.record("speech.create", actor=actor, obj=speech, after=audit.snapshot(speech))
    ledger.sync(speech)
    return speech


def _count(value, field, errors):
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= 100_000:
        errors[field] = [_("请填写不小于 0 的整数。")]
    return max(number, 0)


@transaction.atomic
def record_outcome(*, actor, activity: Activity, data: dict, upload=None) -> Outcome:
    """An outcome (协商成果/调研报告/视察报告) of an activity, as a draft to be sent and tracked."""
    require_manage(actor, activity.committee_id)
    if activity.state == ActivityState.CANCELLED:
        raise IllegalTransition(_("活动已取消。"))
    errors: dict = {}
    title = _text(data, "title", 200, errors, required=True, label=_("请填写标题。"))
    text = _text(data, "text", 200_000, errors)
    kind = str(data.get("kind") or OutcomeKind.CONSULTATION)
    if kind not in OutcomeKind.values:
        errors["kind"] = [_("请选择成果类别。")]
    suggestions = _count(data.get("suggestions_count"), "suggestions_count", errors)
    author_ids = []
    for value in data.get("authors") or []:
        member = _attending_member(activity, value, "authors", errors)
        if member:
            author_ids.append(member.pk)
    if errors:
        raise Invalid(errors=errors)
    attachment = store_attachment(actor=actor, committee=activity.committee, upload=upload) if upload else None
    outcome = Outcome.objects.create(
        committee_id=activity.committee_id,
        activity=activity,
        title=title,
        kind=kind,
        text=text,
        suggestions_count=suggestions,
        attachment=attachment,
        created_by=actor,
    )
    outcome.authors.set(author_ids)
    audit.record("outcome.create", actor=actor, obj=outcome, after={**audit.snapshot(outcome), "authors": author_ids})
    ledger.sync(outcome)
    return outcome


def send_outcome(*, actor, outcome: Outcome, sent_to: str, sent_on=None) -> Outcome:
    errors: dict = {}
    sent_to = _text({"sent_to": sent_to}, "sent_to", 200, errors, required=True, label=_("请填写报送对象。"))
    if isinstance(sent_on, str):
        try:
            sent_on = datetime.date.fromisoformat(sent_on) if sent_on else None
        except ValueError:
            errors["sent_on"] = [_("日期格式应为 YYYY-MM-DD。")]
    if errors:
        raise Invalid(errors=errors)

    def apply(obj):
        obj.sent_to, obj.sent_on = sent_to, sent_on or timezone.localdate()

    OUTCOME_FLOW.perform(outcome, "send", actor=actor, note=sent_to, apply=apply)
    return outcome


def record_instruction(*, actor, outcome: Outcome, instructions: str) -> Outcome:
    errors: dict = {}
    text = _text(
        {"instructions": instructions}, "instructions", 5000, errors, required=True, label=_("请填写批示内容。")
    )
    if errors:
        raise Invalid(errors=errors)

    def apply(obj):
        obj.instructions = f"{obj.instructions}\n{text}".strip() if obj.instructions else text

    OUTCOME_FLOW.perform(outcome, "instruct", actor=actor, note=text, apply=apply)
    return outcome


def record_follow_up(*, actor, outcome: Outcome, follow_up: str) -> Outcome:
    errors: dict = {}
    text = _text({"follow_up": follow_up}, "follow_up", 5000, errors, required=True, label=_("请填写落实情况。"))
    if errors:
        raise Invalid(errors=errors)

    def apply(obj):
        obj.follow_up = text

    OUTCOME_FLOW.perform(outcome, "act", actor=actor, note=text, apply=apply)
    return outcome


@transaction.atomic
def attach_file(*, actor, record: Speech | Outcome, upload) -> Speech | Outcome:
    """Attach (or replace) the file of a speech or an outcome: who may record it may attach to it —
    staff of its committee, and for a speech also the member who gave it."""
    own_speech = isinstance(record, Speech) and is_member_user(actor) and actor.member_id == record.member_id
    if not (can_manage(actor, record.committee_id) or own_speech):
        raise Forbidden()
    if record.activity.state == ActivityState.CANCELLED:
        raise IllegalTransition(_("活动已取消。"))
    if upload is None:
        raise Invalid(errors={"file": [_("请选择要上传的文件。")]})
    before = {"attachment_id": record.attachment_id}
    record.attachment = store_attachment(actor=actor, committee=record.activity.committee, upload=upload)
    record.save(update_fields=["attachment"])
    audit.record(
        f"{record._meta.model_name}.attach",
        actor=actor,
        obj=record,
        before=before,
        after={"attachment_id": record.attachment_id},
    )
    return record
