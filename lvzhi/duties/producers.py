"""This module's own duty event: a member submitted their annual report (述职) — counted for the
report's year while it is submitted or accepted (a returned report no longer counts)."""

from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyFact, DutyProducer, Titles, fact_rows, local_date
from lvzhi.duties.choices import ANNUAL_REPORT_KIND, ReportState
from lvzhi.duties.models import AnnualReport


def _reports(committee_ids=None, year=None, source_ids=None):
    qs = AnnualReport.objects.filter(state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED])
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if year is not None:
        qs = qs.filter(year=year)
    if source_ids is not None:
        qs = qs.filter(pk__in=source_ids)
    rows = qs.values_list("pk", "member_id", "committee_id", "submitted_at", "created_at", "year")
    for pk, member_id, committee_id, submitted_at, created_at, year_ in rows.iterator(chunk_size=2000):
        yield DutyFact(member_id, committee_id, timezone.localdate(submitted_at or created_at), pk, year_)


def _report_facts(committee_ids=None, year=None):
    qs = AnnualReport.objects.filter(state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED])
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if year is not None:
        qs = qs.filter(year=year)
    return fact_rows(
        qs,
        kind=ANNUAL_REPORT_KIND,
        member="member_id",
        committee="committee_id",
        date=local_date(Coalesce("submitted_at", "created_at")),
        source="pk",
        year="year",
    )


def _affected(obj):
    return [obj.pk] if isinstance(obj, AnnualReport) else None


def _title(pk, year):
    return _("%(y)s 年度述职报告") % {"y": year}, reverse("duties:report_detail", args=[pk])


PRODUCERS = [
    DutyProducer(
        ANNUAL_REPORT_KIND,
        _("提交年度述职报告"),
        "duties.AnnualReport",
        _reports,
        _affected,
        10,
        describe=Titles(AnnualReport, ("year",), _title),
        facts_query=_report_facts,
    ),
]
