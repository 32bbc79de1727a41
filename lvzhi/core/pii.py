"""Personal information: encryption at rest, keyed hashes for look-up, masking, validation."""

import base64
import datetime
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def _derive(purpose: str) -> bytes:
    return hashlib.sha256(f"lvzhi:{purpose}:{settings.PII_KEY}".encode()).digest()


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive("encrypt")))


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet(settings.PII_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(settings.PII_KEY).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def keyed_hash(value: str) -> str:
    """A stable HMAC of a normalised value, for finding a person without decrypting."""
    if not value:
        return ""
    return hmac.new(_derive("hash"), value.strip().upper().encode(), hashlib.sha256).hexdigest()


# --- Masking -------------------------------------------------------------------------------------
#
# A masked value, together with everything else a user without `view_pii` sees about the person
# (the committee and so the region, the gender, the birth year and month), must leave at least
# MIN_CANDIDATES possible clear values; docs/security.md gives the arithmetic and
# lvzhi/org/tests/test_masking.py counts it for every demo member.
#
# ID number (GB 11643: region 6, birth date 8, sequence 3 whose parity is the gender, check 1):
# only the region code is shown. Knowing the region, the birth month and the gender, the hidden
# part is any day of that month (28 to 31) times the 500 sequence numbers of that parity, the check
# digit following from them: at least 28 x 500 = 14,000 candidates. The birth day and the check
# digit are never shown, since either would cut that down to 500 or about 1,300.
#
# Mobile (1 + network 2 + area segment 4 + subscriber 4): only the network prefix is shown. Even
# if the region gave away the area segment, the four subscriber digits stay unknown: 10,000.

MIN_CANDIDATES = 10_000


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 6)


def mask_mobile(value: str) -> str:
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 3)


def birth_month(value: datetime.date | None) -> str:
    """What those without `view_pii` see of a birth date: the year and month (出生年月), "1965-03"."""
    return f"{value.year:04d}-{value.month:02d}" if value else ""


_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper()


def validate_id_number(value: str) -> str:
    """GB 11643 citizen ID: 18 characters, a valid birth date and check digit."""
    value = normalise_id_number(value)
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationError(_("身份证号应为 18 位，最后一位可以是 X。"), code="id_format")
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth") from None
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(_("身份证号校验位不正确。"), code="id_check")
    return value


def normalise_mobile(value: str) -> str:
    value = re.sub(r"[\s-]", "", value or "")
    if value.startswith("+86"):
        value = value[3:]
    return value


def validate_mobile(value: str) -> str:
    value = normalise_mobile(value)
    if not re.fullmatch(r"1[3-9]\d{9}", value):
        raise ValidationError(_("手机号应为 11 位数字，以 1 开头。"), code="mobile_format")
    return value
