"""The second factor: TOTP (RFC 6238, pyotp) with ten one-time recovery codes.

Administrators must have one (they enrol at their first login); any other user may add one from
their profile. A code is accepted for the current 30-second step and one step either side, never
twice; OTP_FAILURES wrong codes within the lockout window stop the step until the window passes.
"""

import hmac
import re
import secrets

import pyotp
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Role
from lvzhi.accounts.models import LoginFailure, RecoveryCode, SecondFactor, User
from lvzhi.accounts.services.login import LoginRefused, Throttled, failures_since
from lvzhi.core import audit, pii
from lvzhi.core.errors import Forbidden, Invalid

RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads (from the QR code or typed in)."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=settings.OTP_ISSUER)


def _clean_code(code) -> str:
    return "".join(str(code or "").split()).lower()[:32]


def _matching_step(secret: str, code: str, after: int = 0) -> int | None:
    """The time step (now, or one either side) whose code is `code`, if later than `after`."""
    if not re.fullmatch(r"[0-9]{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    now = int(timezone.now().timestamp()) // totp.interval
    for step in (now - 1, now, now + 1):
        if step > after and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _hash_code(code: str) -> str:
    return pii.keyed_hash("recovery:" + code.replace("-", ""))


def _new_recovery_codes(user: User) -> list[str]:
    codes = ["".join(secrets.choice(_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    codes = [f"{c[:5]}-{c[5:]}" for c in codes]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_hash_code(c)) for c in codes])
    return codes


def enrol_second_factor(*, actor: User, secret: str, code: str) -> list[str]:
    """Confirm a new authenticator for the actor with a code it shows; replaces any earlier one.
    Returns the ten recovery codes, shown once."""
    step = _matching_step(secret, _clean_code(code)) if secret else None
    if step is None:
        audit.record("2fa.enrol", actor=actor, obj=actor, result="failed", note="wrong code")
        raise Invalid(errors={"code": [_("验证码不正确，请核对手机时间后重试。")]})
    with transaction.atomic():
        replaced = SecondFactor.objects.filter(user=actor).delete()[0] > 0
        SecondFactor.objects.create(user=actor, secret_encrypted=pii.encrypt(secret), last_step=step)
        codes = _new_recovery_codes(actor)
        audit.record("2fa.enrol", actor=actor, obj=actor, note="replaced" if replaced else "")
    actor.__dict__.pop("has_second_factor", None)
    return codes


def regenerate_recovery_codes(*, actor: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), confirmed with a current code."""
    factor = SecondFactor.objects.filter(user=actor).first()
    if factor is None:
        raise Invalid(errors={"code": [_("尚未启用双因素认证。")]})
    step = _matching_step(pii.decrypt(factor.secret_encrypted), _clean_code(code), after=factor.last_step)
    if step is None:
        audit.record("2fa.recovery_codes", actor=actor, obj=actor, result="failed", note="wrong code")
        raise Invalid(errors={"code": [_("验证码不正确。")]})
    with transaction.atomic():
        SecondFactor.objects.filter(pk=factor.pk).update(last_step=step, last_used_at=timezone.now())
        codes = _new_recovery_codes(actor)
        audit.record("2fa.recovery_codes", actor=actor, obj=actor)
    return codes


def remove_second_factor(*, actor: User, user: User) -> None:
    """The security administrator removes another user's authenticator and recovery codes (a lost
    phone); an administrator then enrols again at the next login."""
    if not actor.has_role(Role.SECADMIN) or actor.pk == user.pk:
        raise Forbidden(_("只有安全管理员可以移除其他账号的双因素认证。"))
    with transaction.atomic():
        SecondFactor.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        audit.record("2fa.remove", actor=actor, obj=user)
    user.__dict__.pop("has_second_factor", None)


def verify_second_factor(*, user: User, code: str, ip: str | None) -> str:
    """The second step of a login: a TOTP code, or one of the recovery codes (used up). Returns
    "totp" or "recovery code"; raises Throttled after too many wrong codes, LoginRefused otherwise."""
    wrong = LoginFailure.objects.filter(user=user, step=LoginFailure.Step.SECOND_FACTOR, at__gte=failures_since(user))
    if wrong.count() >= settings.OTP_FAILURES:
        audit.record("2fa.verify", actor=user, obj=user, result="denied", note="too many wrong codes")
        raise Throttled(_("验证码错误次数过多，请 %(m)d 分钟后再试。") % {"m": settings.LOCKOUT_WINDOW_MINUTES})
    code = _clean_code(code)
    factor = SecondFactor.objects.filter(user=user).first()
    with transaction.atomic():
        if factor is not None:
            step = _matching_step(pii.decrypt(factor.secret_encrypted), code, after=factor.last_step)
            # Only one request may take a step: the update is conditional on the step being new.
            if step is not None and SecondFactor.objects.filter(pk=factor.pk, last_step__lt=step).update(
                last_step=step, last_used_at=timezone.now()
            ):
                audit.record("2fa.verify", actor=user, obj=user)
                return "totp"
            if len(code.replace("-", "")) == 10:
                used = RecoveryCode.objects.filter(user=user, code_hash=_hash_code(code), used_at__isnull=True).update(
                    used_at=timezone.now()
                )
                if used:
                    left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
                    audit.record("2fa.recovery_used", actor=user, obj=user, after={"left": left})
                    return "recovery code"
        LoginFailure.objects.create(username=user.username, user=user, ip=ip, step=LoginFailure.Step.SECOND_FACTOR)
        audit.record("2fa.verify", actor=user, obj=user, result="failed", note="wrong code")
    raise LoginRefused(_("验证码不正确。"))


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
