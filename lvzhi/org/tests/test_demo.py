"""The demo data: its figures, its size, its people and its accounts.

The demo is loaded once per test session (`shared_demo`, in the project's conftest.py); each test runs
in a savepoint of its own on top of it.
"""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from lvzhi.accounts.choices import Permission, Role
from lvzhi.accounts.models import User
from lvzhi.accounts.services import authenticate_user
from lvzhi.core import pii, registry
from lvzhi.core.periods import parse_period
from lvzhi.org.choices import MemberRole, MembershipStatus
from lvzhi.org.demo_accounts import DEMO_PASSWORD, NAMED_ACCOUNTS
from lvzhi.org.demo_guests import PROVINCIAL
from lvzhi.org.models import Affiliation, Committee, Member, Membership, Studio

END_OF_2024 = parse_period("current", as_of=datetime.date(2024, 12, 31))


@pytest.fixture
def loaded(shared_demo, db):
    return {c.code: c for c in Committee.objects.all()}


def figure(key, committee, scope="self", period=END_OF_2024):
    ids = [committee.pk]
    if scope == "tree":
        ids = list(Committee.objects.descendants_of(committee.pk).values_list("id", flat=True))
    return registry.figures()[key].compute(ids, period)


def test_it_reproduces_the_organisation_figures_of_the_two_summaries(loaded):
    wuwei, pingliang = loaded["620600"], loaded["620800"]
    assert figure("org.party_branches", wuwei) == 4  # W1
    assert figure("org.party_groups", wuwei) == 9  # W2
    assert figure("org.studios", wuwei, "tree") == 149  # W15
    assert figure("org.studios", wuwei) == 19  # W15: 市级 19
    assert figure("org.studios", pingliang, "tree") == 131  # P26
    assert figure("org.years_of_service", pingliang) == 22  # P1


def test_studios_were_built_before_2025_and_are_led_by_their_own_members(loaded):
    studios = Studio.objects.select_related("lead")
    assert all(s.established_on <= datetime.date(2024, 12, 31) for s in studios)
    seated = set(Membership.objects.values_list("member_id", "committee_id"))
    assert all((s.lead_id, s.committee_id) in seated for s in studios)


def test_it_seats_about_300_members_per_city_and_120_per_county(loaded):
    counts = dict(
        Membership.objects.filter(status=MembershipStatus.ACTIVE)
        .values_list("committee__code")
        .annotate(n=Count("id"))
        .values_list("committee__code", "n")
    )
    for code, committee in loaded.items():
        if committee.level == "city":
            assert 290 <= counts[code] <= 310, code
        elif committee.level == "county":
            assert 110 <= counts[code] <= 130, code
        else:  # the province: only the provincial members living in 武威 and 平凉 (驻地委员)
            assert counts[code] == sum(len(people) for people in PROVINCIAL.values())
            assert Affiliation.objects.filter(seat_committee=committee).count() == counts[code]


def test_every_committee_has_one_chair_vice_chairs_a_secretary_general_and_standing_members(loaded):
    for committee in loaded.values():
        if committee.level == "province":
            continue
        term = committee.current_term(datetime.date(2026, 11, 1))
        assert term.number >= 5 and term.sessions.count() == 5
        roles = dict(
            Membership.objects.filter(committee=committee, term=term)
            .values_list("role")
            .annotate(n=Count("id"))
            .values_list("role", "n")
        )
        total = sum(roles.values())
        assert roles[MemberRole.CHAIR] == 1 and roles[MemberRole.SECRETARY_GENERAL] == 1
        assert roles[MemberRole.VICE_CHAIR] >= 4
        assert 0.12 <= roles[MemberRole.STANDING] / total <= 0.18


def test_every_id_number_and_mobile_is_valid_and_unique(loaded):
    codes = {c.pk: c.code for c in loaded.values()}
    numbers = set()
    for member in Member.objects.all():
        number = pii.validate_id_number(member.id_number)
        assert number[:6] == codes[member.committee_id]
        assert number[6:14] == member.birth_date.strftime("%Y%m%d")
        assert (int(number[16]) % 2 == 1) == (member.gender == "male")
        assert pii.validate_mobile(member.mobile)
        numbers.add(number)
    assert len(numbers) == Member.objects.count()
    assert Member.objects.values("mobile_hash").distinct().count() == len(numbers)


def test_some_people_sit_in_a_city_and_one_of_its_counties(loaded):
    doubles = Member.objects.annotate(n=Count("memberships")).filter(n=2)
    assert doubles.count() >= 4
    for member in doubles:
        city, county = sorted(member.memberships.all(), key=lambda m: m.committee.level)
        assert county.committee.parent_id == city.committee_id


def test_every_named_demo_account_logs_in_with_the_demo_password(loaded):
    for username, *_ in NAMED_ACCOUNTS:
        user = authenticate_user(login=username, password=DEMO_PASSWORD, ip="127.0.0.1")
        assert user.username == username and not user.must_change_password


def test_every_member_has_an_account_that_logs_in_by_username_or_mobile(loaded):
    members = Member.objects.count()
    accounts = User.objects.filter(member__isnull=False)
    assert accounts.count() == members
    assert User.objects.values("password").distinct().count() == 1
    assert User.objects.first().check_password(DEMO_PASSWORD)
    sample = Member.objects.filter(committee__code="620621").order_by("id").first()
    user = authenticate_user(login=f"m620621{1:03d}", password=DEMO_PASSWORD, ip="127.0.0.1")
    assert user.member == sample and user.has_role(Role.MEMBER)
    assert authenticate_user(login=sample.mobile, password=DEMO_PASSWORD, ip="127.0.0.1") == user


def test_the_named_accounts_have_their_roles_scopes_and_links(loaded):
    users = {u.username: u for u in User.objects.exclude(username__startswith="m")}
    for admin in ("sysadmin", "secadmin", "auditor"):
        assert users[admin].role_codes == {admin} and users[admin].committee is None
    staff = users["wuwei_staff"]
    assert staff.committee.code == "620600" and staff.scope_descendants
    assert staff.permission_codes == set(Permission.values)
    assert users["pingliang_staff"].committee.code == "620800" and users["pingliang_staff"].scope_descendants
    assert not users["liangzhou_staff"].scope_descendants
    leader = users["wuwei_leader"]
    assert leader.role_codes == {"leader", "member"} and leader.scope_descendants
    assert leader.member.memberships.get().role == MemberRole.CHAIR
    for name in ("wuwei_member", "wuwei_member2", "pingliang_member"):
        assert users[name].member.memberships.filter(committee=users[name].committee).exists()
    assert users["wuwei_unit"].unit.name == "武威市教育局" and users["wuwei_unit"].role_codes == {"unit"}


def test_demo_if_empty_does_nothing_on_a_loaded_database_and_demo_refuses_to_load_twice(loaded):
    before = (Member.objects.count(), User.objects.count())
    call_command("demo", "--if-empty", verbosity=0)
    assert (Member.objects.count(), User.objects.count()) == before
    with pytest.raises(CommandError):
        call_command("demo", verbosity=0)
