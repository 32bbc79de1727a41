"""What awaits a user in the duty records module (the to-do centre's kinds, see registry.TodoKind): a
member writes the annual report (述职) in its season — from December to the end of March — and revises
a returned one; the office reviews the submitted reports."""

import datetime
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions, registry
from lvzhi.core.scope import committee_ids
from lvzhi.duties.choices import ReportState
from lvzhi.duties.models import AnnualReport
from lvzhi.org.models import Committee, Membership

DUE_MONTH, DUE_DAY = 3, 31  # a year's report is due by the end of March of the next year


def report_year(today: datetime.date) -> int | None:
    """The year whose report is in season on `today` (December to March), else None."""
    if today.month == 12:
        return today.year
    if today.month <= DUE_MONTH:
        return today.year - 1
    return None


def _my_report_url(committee_id, year):
    return f"{reverse('duties:my_report')}?{urlencode({'committee': committee_id, 'year': year})}"


def report_rows(user):
    """The committees whose report for the season's year the member has still to submit: those they
    sat in during that year, without a submitted or accepted report."""
    year = report_year(timezone.localdate())
    if year is None or not permissions.is_member_user(user):
        return None
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    seats = Membership.objects.filter(member_id=user.member_id, term__start_date__lte=last).filter(
        Q(term__end_date__isnull=True) | Q(term__end_date__gte=first), Q(ended_on__isnull=True) | Q(ended_on__gte=first)
    )
    reports = AnnualReport.objects.filter(committee_id=OuterRef("pk"), member_id=user.member_id, year=year)
    return (
        Committee.objects.filter(pk__in=seats.values("committee_id"))
        .exclude(Exists(reports.filter(state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED])))
        .annotate(report_state=Subquery(reports.values("state")[:1]))
        .order_by("path")
    )


def report_todo(committee):
    year = report_year(timezone.localdate())
    state = _("草稿已保存") if committee.report_state else _("未开始")
    return registry.Todo(
        _("%(year)s 年度述职报告") % {"year": year},
        _my_report_url(committee.pk, year),
        datetime.date(year + 1, DUE_MONTH, DUE_DAY),
        note=f"{committee.short_name} · {state}",
    )


def returned_rows(user):
    if not permissions.is_member_user(user):
        return None
    return (
        AnnualReport.objects.filter(member_id=user.member_id, state=ReportState.RETURNED)
        .select_related("committee")
        .order_by("-year", "id")
    )


def returned_todo(report):
    return registry.Todo(
        _("%(year)s 年度述职报告（已退回）") % {"year": report.year},
        _my_report_url(report.committee_id, report.year),
        datetime.date(report.year + 1, DUE_MONTH, DUE_DAY),
        note=report.committee.short_name,
    )


def review_rows(user):
    """Submitted reports of the office's scope awaiting acceptance or return."""
    if not user.has_module_perm(Permission.MEMBERS):
        return None
    return (
        AnnualReport.objects.filter(committee_id__in=committee_ids(user), state=ReportState.SUBMITTED)
        .select_related("committee", "member")
        .order_by("submitted_at", "id")
    )


def review_todo(report):
    return registry.Todo(
        _("%(name)s · %(year)s 年度述职报告") % {"name": report.member, "year": report.year},
        reverse("duties:report_detail", args=[report.pk]),
        note=report.committee.short_name,
    )


def _due_passed(year: int, today: datetime.date) -> bool:
    return datetime.date(year + 1, DUE_MONTH, DUE_DAY) < today


def report_late(rows, today):
    """The season's report (the year its items name) is late once the next end of March has passed."""
    year = report_year(timezone.localdate())
    return rows if year is not None and _due_passed(year, today) else rows.none()


def returned_late(rows, today):
    """Returned reports of the years whose due day has passed."""
    last = today.year - 1 if _due_passed(today.year - 1, today) else today.year - 2
    return rows.filter(year__lte=last)


TODOS = [
    registry.TodoKind(
        "duties.report", gettext_lazy("待提交的年度述职"), rows=report_rows, todo=report_todo, late=report_late
    ),
    registry.TodoKind(
        "duties.returned",
        gettext_lazy("退回修改的述职报告"),
        rows=returned_rows,
        todo=returned_todo,
        late=returned_late,
    ),
    registry.TodoKind(
        "duties.review", gettext_lazy("待审核的述职报告"), rows=review_rows, todo=review_todo, late=registry.never_late
    ),
]
