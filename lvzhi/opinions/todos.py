"""What awaits a user in the opinions module (the to-do centre's kinds, see registry.TodoKind): an
author revises a returned report; the information office reviews submissions, publishes accepted ones
and chases overdue feedback; a leader follows the items sent out that still await an instruction."""

import datetime

from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import registry
from lvzhi.core.scope import committee_ids
from lvzhi.opinions.choices import OpinionState
from lvzhi.opinions.models import Instruction, OpinionReport, OpinionSettings
from lvzhi.opinions.services import overdue_q


def _url(report):
    return reverse("opinions:detail", args=[report.pk])


def _office_ids(user):
    return committee_ids(user) if user.has_module_perm(Permission.OPINIONS) else frozenset()


def _feedback_days():
    default = OpinionSettings._meta.get_field("feedback_days").default
    settings = OpinionSettings.objects.filter(committee_id=OuterRef("committee_id")).values("feedback_days")[:1]
    return Coalesce(Subquery(settings), Value(default))


def _feedback_due(report):
    """The day feedback is due: the committee's feedback period after sending (or publishing)."""
    start = report.sent_on or (timezone.localtime(report.published_at).date() if report.published_at else None)
    return start + datetime.timedelta(days=report.feedback_days) if start else None


def _feedback_start():
    """`_feedback_due`'s first day in the database: the day of sending, else of publishing."""
    return Coalesce("sent_on", registry.local_date("published_at"))


def returned_rows(user):
    """The author's reports the office returned for revision."""
    if user.is_admin_role:
        return None
    return (
        OpinionReport.objects.filter(created_by=user, state=OpinionState.DRAFT)
        .exclude(return_note="")
        .order_by("-updated_at", "-id")
    )


def returned_todo(report):
    return registry.Todo(report.title, _url(report), note=report.return_note[:80])


def review_rows(user):
    ids = _office_ids(user)
    if not ids:
        return None
    return (
        OpinionReport.objects.filter(committee_id__in=ids, state=OpinionState.SUBMITTED)
        .select_related("committee")
        .order_by("submitted_at", "id")
    )


def review_todo(report):
    return registry.Todo(report.title, _url(report), note=f"{report.get_urgency_display()} · {report.category}")


def publish_rows(user):
    """Accepted items being edited, not yet published in an issue."""
    ids = _office_ids(user)
    if not ids:
        return None
    return OpinionReport.objects.filter(committee_id__in=ids, state=OpinionState.ACCEPTED).order_by("accepted_at", "id")


def publish_todo(report):
    return registry.Todo(report.title, _url(report), note=report.category)


def feedback_rows(user):
    """Items sent (or published) longer ago than the committee's feedback period, not fed back."""
    ids = _office_ids(user)
    if not ids:
        return None
    return (
        OpinionReport.objects.filter(overdue_q(ids))
        .annotate(feedback_days=_feedback_days())
        .order_by("sent_on", "published_at", "id")
    )


def feedback_todo(report):
    return registry.Todo(report.title, _url(report), _feedback_due(report), note=report.get_state_display())


def instruction_rows(user):
    """For a leader: items of their scope sent to the party committee or the government that have no
    instruction (批示) yet and no feedback."""
    if not (user.has_role(Role.LEADER) and user.committee_id):
        return None
    return (
        OpinionReport.objects.filter(committee_id__in=committee_ids(user), state=OpinionState.SENT)
        .filter(~Q(Exists(Instruction.objects.filter(report=OuterRef("pk")))))
        .annotate(feedback_days=_feedback_days())
        .select_related("committee")
        .order_by("sent_on", "id")
    )


def instruction_todo(report):
    return registry.Todo(report.title, _url(report), _feedback_due(report), note=report.committee.short_name)


TODOS = [
    registry.TodoKind(
        "opinions.returned",
        _("退回修改的社情民意信息"),
        rows=returned_rows,
        todo=returned_todo,
        late=registry.never_late,
    ),
    registry.TodoKind(
        "opinions.review", _("待处理的社情民意信息"), rows=review_rows, todo=review_todo, late=registry.never_late
    ),
    registry.TodoKind(
        "opinions.publish", _("待编发的社情民意信息"), rows=publish_rows, todo=publish_todo, late=registry.never_late
    ),
    registry.TodoKind(
        "opinions.feedback",
        _("反馈逾期的社情民意信息"),
        rows=feedback_rows,
        todo=feedback_todo,
        late=registry.late_after_days(_feedback_start, "feedback_days"),
    ),
    registry.TodoKind(
        "opinions.instruction",
        _("待批示的社情民意信息"),
        rows=instruction_rows,
        todo=instruction_todo,
        late=registry.late_after_days(_feedback_start, "feedback_days"),
    ),
]
