"""Test factories for accounts: a user with roles and module permissions (real rows). The committee,
member or unit, when given, are org's objects (org's factories make them; `Personas` puts it all
together)."""

from lvzhi.accounts.models import User, UserPermission, UserRole

PASSWORD = "Lvzhi-test-2026!"


def make_user(
    username,
    *,
    roles=(),
    committee=None,
    permissions=(),
    scope_descendants=False,
    member=None,
    unit=None,
    password=PASSWORD,
) -> User:
    user = User(
        username=username,
        name=username,
        committee=committee,
        scope_descendants=scope_descendants,
        member=member,
        unit=unit,
        mobile_hash=member.mobile_hash if member else "",
    )
    user.set_password(password)
    user.save()
    UserRole.objects.bulk_create([UserRole(user=user, role=str(r)) for r in roles])
    UserPermission.objects.bulk_create([UserPermission(user=user, permission=str(p)) for p in permissions])
    return user
