"""The local day of a moment on SQLite (lvzhi/core/sqlite/base.py) is the day Django's own function
gives — at local midnight, at the zone's last change of offset (1991) and before it, with and without
fractions of a second, for NULL — and what `__date` filters find."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseOperations as DjangoOperations  # base first: no cycle
from hypothesis import given, settings
from hypothesis import strategies as st

from lvzhi.core.sqlite.base import fixed_offset

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own date functions")

SHANGHAI = "Asia/Shanghai"


def day_of(stored: str | None, tzname: str = SHANGHAI) -> tuple[str | None, str | None]:
    """The day of a stored moment (as SQLite keeps it: UTC text) by this backend and by Django's."""
    answers = []
    for ops in (connection.ops, DjangoOperations(connection)):
        sql, params = ops.datetime_cast_date_sql("%s", [stored], tzname)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {sql}", params)
            answers.append(cursor.fetchone()[0])
    return tuple(answers)


def test_the_zone_keeps_one_offset_since_1991_and_one_with_daylight_saving_has_none():
    assert fixed_offset(SHANGHAI) == (28800, "1991-09-15 00:00:00")
    assert fixed_offset("UTC")[0] == 0
    assert fixed_offset("Europe/Berlin") is None
    assert fixed_offset("Not/AZone") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stored, day",
    [
        ("2026-12-06 15:59:59.999999", "2026-12-06"),  # 23:59:59 in Beijing
        ("2026-12-06 16:00:00", "2026-12-07"),  # midnight in Beijing
        ("2026-12-31 16:00:00.5", "2027-01-01"),  # a new year
        ("2024-02-28 16:00:00", "2024-02-29"),  # a leap day
        ("1991-09-14 16:30:00", "1991-09-15"),  # before the last change, daylight saving: 01:30 (UTC+9)
        ("1991-09-14 14:30:00", "1991-09-14"),  # 23:30 (UTC+9)
        ("1991-09-15 00:00:00", "1991-09-15"),  # the first moment of the fixed offset
        ("1988-06-30 15:30:00", "1988-07-01"),  # 00:30 (UTC+9): Django's function, not SQLite's
        ("1850-01-01 00:00:00", "1850-01-01"),  # the zone's local mean time
        (None, None),
    ],
)
def test_the_day_of_a_moment_is_the_day_djangos_function_gives(stored, day):
    assert day_of(stored) == (day, day)


@pytest.mark.django_db
def test_a_zone_with_daylight_saving_keeps_djangos_function():
    assert day_of("2026-07-01 22:30:00", "Europe/Berlin") == ("2026-07-02", "2026-07-02")
    sql, _params = connection.ops.datetime_cast_date_sql("%s", ["x"], "Europe/Berlin")
    assert sql.startswith("django_datetime_cast_date(")


@pytest.mark.django_db
@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(2150, 12, 31)),
    with_fraction=st.booleans(),
    last_of_day=st.sampled_from([None, 999_999, 999_500, 0]),
)
def test_any_moment_gets_the_same_day_both_ways(moment, with_fraction, last_of_day):
    if last_of_day is not None:  # the last instant of a local day (SQLite rounds to the millisecond)
        moment = moment.replace(hour=15, minute=59, second=59, microsecond=last_of_day)
        with_fraction = True
    stored = moment.isoformat(" ", "microseconds" if with_fraction else "seconds")
    ours, djangos = day_of(stored)
    assert ours == djangos
    local = moment.replace(tzinfo=datetime.UTC).astimezone(zoneinfo.ZoneInfo(SHANGHAI))
    assert ours == local.date().isoformat()


@pytest.mark.django_db
def test_a_date_filter_finds_the_moments_of_that_local_day(personas):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    shanghai = zoneinfo.ZoneInfo(SHANGHAI)
    user = User.objects.order_by("pk").first()
    late = datetime.datetime(2026, 3, 1, 23, 59, 59, tzinfo=shanghai)
    User.objects.filter(pk=user.pk).update(last_login=late)
    assert User.objects.filter(pk=user.pk, last_login__date=datetime.date(2026, 3, 1)).exists()
    User.objects.filter(pk=user.pk).update(last_login=late + datetime.timedelta(seconds=1))
    assert User.objects.filter(pk=user.pk, last_login__date=datetime.date(2026, 3, 2)).exists()
    assert not User.objects.filter(pk=user.pk, last_login__date=datetime.date(2026, 3, 1)).exists()
