"""The member's and unit user's to-do from notices: replies required, not yet given, still open."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Todo, TodoKind, late_by_datetime
from lvzhi.notices import selectors
from lvzhi.notices.services import is_recipient_user


def _pending(user):
    if not is_recipient_user(user):
        return None
    return selectors.to_reply(selectors.inbox(user)).order_by("reply_deadline", "id")


def _todo(n) -> Todo:
    return Todo(
        title=n.title, url=reverse("notices:detail", args=[n.pk]), due=timezone.localtime(n.reply_deadline).date()
    )


def url(user) -> str:
    return reverse("notices:inbox") + "?to_reply=1"


# a reply still open has its deadline ahead: never late
TODOS = [
    TodoKind(
        key="notices.reply",
        label=_("待回执的通知"),
        rows=_pending,
        todo=_todo,
        url=url,
        late=late_by_datetime("reply_deadline"),
    )
]
