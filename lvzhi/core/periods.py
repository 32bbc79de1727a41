"""Statistical periods: current, cumulative, term, year (the as-of date's year), year:YYYY,
since:YYYY-MM-DD, range:A..B; and the as-of date (`parse_day`). Every date in them lies within the
platform's dates (core.cleaning's DATE_MIN..DATE_MAX); anything else is refused (422), as any bad
input is."""

import contextlib
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


def _day_words(day: datetime.date) -> str:
    return _("%(y)d年%(m)d月%(d)d日") % {"y": day.year, "m": day.month, "d": day.day}


def period_words(period: Period) -> str:
    """A period as the office says it: 本届以来 / 2024年 / 今年 / 累计（截至2026年12月6日）/
    2024年1月1日以来 / 2024年1月1日至2024年6月30日 — never the code ("term", "year:2024")."""
    if period.kind == "term":
        if period.start is None:
            return _("本届以来")
        return _("本届以来（%(start)s起）") % {"start": _day_words(period.start)}
    if period.kind == "year":
        return _("%(y)d年") % {"y": period.end.year}
    if period.kind == "since":
        return _("%(start)s以来") % {"start": _day_words(period.start)}
    if period.kind == "range":
        return _("%(start)s至%(end)s") % {"start": _day_words(period.start), "end": _day_words(period.end)}
    return _("累计（截至%(end)s）") % {"end": _day_words(period.end)}


def period_choices(today: datetime.date, current: str = "", years: int = 5) -> list[tuple[str, str]]:
    """The periods a figure page offers, in words: 本届以来, this year and the years before, 累计;
    `current` (a period text the page was given, such as since:2024-03-01) is kept as a choice."""
    choices = [("term", _("本届以来"))]
    choices += [(f"year:{y}", _("%(y)d年") % {"y": y}) for y in range(today.year, today.year - years, -1)]
    choices.append(("cumulative", _("累计")))
    if current and current not in dict(choices):
        with contextlib.suppress(Invalid):
            choices.append((current, period_words(parse_period(current))))
    return choices


LOWER_WORDS = {"province": "含市县", "city": "含县区"}


def scope_words(scope: str, committee) -> str:
    """Whose records a figure counts, in words: 武威市本级 / 武威市（含县区） — never self / tree."""
    name = getattr(committee, "short_name", "") or str(committee)
    if scope == "tree":
        lower = LOWER_WORDS.get(getattr(committee, "level", ""), "含下级")
        return _("%(name)s（%(lower)s）") % {"name": name, "lower": _(lower)}
    return _("%(name)s本级") % {"name": name}
