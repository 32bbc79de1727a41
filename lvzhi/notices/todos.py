"""The member's and unit user's to-do from notices: replies required, not yet given, still open."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Todo, TodoKind
from lvzhi.notices import selectors
from lvzhi.notices.services import is_recipient_user


def _pending(user):
    if not is_recipient_user(user):
        return None
    return selectors.to_reply(selectors.inbox(user)).order_by("reply_deadline", "id")


def items(user, limit=20):
    pending = _pending(user)
    if pending is None:
        return []
    return [
        Todo(
            title=n.title,
            url=reverse("notices:detail", args=[n.pk]),
            due=timezone.localtime(n.reply_deadline).date(),
        )
        for n in pending[:limit]
    ]


def count(user) -> int:
    pending = _pending(user)
    return 0 if pending is None else pending.count()


def url(user) -> str:
    return reverse("notices:inbox") + "?to_reply=1"


TODOS = [TodoKind(key="notices.reply", label=_("待回执的通知"), items=items, count=count, url=url)]
