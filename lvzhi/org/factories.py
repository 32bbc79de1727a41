"""Test and demo factories for the organisation (real rows in the real database)."""

import datetime
import itertools

from lvzhi.accounts.choices import Permission, Role
from lvzhi.accounts.factories import PASSWORD, make_user
from lvzhi.core import pii
from lvzhi.org.models import Committee, Member, Membership, Party, Sector, Session, SpecialCommittee, Term, Unit
from lvzhi.org.services import pinyin_of

_serial = itertools.count(1)


def make_id_number(birth: datetime.date, serial: int, *, area: str = "620602", male: bool = True) -> str:
    seq = (serial * 2 + (1 if male else 0)) % 1000
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + pii.id_check_digit(first17)


def make_committee(code, name, short_name, level, parent=None, founded_on=None) -> Committee:
    committee = Committee(
        code=code, name=name, short_name=short_name, level=level, parent=parent, founded_on=founded_on
    )
    committee.path = committee.compute_path()
    committee.save()
    return committee


def make_term(committee, number=5, start=datetime.date(2022, 1, 10)) -> Term:
    term = Term.objects.create(committee=committee, number=number, start_date=start)
    Session.objects.create(
        committee=committee,
        term=term,
        number=3,
        start_date=datetime.date(2024, 1, 8),
        end_date=datetime.date(2024, 1, 11),
    )
    return term


def make_member(
    committee, name="张三", *, term=None, role="member", sector=None, party=None, mobile=None, id_number=None
) -> Member:
    n = next(_serial)
    id_number = id_number or make_id_number(
        datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28), n, area=committee.code, male=n % 2 == 0
    )
    mobile = mobile or f"139{n:08d}"
    full, initials = pinyin_of(name)
    member = Member.objects.create(
        committee=committee,
        name=name,
        name_pinyin=full,
        name_initials=initials,
        workplace="某单位",
        id_number_encrypted=pii.encrypt(id_number),
        id_number_hash=pii.keyed_hash(id_number),
        mobile_encrypted=pii.encrypt(mobile),
        mobile_hash=pii.keyed_hash(mobile),
    )
    term = term or committee.terms.order_by("-number").first()
    if term is not None:
        Membership.objects.create(
            committee=committee,
            member=member,
            term=term,
            role=role,
            sector=sector,
            party=party,
            started_on=term.start_date,
        )
    return member


ALL_PERMISSIONS = [p for p in Permission.values if p != Permission.VIEW_PII]


class Personas:
    """A small world: 甘肃 → 武威 (with 凉州区) and 平凉, and a user of every kind."""

    password = PASSWORD

    def __init__(self):
        self.gansu = make_committee("620000", "甘肃省政协", "省政协", "province")
        self.wuwei = make_committee("620600", "武威市政协", "武威市", "city", self.gansu)
        self.liangzhou = make_committee("620602", "凉州区政协", "凉州区", "county", self.wuwei)
        self.pingliang = make_committee(
            "620800", "平凉市政协", "平凉市", "city", self.gansu, founded_on=datetime.date(2002, 11, 20)
        )
        for c in (self.wuwei, self.liangzhou, self.pingliang):
            make_term(c)
        self.sector = Sector.objects.create(committee=self.wuwei, name="经济界")
        self.party = Party.objects.create(committee=self.wuwei, name="中国民主同盟", short_name="民盟")
        self.special = SpecialCommittee.objects.create(committee=self.wuwei, name="提案委员会")
        self.unit = Unit.objects.create(committee=self.wuwei, name="武威市教育局")
        self.member_person = make_member(self.wuwei, "李明", sector=self.sector, party=self.party)
        self.county_person = make_member(self.liangzhou, "王芳")
        self.pingliang_person = make_member(self.pingliang, "赵强")
        self.member = make_user("member", roles=[Role.MEMBER], committee=self.wuwei, member=self.member_person)
        self.staff = make_user(
            "staff", roles=[Role.STAFF], committee=self.wuwei, scope_descendants=True, permissions=ALL_PERMISSIONS
        )
        self.pii_staff = make_user(
            "pii_staff", roles=[Role.STAFF], committee=self.wuwei, permissions=[*ALL_PERMISSIONS, Permission.VIEW_PII]
        )
        self.county_staff = make_user(
            "county_staff", roles=[Role.STAFF], committee=self.liangzhou, permissions=ALL_PERMISSIONS
        )
        self.other_staff = make_user(
            "other_staff",
            roles=[Role.STAFF],
            committee=self.pingliang,
            scope_descendants=True,
            permissions=ALL_PERMISSIONS,
        )
        self.leader = make_user("leader", roles=[Role.LEADER], committee=self.wuwei, scope_descendants=True)
        self.unit_user = make_user("unit_user", roles=[Role.UNIT], committee=self.wuwei, unit=self.unit)
        self.sysadmin = make_user("sysadmin", roles=[Role.SYSADMIN])
        self.secadmin = make_user("secadmin", roles=[Role.SECADMIN])
        self.auditor = make_user("auditor", roles=[Role.AUDITOR])

    @property
    def admins(self):
        return [self.sysadmin, self.secadmin, self.auditor]
