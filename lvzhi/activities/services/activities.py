"""Activities: plan (create), edit, finish and cancel."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lvzhi.activities.choices import DEFAULT_SUBKINDS, EXPECTED_STATES, ActivityKind, ActivityState
from lvzhi.activities.models import Activity, Attendance, Subkind
from lvzhi.activities.services.base import (
    ACTIVITY_FLOW,
    ATTENDANCE_FLOW,
    activity_url,
    require_manage,
    users_of,
)
from lvzhi.core import audit, registry
from lvzhi.core.cleaning import Cleaner, as_id, date_in_range, date_range_message
from lvzhi.core.errors import IllegalTransition
from lvzhi.core.notifications import notify
from lvzhi.core.workflow import log_step


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
)
TEXT_LIMITS = {"topic": 200, "organiser": 100, "place": 200, "partner": 100, "description": 20000}
COUNT_FIELDS = ("people_reached",)
# People reached at one event above this many are asked to be confirmed (`confirm_people`): the number
# stays typed by nature, so an implausible one is stopped at the door and listed for review after.
PEOPLE_BOUND = 5_000
# Organisers that must belong to the activity's own committee (a studio, a special committee, a sector).
ORGANISER_FIELDS = ("organiser_studio", "organiser_special_committee", "organiser_sector")


def _datetime(clean: Cleaner, field: str):
    """An aware datetime (a naive one is taken as local time) within the dates the platform accepts."""
    value = clean.data.get(field)
    if isinstance(value, str):
        parsed = parse_datetime(value.strip()) if value.strip() else None
        if parsed is None:
            clean.error(field, _("时间格式应为 YYYY-MM-DD HH:MM。"))
            return None
        value = parsed
    if isinstance(value, datetime.datetime):
        try:
            value = timezone.make_aware(value) if timezone.is_naive(value) else value
            day = timezone.localtime(value).date()
        except (OverflowError, ValueError):
            day = None
        if day is None or not date_in_range(day):
            clean.error(field, date_range_message())
            return None
        return value
    if value is not None:
        clean.error(field, _("时间格式应为 YYYY-MM-DD HH:MM。"))
    return None


def _same_committee(clean: Cleaner, committee, field: str):
    """The organiser row of this committee that the field names, or None (an error if it names another)."""
    value = clean.data.get(field)
    if value in (None, ""):
        return None
    model = Activity._meta.get_field(field).related_model
    pk = getattr(value, "pk", value)
    try:
        obj = model.objects.filter(committee=committee, pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        obj = None
    if obj is None:
        clean.error(field, _("请选择本委员会的记录。"))
    return obj


def _lower_committee(clean: Cleaner, committee):
    value = clean.data.get("organiser_committee")
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    found = None
    if as_id(pk):
        found = type(committee).objects.descendants_of(committee.pk, include_self=False).filter(pk=as_id(pk)).first()
    if found is None:
        clean.error("organiser_committee", _("请选择本委员会的下级委员会。"))
    return found


def clean_activity_data(committee, data: dict, *, instance: Activity | None = None) -> dict:
    """The cleaned fields of an activity, or Invalid naming every bad field."""
    base = {f: getattr(instance, f) for f in ACTIVITY_FIELDS} if instance else {}
    clean = Cleaner({**base, **{k: v for k, v in data.items() if k in ACTIVITY_FIELDS}})
    cleaned: dict = {}
    kind = str(clean.data.get("kind") or "")
    if kind not in ActivityKind.values:
        clean.error("kind", _("请选择活动类别。"))
    cleaned["kind"] = kind
    subkind = clean.text("subkind", max_length=50)
    if kind in ActivityKind.values:
        allowed = subkinds_for(committee, kind)
        if subkind and subkind not in allowed:
            clean.error(
                "subkind",
                _("“%(s)s”不是该类别的子类；可选：%(list)s。") % {"s": subkind, "list": "、".join(allowed) or "—"},
            )
    cleaned["subkind"] = subkind
    for field, limit in TEXT_LIMITS.items():
        cleaned[field] = clean.text(field, max_length=limit)
    if not cleaned["topic"] and "topic" not in clean.errors:
        clean.error("topic", _("请填写主题。"))
    start = _datetime(clean, "start")
    end = _datetime(clean, "end")
    if start is None and "start" not in clean.errors:
        clean.error("start", _("请填写开始时间。"))
    if end is None and "end" not in clean.errors and start is not None:
        end = start
    if start and end and end < start:
        clean.error("end", _("结束时间不能早于开始时间。"))
    cleaned["start"], cleaned["end"] = start, end
    for field in ORGANISER_FIELDS:
        cleaned[field] = _same_committee(clean, committee, field)
    cleaned["organiser_committee"] = _lower_committee(clean, committee)
    for field in COUNT_FIELDS:
        number = clean.integer(field, value=clean.data.get(field) or 0, low=0, high=10_000_000)
        if field in clean.errors:
            clean.errors[field] = [_("请填写不小于 0 的整数。")]
        cleaned[field] = max(number or 0, 0)
    people = cleaned["people_reached"]
    changed = instance is None or people != instance.people_reached
    if people > PEOPLE_BOUND and changed and not _confirmed(data.get("confirm_people")):
        clean.error(
            "people_reached",
            _("一次活动联系群众超过 %(n)s 人次（填写的是 %(v)s），请核实；确认无误请勾选“确认人次无误”后再保存。")
            % {"n": f"{PEOPLE_BOUND:,}", "v": f"{people:,}"},
        )
    clean.done()
    return cleaned


def _confirmed(value) -> bool:
    return value is True or str(value).strip().lower() in ("1", "true", "on", "yes")


@transaction.atomic
def create_activity(*, actor, committee, data: dict) -> Activity:
    require_manage(actor, committee)
    cleaned = clean_activity_data(committee, data)
    activity = Activity.objects.create(committee=committee, created_by=actor, **cleaned)
    audit.record("activity.create", actor=actor, obj=activity, after=audit.snapshot(activity))
    record_creation(activity, actor=actor)
    return activity


def record_creation(activity: Activity, *, actor) -> None:
    """The first step of the timeline: the activity planned (the demo writes the same rows in bulk)."""
    log_step(activity, "create", actor=actor)


@transaction.atomic
def update_activity(*, actor, activity: Activity, data: dict) -> Activity:
    """Change an activity's fields (the ones `data` names; the rest stay). A cancelled one is closed."""
    require_manage(actor, activity.committee_id)
    if activity.state == ActivityState.CANCELLED:
        raise IllegalTransition(_("已取消的活动不能修改。"))
    cleaned = clean_activity_data(activity.committee, data, instance=activity)
    before = audit.snapshot(activity)
    for key, value in cleaned.items():
        setattr(activity, key, value)
    activity.save()
    audit.record("activity.update", actor=actor, obj=activity, before=before, after=audit.snapshot(activity))
    registry.sync_derived(activity)
    return activity


def finish_activity(*, actor, activity: Activity, note: str = "") -> Activity:
    """End the activity: invitees neither present nor excused become absent (unexcused)."""

    def apply(obj):
        _mark_absent(actor, obj)

    with transaction.atomic():
        ACTIVITY_FLOW.perform(activity, "finish", actor=actor, note=note, apply=apply)
        registry.sync_derived(activity)
    return activity


def _mark_absent(actor, activity) -> None:
    """The attendance workflow's `mark_absent`, for every expected invitee at once: one update, one
    transition row and one audit entry each."""
    ATTENDANCE_FLOW.perform_many(
        Attendance.objects.filter(activity=activity, state__in=EXPECTED_STATES),
        "mark_absent",
        actor=actor,
        note=_("活动结束时未签到"),
        audit_action="attendance.mark_absent",
    )


def cancel_activity(*, actor, activity: Activity, note: str = "") -> Activity:
    with transaction.atomic():
        ACTIVITY_FLOW.perform(activity, "cancel", actor=actor, note=note)
        registry.sync_derived(activity)
    users = users_of(activity.attendances.values_list("member_id", flat=True))
    notify(
        users,
        title=_("活动已取消：%(t)s") % {"t": activity.topic},
        url=activity_url(activity),
        committee=activity.committee,
        kind="activities.changed",
    )
    return activity
