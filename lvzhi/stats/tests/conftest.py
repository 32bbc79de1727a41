"""The statistics tests: a small world on the shared personas, and the whole demo data set (every
registered module's demo loader), loaded once per test module inside a transaction that is rolled
back at the end of the module."""

import datetime

import pytest
from django.db import transaction

from lvzhi.accounts.models import User

AS_OF = datetime.date(2024, 12, 31)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from lvzhi.core import registry

    with django_db_blocker.unblock(), transaction.atomic():
        for module in registry.modules():
            for loader in module.demo_loaders:
                loader(stdout=None)
        yield
        transaction.set_rollback(True)


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
    import json

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


class World:
    """The personas, plus a few regulations of 武威, 凉州区 and 平凉 written through the services."""

    def __init__(self, personas):
        from lvzhi.stats import services

        self.p = personas
        self.staff = personas.staff
        make = services.create_regulation
        self.mechanism = make(
            actor=personas.staff,
            committee=personas.wuwei,
            data={"title": "招商引资工作机制", "kind": "mechanism", "adopted_on": "2023-06-08"},
        )
        self.system = make(
            actor=personas.staff,
            committee=personas.wuwei,
            data={"title": "常委会工作规则", "kind": "system", "adopted_on": "2015-03-01"},
        )
        services.revise_regulation(actor=personas.staff, regulation=self.system, data={"revised_on": "2022-01-10"})
        self.county = make(
            actor=personas.staff,
            committee=personas.liangzhou,
            data={"title": "凉州区协商议事工作机制", "kind": "mechanism", "adopted_on": "2024-01-01"},
        )
        self.pingliang = make(
            actor=personas.other_staff,
            committee=personas.pingliang,
            data={"title": "平凉市政协提案工作条例", "kind": "system", "adopted_on": "2016-05-01"},
        )


@pytest.fixture
def world(personas):
    return World(personas)
