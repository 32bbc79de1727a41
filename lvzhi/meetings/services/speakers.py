"""The speakers' list (发言名单) of an agenda item: a registered member asks to speak from the phone
(or the office adds them); the office orders the list and starts and stops each speaker's timer,
which the live screen shows. One speaker at a time per meeting (a constraint)."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.activities.choices import AttendanceState
from lvzhi.core import audit
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden, IllegalTransition
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.meetings.choices import SpeakerState
from lvzhi.meetings.models import AgendaItem, Meeting, SpeakerRequest
from lvzhi.meetings.services.base import attendance_of, can_manage, is_member_user, member_ids

SP = SpeakerState


def _manages(user, speaker) -> bool:
    return can_manage(user, speaker.committee_id)


def _own_or_office(user, speaker) -> bool:
    return _manages(user, speaker) or (is_member_user(user) and user.member_id == speaker.member_id)


SPEAKER_FLOW = Workflow(
    rules=[
        Rule("start", [SP.WAITING], SP.SPEAKING, _manages, None, gettext_lazy("开始发言")),
        Rule("stop", [SP.SPEAKING], SP.DONE, _manages, None, gettext_lazy("结束发言")),
        Rule("withdraw", [SP.WAITING], SP.WITHDRAWN, _own_or_office, None, gettext_lazy("取消发言")),
    ]
)


@transaction.atomic
def request_to_speak(*, actor, meeting: Meeting, data: dict) -> SpeakerRequest:
    """A registered member asks to speak on an agenda item (the office may add any registered member)."""
    office = can_manage(actor, meeting.committee_id)
    clean = Cleaner(data)
    item_ids = member_ids([data.get("agenda_item")] if data.get("agenda_item") not in (None, "") else [], "agenda_item")
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_ids[0]).first() if item_ids else None
    if item is None:
        clean.error("agenda_item", _("请选择本次会议的议程。"))
    limit = clean.integer("limit_minutes", low=1, high=60) if office else None
    if office and data.get("member") not in (None, ""):
        member_id = member_ids([data.get("member")], "member")[0]
    elif is_member_user(actor):
        member_id = actor.member_id
    else:
        raise Forbidden(_("请使用委员本人账号申请发言。"))
    clean.done()
    attendance = attendance_of(meeting, member_id)
    if attendance is None:
        raise Forbidden(_("您不是本次会议的参会委员。"))
    if attendance.state != AttendanceState.PRESENT:
        raise IllegalTransition(_("请先报到，再申请发言。"))
    last = SpeakerRequest.objects.filter(agenda_item=item).aggregate(n=Max("position"))["n"] or 0
    try:
        with transaction.atomic():
            speaker = SpeakerRequest.objects.create(
                committee_id=meeting.committee_id,
                meeting=meeting,
                agenda_item=item,
                member_id=member_id,
                position=last + 1,
                limit_minutes=limit or 5,
            )
    except IntegrityError:
        raise IllegalTransition(_("已在本项议程的发言名单中。")) from None
    audit.record("speaker.request", actor=actor, obj=speaker, after=audit.snapshot(speaker))
    return speaker


def start_speaker(*, actor, speaker: SpeakerRequest, note: str = "") -> SpeakerRequest:
    """Start a speaker's timer; whoever was speaking in the meeting is stopped first."""
    with transaction.atomic():
        current = SpeakerRequest.objects.filter(meeting_id=speaker.meeting_id, state=SP.SPEAKING).first()
        if current is not None:
            stop_speaker(actor=actor, speaker=current)

        def apply(obj):
            obj.started_at = timezone.now()

        SPEAKER_FLOW.perform(speaker, "start", actor=actor, note=note, apply=apply)
    return speaker


def stop_speaker(*, actor, speaker: SpeakerRequest, note: str = "") -> SpeakerRequest:
    def apply(obj):
        obj.stopped_at = timezone.now()

    SPEAKER_FLOW.perform(speaker, "stop", actor=actor, note=note, apply=apply)
    return speaker


def withdraw_speaker(*, actor, speaker: SpeakerRequest, note: str = "") -> SpeakerRequest:
    SPEAKER_FLOW.perform(speaker, "withdraw", actor=actor, note=note)
    return speaker


@transaction.atomic
def move_speaker(*, actor, speaker: SpeakerRequest, direction: str) -> SpeakerRequest:
    """Swap a waiting speaker with the one before ("up") or after ("down") in the item's list."""
    if not _manages(actor, speaker):
        raise Forbidden()
    clean = Cleaner({"direction": direction})
    direction = clean.choice("direction", ["up", "down"], required=True)
    clean.done()
    speaker = SpeakerRequest.objects.select_for_update().get(pk=speaker.pk)
    if speaker.state != SP.WAITING:
        raise IllegalTransition(_("只能调整等候发言者的顺序。"))
    waiting = SpeakerRequest.objects.filter(agenda_item_id=speaker.agenda_item_id, state=SP.WAITING)
    if direction == "up":
        other = waiting.filter(position__lt=speaker.position).order_by("-position").first()
    else:
        other = waiting.filter(position__gt=speaker.position).order_by("position").first()
    if other is None:
        raise IllegalTransition(_("已在名单最前。") if direction == "up" else _("已在名单最后。"))
    speaker.position, other.position = other.position, speaker.position
    SpeakerRequest.objects.bulk_update([speaker, other], ["position"])
    audit.record("speaker.move", actor=actor, obj=speaker, after={"position": speaker.position})
    return speaker


def speakers_of(meeting: Meeting):
    """The meeting's speakers' lists, item by item (one query)."""
    return SpeakerRequest.objects.filter(meeting=meeting).select_related("member", "agenda_item")
