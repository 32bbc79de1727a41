"""What awaits whom in 文史 work: the office's manuscripts awaiting review (初审 or 复审), oldest
first; an author's manuscripts returned for changes (退改)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Todo, TodoKind, never_late
from lvzhi.core.scope import committee_ids
from lvzhi.wenshi.choices import ManuscriptState
from lvzhi.wenshi.models import PERMISSION, Manuscript
from lvzhi.wenshi.services import is_member_user


def review_rows(user):
    if not (getattr(user, "is_authenticated", False) and user.has_module_perm(PERMISSION)):
        return None
    return (
        Manuscript.objects.filter(
            committee_id__in=committee_ids(user), state__in=[ManuscriptState.SUBMITTED, ManuscriptState.REVIEWING]
        )
        .select_related("committee")
        .order_by("submitted_on", "id")
    )


def review_todo(m) -> Todo:
    return Todo(
        m.title,
        reverse("wenshi:manuscript_detail", args=[m.pk]),
        None,
        f"{m.committee.short_name} · {m.author_name} · {m.get_state_display()}",
    )


def returned_rows(user):
    if not is_member_user(user):
        return None
    return Manuscript.objects.filter(member_id=user.member_id, state=ManuscriptState.RETURNED).order_by(
        "updated_at", "id"
    )


def returned_todo(m) -> Todo:
    return Todo(m.title, reverse("wenshi:manuscript_detail", args=[m.pk]), None, str(_("退回修改")))


TODOS = [
    TodoKind(key="wenshi.review", label=_("待审文史稿件"), rows=review_rows, todo=review_todo, late=never_late),
    TodoKind(
        key="wenshi.returned", label=_("退回修改的文史稿件"), rows=returned_rows, todo=returned_todo, late=never_late
    ),
]
