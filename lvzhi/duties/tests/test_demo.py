"""The demo: every demo member has a 2024 score and grade derived from the other modules' demo
records (no event typed in), with a spread of grades and some members below the baseline."""

import pytest

from lvzhi.duties import ledger
from lvzhi.duties.choices import Grade
from lvzhi.duties.models import Assessment, DutyEvent
from lvzhi.org.models import Membership


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
