"""What awaits a member in the learning corner (the to-do centre's kinds, see registry.TodoKind): the
required materials addressed to them that they have not yet marked studied, earliest deadline first."""

from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy

from lvzhi.core import permissions, registry
from lvzhi.learning.models import StudyMaterial, StudyRecord


def required_rows(user):
    if not permissions.is_member_user(user):
        return None
    studied = StudyRecord.objects.filter(material=OuterRef("pk"), member_id=user.member_id)
    return (
        StudyMaterial.objects.visible_to(user)
        .filter(required=True)
        .exclude(Exists(studied))
        .order_by(F("deadline").asc(nulls_last=True), "-published_at", "-id")
    )


def required_todo(material):
    return registry.Todo(material.title, reverse("learning:detail", args=[material.pk]), material.deadline)


def required_url(user):
    return f"{reverse('learning:list')}?required=1&studied=0"


TODOS = [
    registry.TodoKind(
        "learning.required",
        gettext_lazy("待学习的必学资料"),
        rows=required_rows,
        todo=required_todo,
        url=required_url,
        late=registry.late_by_date("deadline"),
    )
]
