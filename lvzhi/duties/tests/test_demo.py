"""The demo: every demo member has a 2024 score and grade derived from the other modules' demo
records (no event typed in), with a spread of grades and some members below the baseline."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from lvzhi.accounts.choices import Permission, Role
from lvzhi.accounts.factories import make_user
from lvzhi.duties import ledger, scoring, selectors
from lvzhi.duties.choices import Grade
from lvzhi.duties.models import AnnualReport, Assessment, DutyEvent, ScoringScheme
from lvzhi.org.models import Committee, Membership


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


def test_the_demo_grades_every_member_from_the_records(demo):
    assert not ledger.differences()  # the ledger is exactly what the sources say
    assert DutyEvent.objects.filter(year=2024).count() > 1000
    # every member of the committees that keep their work on the platform (not the province's)
    members = Membership.objects.exclude(committee__level="province").values("committee", "member").distinct().count()
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
    for committee_id, code in rows.values_list("committee", "committee__code").distinct():
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


def test_each_finished_year_is_published_in_the_january_after_it_and_the_year_under_way_is_open(demo):
    """2024's assessment is published on 2025-01-20; on a load after 2026-01-20, 2025's too, graded
    as 2024 from its own record, with the standing-committee members' 2025 annual reports; the year
    under way is never published."""
    today = timezone.localdate()
    published = Assessment.objects.filter(published_at__isnull=False)
    expected = [2024] + [y for y in range(2025, today.year) if today > datetime.date(y + 1, 1, 20)]
    assert sorted(set(published.values_list("year", flat=True))) == expected
    assert today <= datetime.date(2026, 1, 20) or 2025 in expected
    for year in expected:
        days = {timezone.localdate(at) for at in published.filter(year=year).values_list("published_at", flat=True)}
        assert days == {datetime.date(year + 1, 1, 20)}, (year, days)
        rows = published.filter(year=year)
        for committee_id, code in rows.values_list("committee", "committee__code").distinct():
            mine = rows.filter(committee_id=committee_id)
            n = mine.count()
            share = {g: mine.filter(grade=g).count() / n for g in Grade.values}
            assert 0.1 <= share[Grade.EXCELLENT] <= 0.35, (year, code, share)
            assert share[Grade.EXCELLENT] + share[Grade.COMPETENT] >= 0.85, (year, code, share)
            assert share[Grade.INCOMPETENT] <= 0.02, (year, code, share)
        standing = Membership.objects.filter(role__in=["chair", "vice_chair", "secretary_general", "standing"])
        reports = AnnualReport.objects.filter(year=year).exclude(state="draft")
        assert 0.7 * standing.count() <= reports.count() <= standing.count(), year
        assert not reports.filter(submitted_at__date__gt=datetime.date(year + 1, 1, 20)).exists()
    assert not Assessment.objects.filter(year=today.year).exists()
    assert not AnnualReport.objects.filter(year=today.year).exists()


def test_the_province_does_not_grade_its_members_on_a_record_it_does_not_keep(demo, client):
    """The province's members in the demo are those who live in the cities: their work is recorded at
    the city committees they join, none of it at the province, so the province publishes no
    assessment (before, all nine were graded 不称职) and its staff pages still open."""
    province = Committee.objects.get(level="province")
    assert not DutyEvent.objects.filter(committee=province).exists()
    assert Membership.objects.filter(committee=province).count() >= 5
    assert not Assessment.objects.filter(committee=province).exists()
    assert not Assessment.objects.filter(grade=Grade.INCOMPETENT, member__memberships__committee=province).exists()
    staff = make_user("gansu_staff", roles=[Role.STAFF], committee=province, permissions=[Permission.MEMBERS])
    client.force_login(staff)
    year = timezone.localdate().year - 1
    for url in ("/duties/", "/duties/assessments/", "/duties/inactive/", "/duties/reports/"):
        response = client.get(f"{url}?committee={province.pk}&year={year}")
        assert response.status_code == 200, url
    html = client.get(f"/duties/assessments/?committee={province.pk}&year={year}").content.decode()
    assert "未公布" in html and "不称职</span>" not in html.split("<tbody")[-1]
    # the ranking draws no grade from the empty record either (it showed every member 不称职)
    html = client.get(f"/duties/?committee={province.pk}&year={year}").content.decode()
    assert 'data-testid="no-record"' in html and "不称职" not in html.split('data-testid="ranking"')[-1]
    assert 'data-testid="distribution"' not in html
    # a city keeps its record: grades and their distribution as before
    city = Committee.objects.get(code="620600")
    client.force_login(type(staff).objects.get(username="wuwei_staff"))
    html = client.get(f"/duties/?committee={city.pk}&year={year}").content.decode()
    assert 'data-testid="no-record"' not in html and 'data-testid="distribution"' in html
