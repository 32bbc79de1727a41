"""What awaits a member in online deliberation: the open topics addressed to them, soonest closing
first (the to-do centre and the home page read this through the registry)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Todo, TodoKind, late_by_date
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Topic
from lvzhi.deliberation.services import is_member_user


def open_topic_rows(user):
    if not is_member_user(user):
        return None
    return Topic.objects.visible_to(user).filter(state=TopicState.OPEN).order_by("closes_on", "id")


def open_topic_todo(topic) -> Todo:
    return Todo(topic.title, reverse("deliberation:detail", args=[topic.pk]), topic.closes_on)


def _url(user):
    return reverse("deliberation:list") + "?state=" + TopicState.OPEN


TODOS = [
    TodoKind(
        key="deliberation.open_topics",
        label=_("正在征集意见的议题"),
        rows=open_topic_rows,
        todo=open_topic_todo,
        url=_url,
        late=late_by_date("closes_on"),
    )
]
