"""What the activities endpoints share: the router, who may call them, the objects fetched within
scope (404 otherwise), and the JSON shapes of the records."""

from django.urls import reverse
from ninja import Router

from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Activity, Attendance, Outcome, Speech, Suggestion
from lvzhi.activities.schemas import ActivityOut, OutcomeOut
from lvzhi.activities.services import can_read
from lvzhi.activities.services import is_member_user as is_member
from lvzhi.core.api import get_in, get_visible
from lvzhi.core.errors import Forbidden, NotFound
from lvzhi.core.scope import committee_ids
from lvzhi.core.workflow import timeline_steps

router = Router(tags=["activities"])


def require_reader(user) -> None:
    """Readers (staff with the activities permission, leaders) and members; others 403."""
    if not (can_read(user) or is_member(user)):
        raise Forbidden()


def sees_all(user, activity) -> bool:
    """Readers in scope see every invitee, speech and outcome; a member only their own."""
    return can_read(user) and activity.committee_id in committee_ids(user)


def get_activity(user, pk) -> Activity:
    require_reader(user)
    return get_visible(Activity.objects.select_related("committee"), user, pk)


def get_speech(user, activity, pk) -> Speech:
    """A speech of the activity: readers in scope any, a member only their own (else 404)."""
    speeches = Speech.objects.filter(activity=activity).select_related("activity__committee", "member")
    if not sees_all(user, activity):
        speeches = speeches.filter(member_id=user.member_id or 0)
    return get_in(speeches, pk)


def outcomes_of(user, activity):
    if not sees_all(user, activity):
        raise NotFound()
    return Outcome.objects.filter(activity=activity).select_related("activity__committee", "attachment")


def load_outcome(user, pk) -> Outcome:
    """An outcome for its actions: readers in scope only (a member's 404, as in the lists)."""
    require_reader(user)
    outcome = get_visible(Outcome.objects.select_related("activity__committee", "attachment"), user, pk)
    if not sees_all(user, outcome.activity):
        raise NotFound()
    return outcome


def activity_data(a: Activity) -> dict:
    data = {
        f: getattr(a, f) for f in ActivityOut.model_fields if f not in ("committee",) and not f.startswith("organiser_")
    }
    data["committee"] = a.committee_id
    for f in ("organiser_studio", "organiser_special_committee", "organiser_sector", "organiser_committee"):
        data[f] = getattr(a, f"{f}_id")
    return data


def invitee_data(row: Attendance) -> dict:
    return {
        "id": row.pk,
        "member": {"id": row.member_id, "name": row.member.name},
        "state": row.state,
        "leave_reason": row.leave_reason,
        "decision_note": row.decision_note,
        "checked_in_at": row.checked_in_at,
        "method": row.method,
    }


def detail(user, activity: Activity) -> dict:
    rows = Attendance.objects.filter(activity=activity).select_related("member").order_by("member__name_pinyin", "id")
    if not sees_all(user, activity):
        rows = rows.filter(member_id=user.member_id or 0)
    rows = list(rows)
    counts = dict.fromkeys(AttendanceState.values, 0)
    for r in rows:
        counts[r.state] += 1
    steps = timeline_steps(activity)
    return {
        **activity_data(activity),
        "invitees": [invitee_data(r) for r in rows],
        "attendance": counts,
        "timeline": steps,
    }


def attachment_data(a) -> dict | None:
    if a is None:
        return None
    return {"id": a.pk, "name": a.name, "size": a.size, "url": reverse("core:attachment", args=[a.pk])}


def speech_data(s: Speech) -> dict:
    return {
        "id": s.pk,
        "committee": s.committee_id,
        "activity": s.activity_id,
        "member": {"id": s.member_id, "name": s.member.name},
        "title": s.title,
        "mode": s.mode,
        "text": s.text,
        "attachment": attachment_data(s.attachment),
    }


def outcome_data(o: Outcome) -> dict:
    skip = ("committee", "activity", "authors", "attachment", "suggestions_count")
    data = {f: getattr(o, f) for f in OutcomeOut.model_fields if f not in skip}
    data.update(
        committee=o.committee_id,
        activity=o.activity_id,
        authors=[{"id": m.pk, "name": m.name} for m in o.authors.all()],
        attachment=attachment_data(o.attachment),
        suggestions_count=o.n_suggestions if hasattr(o, "n_suggestions") else o.suggestions.count(),
    )
    return data


def suggestion_data(s: Suggestion) -> dict:
    return {
        "id": s.pk,
        "committee": s.committee_id,
        "outcome": s.outcome_id,
        "position": s.position,
        "text": s.text,
        "members": [{"id": m.pk, "name": m.name} for m in s.members.all()],
        "adopted": s.adopted,
        "adopted_by": s.adopted_by,
        "adopted_on": s.adopted_on,
    }


def load_suggestion(user, pk) -> Suggestion:
    """A suggestion, for readers in scope of its outcome (else 404)."""
    require_reader(user)
    suggestion = get_visible(Suggestion.objects.select_related("outcome__activity"), user, pk)
    if not sees_all(user, suggestion.outcome.activity):
        raise NotFound()
    return suggestion


def fresh_speech(speech: Speech) -> dict:
    return speech_data(Speech.objects.select_related("member", "attachment").get(pk=speech.pk))


def fresh_outcome(outcome: Outcome, user=None) -> dict:
    return outcome_data(Outcome.objects.select_related("attachment").get(pk=outcome.pk))
