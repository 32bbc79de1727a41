"""Party branches and groups with their dates: W1/W2 count those existing on the as-of date, and the
list's form and API keep the dates consistent."""

import datetime

import pytest

from lvzhi.core import registry
from lvzhi.core.errors import Invalid
from lvzhi.core.periods import parse_period
from lvzhi.org import services
from lvzhi.org.models import PartyBranch

pytestmark = pytest.mark.django_db


def count(key, committee, day):
    return registry.figures()[key].compute([committee.pk], parse_period("current", as_of=day))


def test_a_branch_counts_from_its_establishment_until_the_day_before_it_is_dissolved(personas):
    w = personas.wuwei
    old = PartyBranch.objects.create(
        committee=w,
        name="机关党支部",
        established_on=datetime.date(2017, 3, 20),
        dissolved_on=datetime.date(2023, 3, 31),
    )
    new = PartyBranch.objects.create(committee=w, name="机关第一党支部", established_on=datetime.date(2023, 4, 1))
    PartyBranch.objects.create(committee=w, name="一组", kind="group", parent=new, established_on=new.established_on)
    PartyBranch.objects.create(committee=w, name="旧组", kind="group", parent=old, is_active=False)  # no dates, off
    assert count("org.party_branches", w, datetime.date(2017, 3, 19)) == 0
    assert count("org.party_branches", w, datetime.date(2023, 3, 30)) == 1
    assert count("org.party_branches", w, datetime.date(2023, 3, 31)) == 0
    assert count("org.party_branches", w, datetime.date(2023, 4, 1)) == 1
    assert count("org.party_groups", w, datetime.date(2024, 12, 31)) == 1


def test_it_refuses_a_dissolution_before_the_establishment_and_a_merger_without_a_date(personas):
    w = personas.wuwei
    target = PartyBranch.objects.create(committee=w, name="机关第一党支部")
    data = {
        "name": "机关党支部",
        "established_on": datetime.date(2020, 1, 1),
        "dissolved_on": datetime.date(2019, 1, 1),
    }
    with pytest.raises(Invalid) as exc:
        services.save_list_item(actor=personas.staff, committee=w, model=PartyBranch, data=data)
    assert "dissolved_on" in exc.value.errors
    data = {"name": "机关党支部", "merged_into": target}
    with pytest.raises(Invalid) as exc:
        services.save_list_item(actor=personas.staff, committee=w, model=PartyBranch, data=data)
    assert "dissolved_on" in exc.value.errors
    assert not PartyBranch.objects.filter(name="机关党支部").exists()


def test_the_api_records_a_merger(personas, api):
    target = PartyBranch.objects.create(committee=personas.wuwei, name="机关第一党支部")
    body = {
        "committee": "620600",
        "name": "机关党支部",
        "established_on": "2017-03-20",
        "dissolved_on": "2023-03-31",
        "merged_into": target.pk,
    }
    status, branch = api(personas.staff, "post", "/branches/", body)
    assert status == 201, branch
    assert branch["dissolved_on"] == "2023-03-31" and branch["merged_into"] == target.pk
