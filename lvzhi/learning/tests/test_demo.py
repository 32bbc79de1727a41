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
        assert published.count() >= 40
        days = [timezone.localdate(at) for at in published.values_list("published_at", flat=True)]
        assert max(days) <= today and min(days) >= today - datetime.timedelta(days=366)
        assert StudyMaterial.objects.filter(committee=committee, state="draft").exists()


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
