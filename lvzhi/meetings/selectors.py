"""Reads of the meeting services that are more than a filter: the live screen's state, a member's
own rows read with the meeting."""

from django.db.models import Count, FilteredRelation, Q
from django.utils import timezone

from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Attendance
from lvzhi.meetings.choices import ElectionState, MinutesState, SpeakerState, VoteState
from lvzhi.meetings.models import AgendaItem, Election, Meeting, Registration, SpeakerRequest, Vote


def _item(i: AgendaItem | None) -> dict | None:
    if i is None:
        return None
    return {
        "id": i.pk,
        "day": i.day,
        "half": i.get_half_display(),
        "starts_at": i.starts_at.strftime("%H:%M"),
        "title": i.title,
        "place": i.place,
        "presider": i.presider,
    }


def live_state(meeting: Meeting, now=None) -> dict:
    """What the projector shows now: the agenda item under way and the next one, arrivals, the
    speaker with the timer and the queue, the votes and elections (progress while open — how many
    voted, never how — and the result once closed). A constant number of queries (seven), whatever
    the size of the meeting."""
    now = timezone.localtime(now or timezone.now())
    today, clock = now.date(), now.time()
    items = list(AgendaItem.objects.filter(meeting=meeting))
    started = [i for i in items if (i.day, i.starts_at) <= (today, clock)]
    upcoming = [i for i in items if (i.day, i.starts_at) > (today, clock)]
    current = started[-1] if started and started[-1].day == today else None
    attendances = Attendance.objects.filter(activity_id=meeting.activity_id)
    votes = []
    for v in (
        Vote.objects.filter(meeting=meeting).exclude(state=VoteState.DRAFT).annotate(voters=Count("participations"))
    ):
        row = {"id": v.pk, "title": v.title, "state": v.state, "state_label": v.get_state_display(), "voters": v.voters}
        if v.state == VoteState.CLOSED:
            row.update(yes=v.yes_count, no=v.no_count, abstain=v.abstain_count, passed=v.passed, decision=v.decision)
        votes.append(row)
    speakers = list(
        SpeakerRequest.objects.filter(meeting=meeting, state__in=[SpeakerState.WAITING, SpeakerState.SPEAKING])
        .select_related("member")
        .order_by("agenda_item__day", "agenda_item__starts_at", "agenda_item_id", "position", "id")
    )
    speaking = next((s for s in speakers if s.state == SpeakerState.SPEAKING), None)
    current = _item(current)
    focus = speaking.agenda_item_id if speaking else (current["id"] if current else None)
    queue = [s for s in speakers if s.state == SpeakerState.WAITING and (focus is None or s.agenda_item_id == focus)]
    elections = [
        {
            "id": e.pk,
            "title": e.title,
            "state": e.state,
            "state_label": e.get_state_display(),
            "voters": e.voters,
            "decision": e.decision if e.state == ElectionState.CONFIRMED else "",
        }
        for e in Election.objects.filter(meeting=meeting)
        .exclude(state=ElectionState.DRAFT)
        .annotate(voters=Count("participations"))
    ]
    return {
        "id": meeting.pk,
        "topic": meeting.activity.topic,
        "at": now,
        "current": current,
        "next": _item(upcoming[0] if upcoming else None),
        "registered": Registration.objects.filter(meeting=meeting).count(),
        "present": attendances.filter(state=AttendanceState.PRESENT).count(),
        "invited": attendances.count(),
        "votes": votes,
        "speaking": _speaker(speaking, now),
        "queue": [_speaker(s, now) for s in queue[:8]],
        "elections": elections,
    }


def _speaker(s: SpeakerRequest | None, now) -> dict | None:
    if s is None:
        return None
    elapsed = int((now - s.started_at).total_seconds()) if s.started_at else 0
    return {
        "id": s.pk,
        "name": s.member.name,
        "agenda_item": s.agenda_item_id,
        "state": s.state,
        "limit_minutes": s.limit_minutes,
        "started_at": s.started_at,
        "elapsed": max(elapsed, 0),
    }


OWN_ROWS = ("my_registration", "my_attendance", "published_minutes")


def with_own_rows(meetings, member_id):
    """The meetings with what the member's page shows of each read in the same statement: their
    registration, their invitation to the meeting's activity and the minutes once published —
    LEFT JOINs that each match at most one row (unique per meeting and member; one minutes per
    meeting). `own_rows(meeting)` gives them."""
    member_id = member_id or 0
    return meetings.annotate(
        my_registration=FilteredRelation("registrations", condition=Q(registrations__member_id=member_id)),
        my_attendance=FilteredRelation(
            "activity__attendances", condition=Q(activity__attendances__member_id=member_id)
        ),
        published_minutes=FilteredRelation("minutes", condition=Q(minutes__state=MinutesState.PUBLISHED)),
    ).select_related(*OWN_ROWS)


def own_rows(meeting: Meeting) -> dict:
    """{name: row or None} of a meeting read `with_own_rows` (an empty join leaves no attribute)."""
    return {name: getattr(meeting, name, None) for name in OWN_ROWS}
