"""The member's home panel: the meetings under way or coming, each opening 我的会议 (seat,
materials, votes), with the votes open now."""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityState
from lvzhi.meetings.choices import VoteState
from lvzhi.meetings.models import Meeting, Vote
from lvzhi.meetings.services import is_member_user


def home_panel(request):
    user = request.user
    if not is_member_user(user):
        return None
    today = timezone.localdate()
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(activity__state=ActivityState.PLANNED, activity__end__date__gte=today)
        .annotate(voting=Exists(Vote.objects.filter(meeting=OuterRef("pk"), state=VoteState.OPEN)))
        .select_related("activity")
        .order_by("activity__start")[:3]
    )
    if not meetings:
        return None
    rows = [{"meeting": m, "voting": m.voting} for m in meetings]
    return {"title": _("我的会议"), "template": "meetings/_home_panel.html", "rows": rows, "order": 15}
