"""Who may do what in online deliberation, and the topic's workflow table."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Topic, reads_office
from lvzhi.org.audience import addressed_to_q

# A member may change or take back their own post for this long after posting (while the topic is
# open and before anyone has replied to it); after that the post stands as said.
EDIT_WINDOW = datetime.timedelta(minutes=15)
TEXT_MAX = 2000

PERMISSION = Permission.ACTIVITIES  # deliberation is part of the office's consultation work (协商)


def can_manage(user, committee) -> bool:
    return permissions.can_manage(user, committee, PERMISSION)


def require_manage(user, committee) -> None:
    permissions.require_manage(user, committee, PERMISSION, hide_out_of_scope=True)


def can_read(user) -> bool:
    return reads_office(user)


def is_member_user(user) -> bool:
    return permissions.is_member_user(user)


def is_addressed(user, topic) -> bool:
    """The topic reaches this member (its audience holds one of their current seats)."""
    if not is_member_user(user):
        return False
    return Topic.objects.filter(addressed_to_q(user)).filter(pk=topic.pk).exists()


def accepts_posts(topic, today=None) -> bool:
    today = today or timezone.localdate()
    return topic.state == TopicState.OPEN and topic.opens_on <= today <= topic.closes_on


def _office(user, topic) -> bool:
    return can_manage(user, topic.committee_id)


def _may_open(topic):
    if topic.closes_on < timezone.localdate():
        return _("截止日期已过，请先修改截止日期。")
    return None


TOPIC_FLOW = Workflow(
    field="state",
    rules=[
        Rule("open", [TopicState.DRAFT], TopicState.OPEN, allowed=_office, precondition=_may_open,
             label=gettext_lazy("发布")),
        Rule("close", [TopicState.OPEN], TopicState.CLOSED, allowed=_office, label=gettext_lazy("结束征集")),
        Rule("distil", [TopicState.CLOSED], TopicState.DISTILLED, allowed=_office, label=gettext_lazy("形成成果")),
    ],
)  # fmt: skip


def in_flow(action: str):
    """Available when the workflow allows this user the step from the topic's current state."""
    return lambda user, obj: any(rule.action == action for rule in TOPIC_FLOW.actions_for(obj, user))


def open_topics_q(user) -> Q:
    """Open topics addressed to this member (their to-do)."""
    return addressed_to_q(user) & Q(state=TopicState.OPEN)
