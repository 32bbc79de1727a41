"""Statistical periods: current, cumulative, term, year (the as-of date's year), year:YYYY,
since:YYYY-MM-DD, range:A..B; and the as-of date (`parse_day`). Every date in them lies within the
platform's dates (core.cleaning's DATE_MIN..DATE_MAX); anything else is refused (422), as any bad
input is."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.cleaning import date_in_range, date_range_message
from lvzhi.core.errors import Invalid


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date | None  # inclusive; None = open
    end: datetime.date  # inclusive: the "as of" date
    text: str

    @property
    def is_empty(self) -> bool:
        """A period that has not begun on the as-of date ("since 2024-01-01" read as of 2023-06-30):
        it holds no day, so every figure over it is zero — not an error."""
        return self.start is not None and self.start > self.end

    def contains(self, day: datetime.date) -> bool:
        return (self.start is None or day >= self.start) and day <= self.end

    def q(self, field: str, *, is_datetime: bool = False) -> Q:
        """Rows whose `field` lies within the period's days (end inclusive). A datetime field is
        compared against local midnights (not with `__date`, which SQLite computes row by row)."""
        if not is_datetime:
            lookups = {f"{field}__lte": self.end}
            if self.start is not None:
                lookups[f"{field}__gte"] = self.start
            return Q(**lookups)
        lookups = {f"{field}__lt": local_midnight(self.end + datetime.timedelta(days=1))}
        if self.start is not None:
            lookups[f"{field}__gte"] = local_midnight(self.start)
        return Q(**lookups)


def local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def parse_day(value, *, field: str = "as_of", default: datetime.date | None = None) -> datetime.date:
    """A date from a query parameter or a form ("2026-03-01", or a date): `default` (today unless
    given) when empty; Invalid naming `field` when it is not a date or lies outside the platform's
    dates — so that `as_of=9999-12-31` is a clear refusal, not an overflow further on."""
    if value in (None, ""):
        return default or timezone.localdate()
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise Invalid(errors={field: [_("日期格式应为 YYYY-MM-DD。")]}) from None
    if not date_in_range(value):
        raise Invalid(errors={field: [date_range_message()]})
    return value


def parse_period(text: str, *, as_of: datetime.date | None = None, term_start: datetime.date | None = None) -> Period:
    as_of = parse_day(as_of)
    text = (text or "current").strip()
    period = _period(text, as_of, term_start)
    for day in (period.start, period.end):
        if day is not None and not date_in_range(day):
            raise Invalid(errors={"period": [date_range_message()]})
    return period


def _period(text: str, as_of: datetime.date, term_start: datetime.date | None) -> Period:
    try:
        if text in ("current", "cumulative"):
            return Period(text, None, as_of, text)
        if text == "term":
            return Period(text, term_start, as_of, text)
        if text == "year":  # "this year": the year of the as-of date
            return Period("year", datetime.date(as_of.year, 1, 1), as_of, text)
        if text.startswith("year:"):
            year = int(text[5:])
            return Period("year", datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), as_of), text)
        if text.startswith("since:"):
            return Period("since", datetime.date.fromisoformat(text[6:]), as_of, text)
        if text.startswith("range:"):
            start, end = text[6:].split("..")
            return Period("range", datetime.date.fromisoformat(start), datetime.date.fromisoformat(end), text)
    except ValueError:
        pass
    raise Invalid(errors={"period": [_("无法识别的统计期间：%(p)s") % {"p": text}]})
