"""The learning corner's demo data: a year for 武威 and 平凉 up to today, realistic (not all, not
none) completion of required study, reflections and reading-group posts, loaded fast."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.learning import selectors
from lvzhi.learning.models import GroupPost, Reflection, StudyMaterial, StudyRecord
from lvzhi.org.models import Committee


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


def test_the_demo_has_a_year_of_materials_for_both_cities(demo):
    today = timezone.localdate()
    for code in ("620600", "620800"):
        committee = Committee.objects.get(code=code)
        published = StudyMaterial.objects.filter(committee=committee, published_at__isnull=False)
        days = [timezone.localdate(at) for at in published.values_list("published_at", flat=True)]
        assert max(days) <= today
        assert sum(1 for day in days if day >= today - datetime.timedelta(days=364)) >= 40
        assert StudyMaterial.objects.filter(committee=committee, state="draft").exists()


def test_the_term_before_the_newest_year_has_its_materials_study_and_reflections(demo):
    """From the term's start (2022) a material or two a month, studied and reflected on as they were
    pushed; the month before the newest year as much as any."""
    newest = timezone.localdate() - datetime.timedelta(days=364)
    for code in ("620600", "620800"):
        committee = Committee.objects.get(code=code)
        start = committee.current_term(on=datetime.date(2024, 12, 31)).start_date
        earlier = StudyMaterial.objects.filter(committee=committee, published_at__date__lt=newest)
        months = {(at.year, at.month) for at in map(timezone.localtime, earlier.values_list("published_at", flat=True))}
        year, month = start.year, start.month + 1  # the term's first month may begin late
        while datetime.date(year, month, 1) < newest - datetime.timedelta(days=31):
            assert (year, month) in months, (code, year, month)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        for year in range(start.year, newest.year + 1):
            records = StudyRecord.objects.filter(material__committee=committee, studied_at__year=year)
            assert records.filter(material__required=True).count() > 100, (code, year)
            assert Reflection.objects.filter(material__committee=committee, submitted_at__year=year).exists()
        required = earlier.filter(required=True)
        assert 0 < required.count() < earlier.count()


def test_required_study_is_completed_at_a_realistic_rate(demo):
    closed = StudyMaterial.objects.filter(
        required=True, state="published", deadline__lt=timezone.localdate(), committee__code="620600"
    )
    tables = selectors.completion(list(closed))
    required = sum(r["audience"] for r in tables["by_committee"])
    studied = sum(r["studied"] for r in tables["by_committee"])
    assert 0.5 <= studied / required <= 0.85
    assert Reflection.objects.filter(state="submitted").count() > 100
    assert Reflection.objects.filter(state="draft").exists()
    assert GroupPost.objects.count() > 50
    assert StudyRecord.objects.filter(material__required=False).exists()
