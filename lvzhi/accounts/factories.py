"""Test factories for accounts: a user with roles and module permissions (real rows). The committee,
member or unit, when given, are org's objects (org's factories make them; `Personas` puts it all
together).

Administrators log in with a second factor: `make_user` gives every administrator an authenticator
with the known key TEST_TOTP_SECRET, and `totp_code(user)` is the code their phone would show."""

import time

import pyotp
from django.utils import timezone

from lvzhi.accounts.choices import ADMIN_ROLES
from lvzhi.accounts.middleware import RENEWED_AT_KEY
from lvzhi.accounts.models import SecondFactor, User, UserPermission, UserRole
from lvzhi.core import pii

PASSWORD = "Lvzhi-test-2026!"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


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
    second_factor=None,
) -> User:
    """`second_factor`: None gives administrators (only) the test authenticator; True or False decide."""
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
    if second_factor is None:
        second_factor = any(str(r) in {str(a) for a in ADMIN_ROLES} for r in roles)
    if second_factor:
        SecondFactor.objects.create(user=user, secret_encrypted=pii.encrypt(TEST_TOTP_SECRET))
    return user


def totp_code(user, secret=TEST_TOTP_SECRET) -> str:
    """A code the user's authenticator shows now that the server has not accepted yet (a code is
    accepted once: a test that logs the same administrator in again takes the next step's code, and
    past the window of steps the server accepts, time is moved on by forgetting the last step)."""
    totp = pyotp.TOTP(secret)
    now = int(timezone.now().timestamp()) // totp.interval
    last = SecondFactor.objects.filter(user=user).values_list("last_step", flat=True).first() or 0
    step = max(now, last + 1)
    if step > now + 1:
        SecondFactor.objects.filter(user=user).update(last_step=now - 1)
        step = now
    return totp.generate_otp(step)


def session_just_renewed(client):
    """Marks the test client's session as renewed this instant, so that the next request does not
    renew it (a session is written at most once a minute, accounts.middleware.renew_idle_timeout):
    a query count measured on a slow machine then does not depend on how long the test took."""
    session = client.session
    session[RENEWED_AT_KEY] = time.time()
    session.save()
