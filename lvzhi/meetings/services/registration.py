"""Registration (报到) as attendees arrive: by the activity's QR check-in, by staff after a search
(name or pinyin initials), or in bulk; with hotel, room and meal notes. Registering checks the
member in to the meeting's activity, so attendance (and the duty ledger) follows; invitations that
ended in leave or absence carry over as they are."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lvzhi.activities.models import Attendance
from lvzhi.activities.services import check_in, manual_check_in
from lvzhi.core import audit
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.meetings.choices import RegistrationMethod
from lvzhi.meetings.models import Meeting, Registration
from lvzhi.meetings.services.base import is_member_user, member_ids, require_manage

LODGING_FIELDS = ("hotel", "room", "meal_note")


def _clean_lodging(data: dict) -> dict:
    clean = Cleaner(data)
    values = {
        "hotel": clean.text("hotel", max_length=100),
        "room": clean.text("room", max_length=20),
        "meal_note": clean.text("meal_note", max_length=200),
    }
    clean.done()
    return values


def _record(meeting, member_id, *, actor, method, lodging) -> tuple[Registration, bool]:
    row = Registration.objects.filter(meeting=meeting, member_id=member_id).first()
    if row is not None:
        return row, True
    try:
        with transaction.atomic():
            row = Registration.objects.create(
                committee_id=meeting.committee_id,
                meeting=meeting,
                member_id=member_id,
                method=method,
                registered_by=actor if getattr(actor, "pk", None) else None,
                **lodging,
            )
    except IntegrityError:  # the same member registered at the same instant elsewhere
        return Registration.objects.get(meeting=meeting, member_id=member_id), True
    audit.record("registration.create", actor=actor, obj=row, after=audit.snapshot(row))
    return row, False


@transaction.atomic
def register_member(*, actor, meeting: Meeting, member, lodging: dict | None = None) -> tuple[Registration, bool]:
    """Staff register one member (found by search). Returns (registration, already)."""
    require_manage(actor, meeting.committee_id)
    values = _clean_lodging(lodging or {})
    ids = member_ids([getattr(member, "pk", member)], "member")
    if not ids:
        raise Invalid(errors={"member": [_("请选择委员。")]})
    manual_check_in(actor=actor, activity=meeting.activity, member=ids[0])
    return _record(meeting, ids[0], actor=actor, method=RegistrationMethod.SEARCH, lodging=values)


@transaction.atomic
def register_bulk(*, actor, meeting: Meeting, members, lodging: dict | None = None) -> int:
    """Staff register several members at once (a delegation arriving together). Returns how many
    were newly registered; any member who cannot be registered refuses the whole batch."""
    require_manage(actor, meeting.committee_id)
    values = _clean_lodging(lodging or {})
    ids = member_ids(members)
    if not ids:
        raise Invalid(errors={"members": [_("请至少选择一位委员。")]})
    invited = set(Attendance.objects.filter(activity_id=meeting.activity_id).values_list("member_id", flat=True))
    missing = [pk for pk in ids if pk not in invited]
    if missing:
        raise Invalid(errors={"members": [_("以下委员未受邀参加本次会议：%(ids)s。") % {"ids": missing}]})
    new = 0
    for pk in ids:
        manual_check_in(actor=actor, activity=meeting.activity, member=pk)
        _row, already = _record(meeting, pk, actor=actor, method=RegistrationMethod.BULK, lodging=values)
        new += not already
    return new


@transaction.atomic
def register_by_qr(*, actor, meeting: Meeting, token: str) -> tuple[Registration, bool]:
    """A member registers themselves by scanning the meeting's check-in QR code."""
    if not is_member_user(actor):
        raise Forbidden(_("请使用委员本人账号报到。"))
    check_in(actor=actor, activity=meeting.activity, token=token)
    return _record(meeting, actor.member_id, actor=actor, method=RegistrationMethod.QR, lodging={})


@transaction.atomic
def update_lodging(*, actor, meeting: Meeting, member, lodging: dict) -> Registration:
    """Staff note a registered member's hotel, room and meals."""
    require_manage(actor, meeting.committee_id)
    ids = member_ids([getattr(member, "pk", member)], "member")
    row = Registration.objects.select_for_update().filter(meeting=meeting, member_id=ids[0] if ids else 0).first()
    if row is None:
        raise Invalid(errors={"member": [_("该委员尚未报到。")]})
    values = _clean_lodging(lodging)
    before = audit.snapshot(row, fields=list(LODGING_FIELDS))
    for key, value in values.items():
        setattr(row, key, value)
    row.save(update_fields=list(LODGING_FIELDS))
    audit.record("registration.update", actor=actor, obj=row, before=before, after=values)
    return row


def search_attendees(meeting: Meeting, text: str, limit: int = 20):
    """Invitees whose name contains the text or whose pinyin initials (or pinyin) start with it:
    what the registration desk types ("zhm" finds 张海明)."""
    text = (text or "").strip()
    rows = Attendance.objects.filter(activity_id=meeting.activity_id).select_related("member")
    if text:
        low = text.lower()
        rows = rows.filter(
            Q(member__name__contains=text)
            | Q(member__name_initials__istartswith=low)
            | Q(member__name_pinyin__istartswith=low)
        )
    return list(rows.order_by("member__name_pinyin", "id")[:limit])
