"""Input cleaning for services: one `Cleaner` collects every field's problem, then raises one
`Invalid` with all of them, so a form or an API body shows each message next to its field and
nothing is written.

    clean = Cleaner(data)
    title = clean.text("title", required=True, max_length=200, label=_("标题"))
    held_on = clean.date("held_on", required=True)
    clean.done()   # raises Invalid(errors={...}) if anything was wrong

Dates are refused outside `DATE_MIN`..`DATE_MAX` (DESIGN.md: the dates the platform accepts).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid

INT_MAX = 2**63 - 1
# Database ids are 64-bit: a larger number names no record (and must not reach the database)
MAX_ID = INT_MAX
DATE_MIN = datetime.date(1949, 10, 1)
DATE_MAX = datetime.date(2100, 12, 31)


def as_id(value) -> int | None:
    """The record id a query string, a form's hidden field or a path carries ("42"), or None for
    anything that names no record: only ASCII digits (Python's `isdigit` also takes "²" and "١٢",
    which `int` refuses or reads as another number), from 1 to MAX_ID (a larger one would reach the
    database as an error, not as "no such record"). An int is taken as it is, within the same range."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 19:
            return None
        number = int(text)
    return number if 0 < number <= MAX_ID else None


def id_or_name(name: str, value: str) -> dict:
    """The lookup of a list's filter that is given a record's id (the filter's choice; digits that
    name no record match nothing) or a name (typed where the page runs no script, or one name for the
    same party in each committee): `{"party_id": 12}` or `{"party__name": "民盟"}`."""
    if value.isascii() and value.isdigit():
        return {f"{name}_id": as_id(value) or 0}
    return {f"{name}__name": value[:100]}


def date_in_range(day: datetime.date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


# A birth date is the one date older than the platform: members born before 1949 sit today.
BIRTH_DATE_MIN = datetime.date(1900, 1, 1)


def birth_date_in_range(day: datetime.date) -> bool:
    return BIRTH_DATE_MIN <= day <= timezone.localdate()


def birth_date_range_message() -> str:
    return _("出生日期须在 %(a)s 至今天之间。") % {"a": BIRTH_DATE_MIN.isoformat()}


def date_range_message() -> str:
    return _("日期须在 %(a)s 至 %(b)s 之间。") % {"a": DATE_MIN.isoformat(), "b": DATE_MAX.isoformat()}


class Cleaner:
    def __init__(self, data: dict | None = None):
        self.data = data or {}
        self.errors: dict[str, list[str]] = {}

    def error(self, name: str, message) -> None:
        messages = self.errors.setdefault(name, [])
        if str(message) not in messages:
            messages.append(str(message))

    def text(self, name, *, required=False, max_length=None, label="", value=None, strip=True):
        value = self.data.get(name) if value is None else value
        value = "" if value is None else str(value)
        value = value.strip() if strip else value
        if "\x00" in value:
            self.error(name, _("不能包含空字符。"))
            return ""
        if required and not value:
            self.error(name, _("%(f)s必填。") % {"f": label} if label else _("必填。"))
        if max_length and len(value) > max_length:
            if label:
                self.error(name, _("%(f)s不能超过%(n)s字。") % {"f": label, "n": max_length})
            else:
                self.error(name, _("不能超过 %(n)s 个字符。") % {"n": max_length})
        return value

    def date(self, name, *, required=False, value=None):
        value = self.data.get(name) if value is None else value
        if value in (None, ""):
            if required:
                self.error(name, _("必填。"))
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        if not isinstance(value, datetime.date):
            try:
                value = datetime.date.fromisoformat(str(value).strip()[:10])
            except ValueError:
                self.error(name, _("日期格式应为 YYYY-MM-DD。"))
                return None
        if not date_in_range(value):
            self.error(name, date_range_message())
            return None
        return value

    def moment(self, name, *, required=False, value=None):
        """A date and time ("2026-03-01T09:00", with or without an offset; naive is local time)
        whose date lies within the platform's dates, also in UTC (so no conversion overflows)."""
        value = self.data.get(name) if value is None else value
        if value in (None, ""):
            if required:
                self.error(name, _("必填。"))
            return None
        if not isinstance(value, datetime.datetime):
            try:
                value = datetime.datetime.fromisoformat(str(value).strip())
            except ValueError:
                self.error(name, _("时间格式应为 YYYY-MM-DDTHH:MM。"))
                return None
        days = [value.date()]
        if value.tzinfo is not None:
            try:
                days.append(value.astimezone(datetime.UTC).date())
            except OverflowError:
                days.append(datetime.date.min)
        if not all(date_in_range(day) for day in days):
            self.error(name, date_range_message())
            return None
        return value

    def integer(self, name, *, required=False, low=None, high=None, value=None):
        value = self.data.get(name) if value is None else value
        if value in (None, ""):
            if required:
                self.error(name, _("必填。"))
            return None
        if isinstance(value, bool):
            self.error(name, _("应为整数。"))
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            self.error(name, _("应为整数。"))
            return None
        if not -INT_MAX <= number <= INT_MAX:  # what a database column holds
            self.error(name, _("数值过大。"))
            return None
        if low is not None and number < low:
            self.error(name, _("不能小于 %(n)s。") % {"n": low})
        if high is not None and number > high:
            self.error(name, _("不能大于 %(n)s。") % {"n": high})
        return number

    def decimal(self, name, *, required=False, low=None, high=None, value=None):
        value = self.data.get(name) if value is None else value
        if value in (None, ""):
            if required:
                self.error(name, _("必填。"))
            return None
        if isinstance(value, bool):
            self.error(name, _("应为数字。"))
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.error(name, _("应为数字。"))
            return None
        if not number.is_finite():
            self.error(name, _("应为数字。"))
            return None
        if low is not None and number < low:
            self.error(name, _("不能小于 %(n)s。") % {"n": low})
        if high is not None and number > high:
            self.error(name, _("不能大于 %(n)s。") % {"n": high})
        return number

    def choice(self, name, choices, *, required=False, value=None):
        value = self.data.get(name) if value is None else value
        value = "" if value is None else str(value).strip()
        if not value:
            if required:
                self.error(name, _("必填。"))
            return ""
        if value not in [str(c) for c in choices]:
            self.error(name, _("不是可选的值。"))
            return ""
        return value

    def done(self) -> None:
        if self.errors:
            raise Invalid(errors=self.errors)
