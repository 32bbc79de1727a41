"""What awaits a user in the liaison module (see registry.TodoKind): for the office, the 请示报告 sent
to the Party committee that await its reply (due when the reply period ends), and the drafts not
yet sent."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.core.scope import committee_ids
from lvzhi.liaison.choices import PartyReportState
from lvzhi.liaison.models import PERMISSION, PartyReport


def _office_ids(user):
    return committee_ids(user) if user.has_module_perm(PERMISSION) else frozenset()


def awaiting_rows(user):
    ids = _office_ids(user)
    if not ids:
        return None
    return PartyReport.objects.filter(committee_id__in=ids, state=PartyReportState.SENT).order_by("sent_on", "id")


def awaiting_todo(report):
    return registry.Todo(
        report.subject,
        reverse("liaison:report_detail", args=[report.pk]),
        due=report.due_on,
        note=_("%(kind)s · 报送于 %(day)s") % {"kind": report.get_kind_display(), "day": report.sent_on.isoformat()},
    )


def draft_rows(user):
    ids = _office_ids(user)
    if not ids:
        return None
    return PartyReport.objects.filter(committee_id__in=ids, state=PartyReportState.DRAFT).order_by("drafted_on", "id")


def draft_todo(report):
    return registry.Todo(
        report.subject,
        reverse("liaison:report_detail", args=[report.pk]),
        note=_("%(kind)s · 拟稿于 %(day)s") % {"kind": report.get_kind_display(), "day": report.drafted_on.isoformat()},
    )


TODOS = [
    registry.TodoKind(
        "liaison.report_reply",
        _("待批复的请示报告"),
        rows=awaiting_rows,
        todo=awaiting_todo,
        late=registry.late_after_days("sent_on", "reply_days"),  # PartyReport.due_on
    ),
    registry.TodoKind(
        "liaison.report_draft", _("待报送的请示报告"), rows=draft_rows, todo=draft_todo, late=registry.never_late
    ),
]
