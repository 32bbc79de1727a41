"""The statistics tests: a small world on the shared personas, and the whole demo data set (every
registered module's demo loader, see `shared_demo` in the project's conftest.py), loaded once per test
session."""

import datetime
import json

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
def api(client):
    """Call the API as a user through the session (CSRF checks off, as for a token)."""

    def call(user, method, path, body=None):
        client.logout()
        if user is not None:
            client.force_login(user)
        client.handler.enforce_csrf_checks = False
        kwargs = {"content_type": "application/json"}
        if body is not None:
            kwargs["data"] = json.dumps(body)
        response = getattr(client, method)(f"/api/v1{path}", **kwargs)
        return response.status_code, (response.json() if response.content else None)

    return call


@pytest.fixture
def world(personas):
    return RegulationWorld(personas)
