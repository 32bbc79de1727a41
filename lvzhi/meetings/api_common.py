"""What the meetings API's routers share: who may call it, loading a visible meeting (404 for
the rest), records of the visible meetings, a member reference, a workflow timeline."""

from lvzhi.core.api import get_visible
from lvzhi.core.errors import Forbidden
from lvzhi.core.workflow import timeline
from lvzhi.meetings.models import Meeting, reads_all_in_scope
from lvzhi.meetings.services.base import is_member_user


def require_participant(user) -> None:
    if not (reads_all_in_scope(user) or is_member_user(user)):
        raise Forbidden()


def load_meeting(user, pk) -> Meeting:
    require_participant(user)
    return get_visible(Meeting.objects.select_related("activity", "committee"), user, pk)


def _of_visible_meetings(queryset, user):
    """Records of the meetings this user sees, in one query (404 for the rest)."""
    return queryset.filter(meeting__in=Meeting.objects.visible_to(user).values("pk"))


def _ref(member):
    return {"id": member.pk, "name": member.name} if member is not None else None


def steps(obj, rows=None) -> list[dict]:
    """The object's timeline for the API; `rows`: its transitions when already read (`timelines`)."""
    return [
        {
            "from": t.from_state,
            "to": t.to_state,
            "actor": str(t.actor) if t.actor else None,
            "at": t.at.isoformat(),
            "note": t.note,
        }
        for t in (timeline(obj) if rows is None else rows)
    ]
