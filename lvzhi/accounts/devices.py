"""Trusted browsers ("device cookies", after OWASP's defence against online guessing): a signed cookie
that a browser receives when an account logs in from it, holding one random id per account. An
attempt that presents it for the account it names is counted apart from anonymous ones, so an
attacker who fails against an account cannot lock its owner out of a browser they already use."""

import secrets

from django.conf import settings
from django.core import signing

COOKIE = "lvzhi_device"
SALT = "lvzhi.accounts.devices"
KEEP = 10  # accounts remembered per browser (a shared office computer)


def read(request) -> dict:
    """{user id: device id} from the request's cookie; {} when absent, forged or too old."""
    raw = request.COOKIES.get(COOKIE, "")
    if not raw or len(raw) > 2000:
        return {}
    try:
        value = signing.loads(raw, salt=SALT, max_age=settings.DEVICE_COOKIE_DAYS * 86400)
    except signing.BadSignature:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}


def remember(request, response, user) -> None:
    """After a successful login: the browser keeps (or receives) its id for this account."""
    devices = read(request)
    device = devices.pop(str(user.pk), "") or secrets.token_hex(12)
    devices[str(user.pk)] = device  # most recent last
    devices = dict(list(devices.items())[-KEEP:])
    response.set_cookie(
        COOKIE,
        signing.dumps(devices, salt=SALT),
        max_age=settings.DEVICE_COOKIE_DAYS * 86400,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
