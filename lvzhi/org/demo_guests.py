"""The demo's 驻地委员: provincial members (省政协委员) living in 武威 and 平凉, and city members living
in one of the city's counties, each linked (`Affiliation`) to the committee whose work they join.
The activities loader then has them attend a few activities there. A provincial member holds a seat
in the province's committee only, so no member count of a city changes."""

import datetime

from django.contrib.auth.hashers import make_password

from lvzhi.accounts.choices import Role
from lvzhi.accounts.models import User, UserRole
from lvzhi.core import pii
from lvzhi.org.choices import AffiliationKind, Gender, MemberRole, MembershipStatus
from lvzhi.org.models import Affiliation, Committee, Member, Membership
from lvzhi.org.services import pinyin_of

# name, gender, workplace, title — per city the provincial members who live there
PROVINCIAL = {
    "620600": [
        ("马建华", Gender.MALE, "武威市人民医院", "主任医师"),
        ("李雪梅", Gender.FEMALE, "武威职业学院", "教授"),
        ("张永强", Gender.MALE, "凉州区沙产业合作社联合社", "理事长"),
        ("赵文静", Gender.FEMALE, "甘肃祁连山国家级自然保护区天祝管护中心", "高级工程师"),
        ("王德林", Gender.MALE, "民勤县农业技术推广中心", "推广研究员"),
    ],
    "620800": [
        ("陈晓燕", Gender.FEMALE, "平凉市人民医院", "主任医师"),
        ("刘建国", Gender.MALE, "平凉职业技术学院", "教授"),
        ("杨海龙", Gender.MALE, "静宁县苹果产业协会", "会长"),
        ("苏玉兰", Gender.FEMALE, "崆峒区红牛养殖专业合作社", "理事长"),
    ],
}
# The demo account of one provincial member living in 武威 (a guest's view of the city's work).
GUEST_ACCOUNT = "wuwei_guest"
CITY_MEMBERS_IN_COUNTIES = 2  # per city: city members (without a county seat) living in a county


def _provincial_members(province: Committee, term, identity) -> list[Member]:
    members, seats = [], []
    for people in PROVINCIAL.values():
        for i, (name, gender, workplace, title) in enumerate(people):
            full, initials = pinyin_of(name)
            birth = datetime.date(1966 + 3 * i, 3 + i, 10 + i)
            id_number, mobile = identity(birth, gender == Gender.MALE)
            members.append(
                Member(
                    committee=province,
                    name=name,
                    name_pinyin=full,
                    name_initials=initials,
                    gender=gender,
                    ethnicity="汉族",
                    birth_date=birth,
                    id_number_encrypted=pii.encrypt(id_number),
                    id_number_hash=pii.keyed_hash(id_number),
                    mobile_encrypted=pii.encrypt(mobile),
                    mobile_hash=pii.keyed_hash(mobile),
                    workplace=workplace,
                    title=title,
                )
            )
    Member.objects.bulk_create(members)
    for member in members:
        seats.append(
            Membership(
                committee=province,
                member=member,
                term=term,
                role=MemberRole.MEMBER,
                status=MembershipStatus.ACTIVE,
                started_on=term.start_date,
            )
        )
    Membership.objects.bulk_create(seats)
    return members


def load_guests(province: Committee, cities, identity) -> int:
    """`cities`: the organisation loader's places (each with its committee, seats and counties);
    `identity(birth, male)`: a fresh (ID number, mobile) of the province, as every demo member has.
    Each provincial member gets an account like every demo member (`m620000NNN`), the first of
    武威's the named one `wuwei_guest`."""
    term = province.current_term(datetime.date(2024, 12, 31))
    provincial = _provincial_members(province, term, identity)
    members = iter(provincial)
    links = []
    for city in cities:
        for _person in PROVINCIAL.get(city.code, []):
            links.append(
                Affiliation(
                    committee=city.committee,
                    member=next(members),
                    seat_committee=province,
                    kind=AffiliationKind.RESIDENT,
                    started_on=term.start_date,
                    note=f"居住在{city.committee.short_name}",
                )
            )
        plain = [
            s
            for s in city.seats
            if s.role == MemberRole.MEMBER and s.status == MembershipStatus.ACTIVE and s.county is None
        ]
        for i, seat in enumerate(plain[10 : 10 + CITY_MEMBERS_IN_COUNTIES]):
            county = city.counties[i % len(city.counties)]
            links.append(
                Affiliation(
                    committee=county.committee,
                    member=seat.member,
                    seat_committee=city.committee,
                    kind=AffiliationKind.RESIDENT,
                    started_on=city.term.start_date,
                    note=f"居住在{county.committee.short_name}",
                )
            )
    Affiliation.objects.bulk_create(links)
    password = User.objects.filter(username="wuwei_member").values_list("password", flat=True).first()
    users = User.objects.bulk_create(
        [
            User(
                username=GUEST_ACCOUNT if n == 0 else f"m{province.code}{n:03d}",
                name=member.name,
                password=password or make_password(None),
                committee=province,
                member=member,
                mobile_hash=member.mobile_hash,
                must_change_password=False,
            )
            for n, member in enumerate(provincial)
        ]
    )
    UserRole.objects.bulk_create([UserRole(user=u, role=str(Role.MEMBER)) for u in users])
    return len(links)
