"""The demo organisation's accounts (part of lvzhi/org/demo.py): the named accounts of
NAMED_ACCOUNTS and one account per member, all with the password DEMO_PASSWORD, hashed once."""

from django.contrib.auth.hashers import make_password

from lvzhi.accounts.choices import Permission, Role
from lvzhi.accounts.models import User, UserPermission, UserRole
from lvzhi.org.choices import MemberRole, MembershipStatus
from lvzhi.org.models import Committee, Unit

DEMO_PASSWORD = "Lvzhi-demo-2026"

NAMED_ACCOUNTS = [
    # username, name, committee code, roles, all permissions, scope with descendants, linked to
    ("sysadmin", "系统管理员", None, [Role.SYSADMIN], False, False, None),
    ("secadmin", "安全管理员", None, [Role.SECADMIN], False, False, None),
    ("auditor", "审计管理员", None, [Role.AUDITOR], False, False, None),
    ("wuwei_staff", "张雅琴", "620600", [Role.STAFF], True, True, None),
    ("pingliang_staff", "马建军", "620800", [Role.STAFF], True, True, None),
    ("liangzhou_staff", "刘晓东", "620602", [Role.STAFF], True, False, None),
    ("wuwei_leader", None, "620600", [Role.LEADER, Role.MEMBER], False, True, "chair"),
    ("wuwei_member", None, "620600", [Role.MEMBER], False, False, "member:0"),
    ("wuwei_member2", None, "620600", [Role.MEMBER], False, False, "member:1"),
    ("pingliang_member", None, "620800", [Role.MEMBER], False, False, "member:0"),
    ("wuwei_unit", "何文静", "620600", [Role.UNIT], False, False, "unit:武威市教育局"),
]


def create_accounts(cities) -> int:
    """The named accounts, then one per member not linked to a named account (`cities`: the demo
    loader's places, each with its seats and its counties)."""
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow by design
    by_code = {c.code: c for c in cities}
    users, roles, grants = [], [], []
    claimed = set()

    def add(username, name, committee, role_list, *, permissions=(), descendants=False, member=None, unit=None):
        users.append(
            User(
                username=username,
                name=name,
                password=password,
                committee=committee,
                scope_descendants=descendants,
                member=member,
                unit=unit,
                mobile_hash=member.mobile_hash if member else "",
                must_change_password=False,
            )
        )
        roles.append([str(r) for r in role_list])
        grants.append(list(permissions))

    for username, name, code, role_list, all_perms, descendants, link in NAMED_ACCOUNTS:
        committee = Committee.objects.get(code=code) if code else None
        member = unit = None
        if link == "chair":
            member = by_code[code].seats[0].member
        elif link and link.startswith("member:"):
            plain = [
                s
                for s in by_code[code].seats
                if s.role == MemberRole.MEMBER and s.status == MembershipStatus.ACTIVE and s.county is None
            ]
            member = plain[int(link.split(":")[1])].member
        elif link and link.startswith("unit:"):
            unit = Unit.objects.get(committee=committee, name=link.split(":")[1])
        if member is not None:
            claimed.add(member.pk)
        add(
            username,
            name or member.name,
            committee,
            role_list,
            permissions=Permission.values if all_perms else (),
            descendants=descendants,
            member=member,
            unit=unit,
        )
    for city in cities:
        for place in (city, *city.counties):
            for seat in place.seats:
                if seat.member.pk not in claimed:
                    add(seat.username, seat.member.name, place.committee, [Role.MEMBER], member=seat.member)
    created = User.objects.bulk_create(users, batch_size=500)
    UserRole.objects.bulk_create(
        [UserRole(user=u, role=r) for u, rs in zip(created, roles, strict=True) for r in rs], batch_size=500
    )
    UserPermission.objects.bulk_create(
        [UserPermission(user=u, permission=p) for u, ps in zip(created, grants, strict=True) for p in ps],
        batch_size=500,
    )
    return len(created)
