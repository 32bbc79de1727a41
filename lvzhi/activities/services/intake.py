"""An activity outcome from another module's work, offered through the registry
(`activities.outcome_from_deliberation`): the office attaches a deliberation topic's outcome to the
outcomes of one of its activities, as a draft consultation outcome to be sent and tracked."""

from django.db import transaction
from django.db.models import Q

from lvzhi.activities.choices import OutcomeKind
from lvzhi.activities.models import Activity, Attendance, Outcome
from lvzhi.activities.services.invitations import seated_members
from lvzhi.activities.services.records import record_outcome
from lvzhi.activities.services.suggestions import BATCH_LIMIT, TEXT_LIMIT, add_suggestions, split_lines
from lvzhi.core import audit
from lvzhi.core.api import MAX_ID
from lvzhi.core.errors import NotFound


@transaction.atomic
def outcome_from_deliberation(
    *, actor, activity_id, title: str, text: str, suggestions: str = "", member_ids=()
) -> Outcome:
    """A draft outcome of the activity (visible to the actor, else NotFound), written by
    `record_outcome` (which checks the office's permission); the contributors who take part in the
    activity (invited, or seated in its committee) are named as its authors; the topic outcome's
    suggestions, one per line, become the outcome's suggestions, made by those authors."""
    try:
        pk = int(activity_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    activity = Activity.objects.visible_to(actor).filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if activity is None:
        raise NotFound()
    ids = list(member_ids)
    taking_part = set(
        Attendance.objects.filter(activity=activity, member_id__in=ids).values_list("member_id", flat=True)
    ) | set(seated_members(activity.committee).filter(Q(member_id__in=ids)).values_list("member_id", flat=True))
    data = {
        "title": title[:200],
        "text": text,
        "kind": OutcomeKind.CONSULTATION,
        "authors": [pk for pk in ids if pk in taking_part],
    }
    outcome = record_outcome(actor=actor, activity=activity, data=data)
    lines = [line[:TEXT_LIMIT] for line in split_lines(suggestions)][:BATCH_LIMIT]
    if lines:  # the topic outcome's suggestions, one row per line
        add_suggestions(actor=actor, outcome=outcome, texts=lines, members=data["authors"])
    audit.record("outcome.from_deliberation", actor=actor, obj=outcome, after={"authors": data["authors"]})
    return outcome
