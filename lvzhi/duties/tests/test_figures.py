"""The duty records' figures on the demo data: the published assessments of a year, those graded
优秀 and the annual reports, each equal to its records; the overview's grade chart is drawn from
them (it said "no figure available" while the module registered none)."""

import datetime

import pytest

from lvzhi.core import registry
from lvzhi.core.scope import committee_ids
from lvzhi.duties.choices import Grade
from lvzhi.duties.models import Assessment
from lvzhi.org.models import Committee
from lvzhi.stats import dashboards, selectors

AS_OF = datetime.date(2024, 12, 31)


@pytest.fixture
def wuwei(shared_demo, db):
    return Committee.objects.get(code="620600")


def test_the_published_assessments_of_a_year_are_counted_with_their_records(wuwei):
    result = selectors.evaluate("duties.assessments", wuwei, "self", "year:2024", AS_OF)
    expected = Assessment.objects.filter(committee=wuwei, year=2024, published_at__isnull=False)
    assert result.value == expected.count() > 0
    excellent = selectors.evaluate("duties.assessments_excellent", wuwei, "self", "year:2024", AS_OF)
    assert excellent.value == expected.filter(grade=Grade.EXCELLENT).count()
    records = registry.figures()["duties.assessments"].records(result.ids, result.period)
    assert set(records.values_list("pk", flat=True)) == set(expected.values_list("pk", flat=True))


def test_the_overview_draws_the_grade_chart_for_2024(wuwei):
    staff = wuwei.users.filter(username="wuwei_staff").first()
    sel = dashboards.selection(committee_ids(staff), wuwei, "self", "year:2024", AS_OF)
    (chart,) = dashboards.charts(sel, only=["duties.grades"])
    assert chart.note != "暂无可用的统计口径"
    total = sum(point["value"] for series in chart.series for point in series["data"])
    assert total == Assessment.objects.filter(committee=wuwei, year=2024, published_at__isnull=False).count()
