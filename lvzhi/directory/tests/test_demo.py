"""The directory's demo data, in the shared demo: realistic rates (not all, not none), every state of
a change request, and requests decided through the services (transitions written)."""

import pytest

from lvzhi.core.models import Transition
from lvzhi.directory.choices import ChangeState
from lvzhi.directory.models import Profile, ProfileChangeRequest
from lvzhi.org.models import Committee, Member


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


def test_the_demo_has_profiles_at_realistic_rates_for_both_cities(demo):
    for code in ("620600", "620800"):
        city = Committee.objects.get(code=code)
        tree = Committee.objects.filter(path__startswith=city.path)
        members = Member.objects.filter(memberships__committee__in=tree).distinct().count()
        profiles = Profile.objects.filter(committee__in=tree)
        bios = profiles.exclude(bio="").count()
        sharing = profiles.filter(share_mobile=True).count() + profiles.filter(share_email=True).count()
        assert 0.3 < bios / members < 0.5
        assert 0 < sharing < members
        states = set(ProfileChangeRequest.objects.filter(committee__in=tree).values_list("state", flat=True))
        assert states == set(ChangeState.values)


def test_decided_demo_requests_have_their_transitions(demo):
    decided = ProfileChangeRequest.objects.exclude(state=ChangeState.PENDING)
    assert decided.exists()
    for change in decided:
        steps = Transition.objects.filter(object_id=change.pk, content_type__model="profilechangerequest")
        assert list(steps.order_by("id").values_list("to_state", flat=True)) == [ChangeState.PENDING, change.state]
