"""What awaits a member in the meeting services (the to-do centre's kinds, see registry.TodoKind):
a vote or an election open now that they may cast and have not; a meeting under way or coming that
they are expected at and have not registered for (报到); the materials of such a meeting they have
not read; a plenary whose speech collection is open and to which they have sent nothing; their
plenary speech returned for changes. Each to-do opens exactly its record: the card on the member's
page 我的会议 (`#vote-<id>`, `#election-<id>`, `#material-<id>`), the speech form, the speech.

Every kind is one query for its count and one for its rows (the registry's contract); the member's
attendance is the activities' `Attendance` of the meeting's activity, as everywhere in the module."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.activities.choices import ActivityState, AttendanceState
from lvzhi.activities.models import Attendance
from lvzhi.core import registry
from lvzhi.meetings.choices import ElectionState, SpeechState, VoteState
from lvzhi.meetings.models import (
    Election,
    ElectionParticipation,
    Material,
    MaterialRead,
    Meeting,
    Participation,
    PlenarySpeech,
    Vote,
)
from lvzhi.meetings.services import is_member_user

AS = AttendanceState
# expected at the meeting: invited or said they come, not on leave, not yet registered (present)
EXPECTED = (AS.INVITED, AS.ATTENDING)
# the meeting is theirs: any answer but an approved leave
NOT_EXCUSED = (AS.INVITED, AS.ATTENDING, AS.LEAVE_REQUESTED, AS.PRESENT)


def _attending(member_id, states, activity="meeting__activity_id"):
    return Exists(Attendance.objects.filter(activity_id=OuterRef(activity), member_id=member_id, state__in=states))


def _mine(meeting_id, anchor=""):
    return reverse("meetings:mine", args=[meeting_id]) + (f"#{anchor}" if anchor else "")


def _when(moment):
    return timezone.localtime(moment).date() if moment else None


# an open vote the member may cast (registered, i.e. present) and has not


def vote_rows(user):
    if not is_member_user(user):
        return None
    member_id = user.member_id
    return (
        Vote.objects.filter(state=VoteState.OPEN)
        .filter(_attending(member_id, [AS.PRESENT]))
        .exclude(Exists(Participation.objects.filter(vote_id=OuterRef("pk"), member_id=member_id)))
        .select_related("meeting__activity")
        .order_by("opened_at", "id")
    )


def vote_todo(vote):
    note = f"{vote.meeting.activity.topic} · {vote.get_mode_display()}"
    return registry.Todo(vote.title, _mine(vote.meeting_id, f"vote-{vote.pk}"), _when(vote.opened_at), note=note)


# an open election the member may cast and has not


def election_rows(user):
    if not is_member_user(user):
        return None
    member_id = user.member_id
    return (
        Election.objects.filter(state=ElectionState.OPEN)
        .filter(_attending(member_id, [AS.PRESENT]))
        .exclude(Exists(ElectionParticipation.objects.filter(election_id=OuterRef("pk"), member_id=member_id)))
        .select_related("meeting__activity")
        .order_by("opened_at", "id")
    )


def election_todo(election):
    return registry.Todo(
        election.title,
        _mine(election.meeting_id, f"election-{election.pk}"),
        _when(election.opened_at),
        note=election.meeting.activity.topic,
    )


# a meeting under way or coming that the member is expected at and has not registered for


def _current(qs, prefix="activity__"):
    return qs.filter(**{f"{prefix}state": ActivityState.PLANNED, f"{prefix}end__gte": registry.this_minute()})


def register_rows(user):
    if not is_member_user(user):
        return None
    qs = _current(Meeting.objects.all()).filter(_attending(user.member_id, EXPECTED, activity="activity_id"))
    return qs.select_related("activity").order_by("activity__start", "id")


def register_todo(meeting):
    activity = meeting.activity
    start = timezone.localtime(activity.start)
    note = f"{start:%Y-%m-%d %H:%M} {activity.place}".strip()
    return registry.Todo(activity.topic, _mine(meeting.pk, "seat"), start.date(), note=note)


# the materials of a current meeting the member has not opened


def material_rows(user):
    if not is_member_user(user):
        return None
    member_id = user.member_id
    return (
        _current(Material.objects.all(), prefix="meeting__activity__")
        .filter(_attending(member_id, NOT_EXCUSED))
        .exclude(Exists(MaterialRead.objects.filter(material_id=OuterRef("pk"), member_id=member_id)))
        .select_related("meeting__activity")
        .order_by("meeting__activity__start", "id")
    )


def material_todo(material):
    note = material.meeting.activity.topic + (f" · {_('内部资料')}" if material.internal else "")
    return registry.Todo(
        material.title,
        _mine(material.meeting_id, f"material-{material.pk}"),
        _when(material.meeting.activity.start),
        note=note,
    )


# a plenary collecting speeches (deadline ahead) to which the member has sent nothing


def speech_due_rows(user):
    if not is_member_user(user):
        return None
    member_id = user.member_id
    sent = PlenarySpeech.objects.filter(meeting_id=OuterRef("pk"), member_id=member_id).exclude(
        state=SpeechState.WITHDRAWN
    )
    return (
        Meeting.objects.filter(speech_deadline__gt=registry.this_minute(), activity__state=ActivityState.PLANNED)
        .filter(_attending(member_id, NOT_EXCUSED, activity="activity_id"))
        .exclude(Exists(sent))
        .select_related("activity")
        .order_by("speech_deadline", "id")
    )


def speech_due_todo(meeting):
    deadline = timezone.localtime(meeting.speech_deadline)
    note = _("大会发言征集截止：%(t)s") % {"t": f"{deadline:%Y-%m-%d %H:%M}"}
    return registry.Todo(
        meeting.activity.topic, reverse("meetings:speech_create", args=[meeting.pk]), deadline.date(), note=str(note)
    )


# the member's plenary speech the office returned for changes


def speech_returned_rows(user):
    if not is_member_user(user):
        return None
    return (
        PlenarySpeech.objects.filter(member_id=user.member_id, state=SpeechState.RETURNED)
        .select_related("meeting__activity")
        .order_by("meeting__speech_deadline", "id")
    )


def speech_returned_todo(speech):
    url = reverse("meetings:speeches") + f"?meeting={speech.meeting_id}#speech-{speech.pk}"
    note = f"{speech.meeting.activity.topic} · {speech.review_note}".strip(" ·")
    return registry.Todo(speech.title, url, None, note=note)


by_day, NEVER = registry.late_by_datetime, registry.never_late
TODOS = [
    registry.TodoKind("meetings.vote", _("待参加的会议表决"), rows=vote_rows, todo=vote_todo, late=by_day("opened_at")),
    registry.TodoKind(
        "meetings.election", _("待投票的选举"), rows=election_rows, todo=election_todo, late=by_day("opened_at")
    ),
    registry.TodoKind(
        "meetings.register", _("待报到的会议"), rows=register_rows, todo=register_todo, late=by_day("activity__start")
    ),
    registry.TodoKind(
        "meetings.materials",
        _("未读的会议材料"),
        rows=material_rows,
        todo=material_todo,
        late=by_day("meeting__activity__start"),
    ),
    registry.TodoKind(
        "meetings.speech_due",
        _("正在征集的大会发言"),
        rows=speech_due_rows,
        todo=speech_due_todo,
        late=by_day("speech_deadline"),
    ),
    registry.TodoKind(
        "meetings.speech_returned",
        _("退回修改的大会发言"),
        rows=speech_returned_rows,
        todo=speech_returned_todo,
        late=NEVER,
    ),
]
