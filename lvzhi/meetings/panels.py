"""The member's home panel: the meetings under way or coming, each opening 我的会议 (seat,
materials, votes), with the votes open now."""

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityState
from lvzhi.meetings.choices import VoteState
from lvzhi.meetings.models import Meeting
from lvzhi.meetings.services import is_member_user


def home_panel(request):
    user = request.user
    if not is_member_user(user):
        return None
    today = timezone.localdate()
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(activity__state=ActivityState.PLANNED, activity__end__date__gte=today)
        .select_related("activity")
        .order_by("activity__start")[:3]
    )
    open_votes = set(
        Meeting.objects.filter(pk__in=[m.pk for m in meetings], votes__state=VoteState.OPEN).values_list(
            "pk", flat=True
        )
    )
    if not meetings:
        return None
    rows = [{"meeting": m, "voting": m.pk in open_votes} for m in meetings]
    return {"title": _("我的会议"), "template": "meetings/_home_panel.html", "rows": rows, "order": 15}
