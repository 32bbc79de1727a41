"""The statistics tests: a small world on the shared personas, and the whole demo data set (every
registered module's demo loader, see `shared_demo` in the project's conftest.py), loaded once per test
session."""

import datetime

import pytest

from lvzhi.accounts.models import User
from lvzhi.stats.factories import RegulationWorld

AS_OF = datetime.date(2024, 12, 31)


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


@pytest.fixture
def demo_users(demo, db):
    return {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}


DEMO_USERNAMES = [
    "wuwei_staff",
    "pingliang_staff",
    "liangzhou_staff",
    "wuwei_leader",
    "wuwei_member",
    "pingliang_member",
    "wuwei_unit",
    "sysadmin",
]


@pytest.fixture
def world(personas):
    return RegulationWorld(personas)
