"""The duty records' figures, each with the records behind it: the published annual assessments
(by the year assessed), those graded 优秀, and the annual reports submitted (by the day submitted)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Figure
from lvzhi.duties.choices import Grade, ReportState
from lvzhi.duties.models import AnnualReport, Assessment

PERIODS = ("current", "cumulative", "term", "year", "since", "range")


def _years(period) -> Q:
    """Assessments are of a year: those whose year lies within the period's days."""
    q = Q(year__lte=period.end.year)
    if period.start is not None:
        q &= Q(year__gte=period.start.year)
    return q


def assessments(committee_ids, period):
    return Assessment.objects.filter(_years(period), committee_id__in=committee_ids, published_at__isnull=False)


def excellent(committee_ids, period):
    return assessments(committee_ids, period).filter(grade=Grade.EXCELLENT)


def reports(committee_ids, period):
    return AnnualReport.objects.filter(
        period.q("submitted_at", is_datetime=True), committee_id__in=committee_ids
    ).exclude(state=ReportState.DRAFT)


FIGURES = [
    Figure(
        key="duties.assessments",
        label=_("委员年度考核"),
        definition=_("考核年度在期间内、已公布的委员年度考核人次（一人一年计一次）"),
        unit=_("人次"),
        records=assessments,
        periods=PERIODS,
    ),
    Figure(
        key="duties.assessments_excellent",
        label=_("考核优秀"),
        definition=_("考核年度在期间内、已公布且等次为“优秀”的委员年度考核人次"),
        unit=_("人次"),
        records=excellent,
        periods=PERIODS,
    ),
    Figure(
        key="duties.reports",
        label=_("委员年度述职"),
        definition=_("提交日期在期间内的委员年度述职报告份数（不含草稿）"),
        unit=_("份"),
        records=reports,
        periods=PERIODS,
    ),
]
