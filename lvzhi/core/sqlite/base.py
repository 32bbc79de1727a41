"""Django's SQLite backend with the local day of a datetime computed by SQLite itself, and a number
beyond 64 bits in a query compared as PostgreSQL compares it.

Django's SQLite backend answers `__date`, `TruncDate` and the registry's `local_date` with a function
written in Python (`django_datetime_cast_date`): every row parses its timestamp, attaches the time
zone and converts it — about 8 µs a row, which made more than a quarter of the demo's loading time (the duty
ledger's rebuild gives every attendance, study record and vote its day). The
committees' zone has one fixed offset since 1991 (Asia/Shanghai, UTC+8), so here the day is SQLite's
own `date(value, '+28800 seconds')` (of the moment cut to the second: SQLite rounds to the
millisecond) for every stored moment from the zone's last change of offset on, and Django's function
for the moments before it (or for a zone whose offset still changes). The answers are the same;
`lvzhi/core/tests/test_sqlite_dates.py` compares both over the edges.

A query (a SELECT) given an integer beyond 64 bits — an id typed into a form or a query string,
`pk__in=[99999999999999999999]` from a form's multiple choice — cannot be bound by SQLite
("Python int too large to convert to SQLite INTEGER"); PostgreSQL compares such a number with the
column and finds nothing, or everything below it. Here such a query is run again with the number as
SQLite's REAL, which compares the same way with every stored integer. A write with such a number
still fails, as it does on PostgreSQL: what is stored is the services' to refuse first.

`settings.DATABASES` names this backend for SQLite URLs (ENGINE `lvzhi.core.sqlite`).
"""

import datetime
import functools
import zoneinfo
from collections.abc import Mapping

from django.db.backends.sqlite3 import base, operations

UNTIL = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)
SINCE = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


@functools.cache
def fixed_offset(tzname: str) -> tuple[int, str] | None:
    """For a zone name, (its offset in seconds, the first UTC moment from which it has kept it until
    2200, as SQLite stores moments), or None when it keeps none for long (a zone with daylight
    saving, or a name that is not a zone). Read off the zone's rules a day at a time, backwards."""
    try:
        zone = zoneinfo.ZoneInfo(tzname)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    offset = UNTIL.astimezone(zone).utcoffset()
    day = datetime.timedelta(days=1)
    moment = UNTIL
    while moment > SINCE and (moment - day).astimezone(zone).utcoffset() == offset:
        moment -= day
    if moment > datetime.datetime.now(datetime.UTC):  # the offset changes still (daylight saving)
        return None
    return int(offset.total_seconds()), moment.strftime("%Y-%m-%d %H:%M:%S")


class DatabaseOperations(operations.DatabaseOperations):
    def datetime_cast_date_sql(self, sql, params, tzname):
        fixed = fixed_offset(tzname) if tzname and self.connection.timezone_name == "UTC" else None
        if fixed is None:
            return super().datetime_cast_date_sql(sql, params, tzname)
        seconds, since = fixed
        slow, slow_params = super().datetime_cast_date_sql(sql, params, tzname)
        return (
            # to the second first: SQLite rounds to the millisecond, 23:59:59.9999 would be the next day
            f"CASE WHEN {sql} >= %s THEN date(substr({sql}, 1, 19), %s) ELSE {slow} END",
            (*params, since, *params, f"{seconds:+d} seconds", *slow_params),
        )


INT64 = range(-(2**63), 2**63)


def _beyond_64_bits(value):
    return isinstance(value, int) and not isinstance(value, bool) and value not in INT64


def _compared_as_real(params):
    if isinstance(params, Mapping):
        return {k: float(v) if _beyond_64_bits(v) else v for k, v in params.items()}
    return [float(v) if _beyond_64_bits(v) else v for v in params]


class CursorWrapper(base.SQLiteCursorWrapper):
    def execute(self, query, params=None):
        try:
            return super().execute(query, params)
        except OverflowError:
            if params is None or not query.lstrip().upper().startswith(("SELECT", "WITH")):
                raise
            return super().execute(query, _compared_as_real(params))


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=CursorWrapper)
