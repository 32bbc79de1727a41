"""Logging in: the password step, lockout and throttles, and completing a login.

The design (docs/security.md, "Login, lockout and second factor"):

- Failures are counted three ways. Per *account*, only the failures from browsers the account has
  not logged in from before: LOCKOUT_FAILURES of them within the window lock the account for
  LOCKOUT_MINUTES against such browsers (and its API tokens). Per *trusted browser* (a signed
  device cookie given at a successful login): the same numbers lock that cookie only. Per
  *address* (the client address behind trusted proxies): past IP_FAILURES the address waits a
  growing delay between attempts — slowed, never locked — but a trusted browser is not slowed.
- A locked account still logs in from a browser it has logged in from before, or with its second
  factor; either lifts the lock, as does an administrator.
- Every refusal of the password step is the same 401 with the same message, whether the name is
  unknown, the password wrong, the account locked or deactivated; the password hasher runs once
  in every case, so the timing is alike too.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.backends import find_user
from lvzhi.accounts.choices import BUSINESS_ROLES
from lvzhi.accounts.models import LoginFailure, User
from lvzhi.core import audit
from lvzhi.core.errors import ServiceError

# One answer for every refused password step (no account enumeration).
REFUSED = gettext_lazy("用户名或密码不正确。")


class LoginRefused(ServiceError):
    status = 401
    code = "login_failed"

    def __init__(self, message=None, **kwargs):
        super().__init__(message or REFUSED, **kwargs)


class Throttled(ServiceError):
    status = 429
    code = "throttled"

    def __init__(self, message=None, *, retry_after: int = 0, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


@dataclass
class PasswordChecked:
    """The outcome of a correct password step: who, and what the login still needs."""

    user: User
    device: str  # the trusted-browser id the request carried for this account ("" when none)
    locked: bool  # the account is locked: only the second factor (or a trusted browser) lets it in

    @property
    def needs_second_factor(self) -> bool:
        return self.user.requires_second_factor or self.user.has_second_factor


def _window_start():
    return timezone.now() - datetime.timedelta(minutes=settings.LOCKOUT_WINDOW_MINUTES)


def address_wait(ip: str | None) -> int:
    """Seconds the address must still wait before its next attempt (0: none). Past IP_FAILURES
    failures in the window, the wait after the latest failure doubles with each further failure."""
    if not ip:
        return 0
    recent = LoginFailure.objects.filter(ip=ip, device="", at__gte=_window_start())
    count = recent.count()
    if count < settings.IP_FAILURES:
        return 0
    latest = recent.order_by("-at").values_list("at", flat=True).first()
    doublings = min(count - settings.IP_FAILURES, 20)
    delay = min(settings.LOGIN_DELAY_SECONDS * 2**doublings, settings.LOGIN_DELAY_MAX_SECONDS)
    remaining = (latest + datetime.timedelta(seconds=delay) - timezone.now()).total_seconds()
    return max(0, int(remaining + 0.999))


def failures_since(user: User):
    """Failures count from the start of the window, or from the last successful login if later."""
    start = _window_start()
    if user.last_login and user.last_login > start:
        return user.last_login
    return start


def _device_locked(user: User, device: str) -> bool:
    failures = LoginFailure.objects.filter(user=user, device=device, step=LoginFailure.Step.PASSWORD)
    return failures.filter(at__gte=failures_since(user)).count() >= settings.LOCKOUT_FAILURES


def authenticate_user(*, login: str, password: str, ip: str | None, devices: dict | None = None, request=None) -> User:
    """The password step. Returns the user when the password is right and the account may go on to
    its next step (the second factor, when it has or needs one; see `password_step`)."""
    return password_step(login=login, password=password, ip=ip, devices=devices).user


def password_step(*, login: str, password: str, ip: str | None, devices: dict | None = None) -> PasswordChecked:
    """Check a login name and password against the throttles and the lockout. Raises Throttled (429,
    the address must wait) or LoginRefused (401, the one answer for every other refusal); records
    every failure and audits it."""
    login = (login or "").strip()[:150]
    password = password or ""
    user = find_user(login)
    device = ""
    if user is not None and devices:
        device = str(devices.get(str(user.pk), ""))[:32]
        if device and _device_locked(user, device):
            device = ""  # a trusted browser that keeps failing is trusted no more, for now
    if not device:
        wait = address_wait(ip)
        if wait:
            audit.record(
                "login.failed", actor_name=login, object_type="accounts.user", result="denied", note="address throttled"
            )
            raise Throttled(
                _("此地址登录失败次数过多，请 %(s)d 秒后再试。") % {"s": wait},
                retry_after=wait,
            )
    if user is None or not user.has_usable_password():
        User().set_password(password)  # the same hashing work as for a real account (timing)
        correct = False
    else:
        correct = user.check_password(password) and bool(password) and user.is_active
    locked = user is not None and user.is_locked and not device
    if not correct:
        _record_failure(login=login, user=user, ip=ip, device=device, locked=locked)
        raise LoginRefused()
    if locked and not user.has_second_factor:
        audit.record("login.failed", actor=user, obj=user, result="denied", note="account locked")
        raise LoginRefused()
    if user.is_admin_role and user.role_codes & {str(r) for r in BUSINESS_ROLES}:
        audit.record("login.failed", actor=user, obj=user, result="denied", note="role conflict")
        raise LoginRefused(_("账号角色配置冲突，请联系安全管理员。"))
    return PasswordChecked(user=user, device=device, locked=locked)


def _record_failure(*, login: str, user: User | None, ip: str | None, device: str, locked: bool) -> None:
    with transaction.atomic():
        LoginFailure.objects.create(username=login, user=user, ip=ip, device=device)
        if locked:
            audit.record("login.failed", actor=user, obj=user, result="denied", note="account locked")
            return
        note = ""
        if user is not None:
            failures = LoginFailure.objects.filter(user=user, device=device, step=LoginFailure.Step.PASSWORD)
            if failures.filter(at__gte=failures_since(user)).count() >= settings.LOCKOUT_FAILURES:
                if device:
                    note = "trusted browser locked"
                else:
                    user.locked_until = timezone.now() + datetime.timedelta(minutes=settings.LOCKOUT_MINUTES)
                    user.save(update_fields=["locked_until"])
                    note = "account locked"
                    audit.record(
                        "account.lock",
                        actor=None,
                        actor_name=user.username,
                        obj=user,
                        after={"locked_until": user.locked_until.isoformat()},
                    )
        audit.record(
            "login.failed", actor=user, actor_name=login, object_type="accounts.user", result="failed", note=note
        )


def complete_login(*, checked: PasswordChecked, second_factor: str = "") -> User:
    """The last step of a login: lifts the lock when the user proved themselves with a second factor
    or a trusted browser, and audits the login (with how it was made)."""
    user = checked.user
    with transaction.atomic():
        if user.is_locked and (second_factor or checked.device):
            before = {"locked_until": user.locked_until.isoformat()}
            user.locked_until = None
            user.save(update_fields=["locked_until"])
            how = "second factor" if second_factor else "trusted browser"
            audit.record("account.unlock", actor=user, obj=user, before=before, note=how)
        notes = []
        if second_factor:
            notes.append(f"second factor: {second_factor}")
        if checked.device:
            notes.append("trusted browser")
        audit.record("login", actor=user, obj=user, note=", ".join(notes))
    return user


def record_logout(*, actor) -> None:
    audit.record("logout", actor=actor, obj=actor)
