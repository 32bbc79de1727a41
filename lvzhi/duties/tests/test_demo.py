"""The demo: every demo member has a 2024 score and grade derived from the other modules' demo
records (no event typed in), with a spread of grades and some members below the baseline."""

from collections import Counter

import pytest
from django.utils import timezone

from lvzhi.duties import ledger, scoring, selectors
from lvzhi.duties.choices import Grade
from lvzhi.duties.models import Assessment, DutyEvent, ScoringScheme
from lvzhi.org.models import Committee, Membership


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


def test_the_demo_grades_every_member_from_the_records(demo):
    assert not ledger.differences()  # the ledger is exactly what the sources say
    assert DutyEvent.objects.filter(year=2024).count() > 1000
    members = Membership.objects.values("committee", "member").distinct().count()
    rows = Assessment.objects.filter(year=2024, published_at__isnull=False)
    assert rows.count() == members
    city = rows.filter(committee__code="620800")
    grades = {g: city.filter(grade=g).count() for g in Grade.values}
    assert all(n > 0 for n in grades.values()), grades
    assert 0 < city.filter(below_baseline=True).count() < city.count()


def test_the_published_2024_grades_are_distributed_as_a_committee_grades(demo):
    """Mostly 优秀 and 称职, a few 基本称职, none or one or two in a hundred 不称职, few to be talked to
    (约谈): for every committee, the city and county ones alike."""
    rows = Assessment.objects.filter(year=2024, published_at__isnull=False)
    for committee_id, code, level in rows.values_list("committee", "committee__code", "committee__level").distinct():
        if level == "province":
            continue  # its only members in the demo are those living in the cities, without its own year
        mine = rows.filter(committee_id=committee_id)
        n = mine.count()
        share = {g: mine.filter(grade=g).count() / n for g in Grade.values}
        talks = mine.filter(below_baseline=True).count() / n
        assert 0.1 <= share[Grade.EXCELLENT] <= 0.35, (code, share)
        assert share[Grade.EXCELLENT] + share[Grade.COMPETENT] >= 0.85, (code, share)
        assert share[Grade.INCOMPETENT] <= 0.02, (code, share)  # a member who left, or one with no record
        assert talks <= 0.1, (code, talks)
    # the lines are the committee's own, set before the year was graded, and the grades follow them
    city = rows.filter(committee__code="620600")
    scheme = ScoringScheme.objects.get(committee__code="620600", year=2024, version=1)
    assert scheme.basic_min < scheme.competent_min < scheme.excellent_min
    for a in city:
        assert a.grade == scoring.grade_for(a.score, scoring.thresholds_of(scheme))


def test_every_year_of_the_term_ranks_as_a_committee_grades(demo):
    """The ranking of any year of the term (2022 to today's) reads that year's lines, drawn from that
    year's record: most members 优秀 or 称职 and hardly any 不称职 in every city and county committee
    — also in the years not yet published, and in the year under way."""
    today = timezone.localdate()
    for year in range(2022, today.year + 1):
        for committee in Committee.objects.exclude(level="province").order_by("code"):
            rows = selectors.ranking(committee.pk, year)
            if not rows:
                continue
            grades = Counter(r.standing.grade for r in rows)
            n = len(rows)
            assert (grades[Grade.EXCELLENT] + grades[Grade.COMPETENT]) / n >= 0.8, (year, committee.code, grades)
            assert grades[Grade.INCOMPETENT] / n <= 0.03, (year, committee.code, grades)
