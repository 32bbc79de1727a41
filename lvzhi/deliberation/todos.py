"""What awaits a member in online deliberation: the open topics addressed to them (the to-do centre
and the home page read this through the registry)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Todo, TodoKind
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Topic
from lvzhi.deliberation.services import is_member_user


def _open_topics(user):
    if not is_member_user(user):
        return Topic.objects.none()
    return Topic.objects.visible_to(user).filter(state=TopicState.OPEN)


def _items(user, limit):
    rows = _open_topics(user).order_by("closes_on", "id")[:limit]
    return [Todo(t.title, reverse("deliberation:detail", args=[t.pk]), t.closes_on) for t in rows]


def _url(user):
    return reverse("deliberation:list") + "?state=" + TopicState.OPEN


TODOS = [
    TodoKind(
        key="deliberation.open_topics",
        label=_("正在征集意见的议题"),
        items=_items,
        count=lambda user: _open_topics(user).count(),
        url=_url,
    )
]
