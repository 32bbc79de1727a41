"""Committee scope: who sees which committee's records."""

from lvzhi.core.scope import committee_ids
from lvzhi.org import services
from lvzhi.org.models import Member


def names(user):
    return set(Member.objects.visible_to(user).values_list("name", flat=True))


def test_city_staff_with_descendants_see_the_city_and_its_counties(personas):
    assert committee_ids(personas.staff) == {personas.wuwei.pk, personas.liangzhou.pk}
    assert names(personas.staff) == {"李明", "王芳"}


def test_county_staff_see_nothing_of_the_city(personas):
    assert committee_ids(personas.county_staff) == {personas.liangzhou.pk}
    assert names(personas.county_staff) == {"王芳"}


def test_another_citys_staff_see_nothing_of_wuwei(personas):
    assert names(personas.other_staff) == {"赵强"}


def test_a_member_sees_their_own_committee(personas):
    assert committee_ids(personas.member) == {personas.wuwei.pk}


def test_units_and_administrators_see_no_committee_data(personas):
    for user in (personas.unit_user, *personas.admins):
        assert committee_ids(user) == frozenset()
        assert names(user) == set()


def test_a_person_seated_in_a_county_too_is_visible_to_county_staff(personas):
    services.add_membership(actor=personas.staff, committee=personas.liangzhou, member=personas.member_person, data={})
    assert "李明" in names(personas.county_staff)


def test_scope_is_computed_once_per_request(personas, django_assert_num_queries):
    user = type(personas.staff).objects.get(pk=personas.staff.pk)
    with django_assert_num_queries(2):  # the roles, then the descendant committees; the second call is cached
        committee_ids(user)
        committee_ids(user)
