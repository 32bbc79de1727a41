"""The administrators' account API does what their pages do, with the same refusals (三员分立):
create, enable/disable, unlock, remove a lost authenticator, roles and permissions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.accounts.factories import make_user
from lvzhi.accounts.models import LoginFailure, SecondFactor, User
from lvzhi.accounts.tests.test_api_auth import bearer, post_json, token_for
from lvzhi.core.models import AuditEntry
from lvzhi.org.factories import make_id_number, make_member
from lvzhi.org.models import Unit

pytestmark = pytest.mark.django_db


def call(client, method, path, user, data=None):
    headers = bearer(token_for(user))
    if method == "get":
        return client.get(path, **headers)
    if method == "post":
        return post_json(client, path, data or {}, **headers)
    return getattr(client, method)(path, data or {}, content_type="application/json", **headers)


def test_the_system_administrator_creates_a_member_account_by_id_number(client, personas):
    number = make_id_number(datetime.date(1979, 5, 4), 777, area="620600")
    member = make_member(personas.wuwei, "新委员", id_number=number)
    response = call(
        client,
        "post",
        "/api/v1/users/",
        personas.sysadmin,
        {"username": "xin", "name": "新委员", "member_id_number": number, "password": "Chushi-mima-2026!"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["member"] == {"id": member.pk, "name": "新委员"}
    assert body["committee"]["id"] == personas.wuwei.pk
    user = User.objects.get(username="xin")
    assert user.must_change_password
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk)).exists()


def test_a_bad_account_is_refused_with_its_field_and_nothing_is_written(client, personas):
    before = User.objects.count()
    response = call(
        client,
        "post",
        "/api/v1/users/",
        personas.sysadmin,
        {"username": "x2", "member_id_number": "110101199001011234", "password": "X2-initial-2026!"},
    )
    assert response.status_code == 422
    assert "member_id_number" in response.json()["errors"]
    foreign_unit = Unit.objects.create(committee=personas.pingliang, name="平凉市教育局")
    response = call(
        client,
        "post",
        "/api/v1/users/",
        personas.sysadmin,
        {"username": "x3", "committee": personas.wuwei.pk, "unit": foreign_unit.pk, "password": "X3-initial-2026!"},
    )
    assert response.status_code == 422
    assert "unit" in response.json()["errors"]
    assert User.objects.count() == before


def test_only_the_system_administrator_creates_accounts(client, personas):
    for user in (personas.secadmin, personas.staff):
        response = call(client, "post", "/api/v1/users/", user, {"username": "nope", "password": "Nope-initial-2026!"})
        assert response.status_code == 403
    assert not User.objects.filter(username="nope").exists()


def test_disable_and_enable_an_account(client, personas):
    target = personas.member
    response = call(client, "patch", f"/api/v1/users/{target.pk}", personas.sysadmin, {"is_active": False})
    assert response.status_code == 200 and response.json()["is_active"] is False
    target.refresh_from_db()
    assert not target.is_active
    response = call(client, "patch", f"/api/v1/users/{target.pk}", personas.sysadmin, {"is_active": True})
    assert response.json()["is_active"] is True


def test_an_administrator_cannot_disable_their_own_account(client, personas):
    response = call(client, "patch", f"/api/v1/users/{personas.sysadmin.pk}", personas.sysadmin, {"is_active": False})
    assert response.status_code == 403
    personas.sysadmin.refresh_from_db()
    assert personas.sysadmin.is_active


def test_unlock_lifts_the_lock_and_forgets_the_failures(client, personas):
    target = personas.staff
    User.objects.filter(pk=target.pk).update(locked_until=timezone.now() + datetime.timedelta(minutes=30))
    LoginFailure.objects.create(user=target, ip="10.0.0.1")
    response = call(client, "post", f"/api/v1/users/{target.pk}/unlock", personas.secadmin)
    assert response.status_code == 200, response.content
    assert response.json()["locked_until"] is None
    assert not LoginFailure.objects.filter(user=target).exists()


def test_the_security_administrator_removes_a_lost_authenticator(client, personas):
    target = personas.auditor
    assert SecondFactor.objects.filter(user=target).exists()
    response = call(client, "post", f"/api/v1/users/{target.pk}/remove-second-factor", personas.secadmin)
    assert response.status_code == 200
    assert response.json()["has_second_factor"] is False
    refused = call(client, "post", f"/api/v1/users/{personas.secadmin.pk}/remove-second-factor", personas.sysadmin)
    assert refused.status_code == 403
    assert SecondFactor.objects.filter(user=personas.secadmin).exists()


def test_roles_and_permissions_follow_the_separation_of_duties(client, personas):
    target = personas.staff
    response = call(
        client, "put", f"/api/v1/users/{target.pk}/roles", personas.secadmin, {"roles": ["staff", "sysadmin"]}
    )
    assert response.status_code == 422
    assert "roles" in response.json()["errors"]
    response = call(
        client, "put", f"/api/v1/users/{target.pk}/permissions", personas.secadmin, {"permissions": ["proposals"]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["permissions"] == ["proposals"]
    refused = call(client, "put", f"/api/v1/users/{target.pk}/roles", personas.sysadmin, {"roles": ["leader"]})
    assert refused.status_code == 403
    assert sorted(target.role_codes) == ["staff"]


def test_unknown_users_are_404_and_members_are_refused(client, personas):
    assert call(client, "get", "/api/v1/users/999999", personas.sysadmin).status_code == 404
    assert call(client, "get", "/api/v1/users/", personas.member).status_code == 403


def test_the_user_list_takes_a_constant_number_of_queries(client, personas):
    token = token_for(personas.sysadmin)
    client.get("/api/v1/users/", **bearer(token))
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/users/", **bearer(token))
    for n in range(5):
        make_user(f"extra{n}", roles=["staff"], committee=personas.wuwei, permissions=["proposals"])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/users/?page_size=200", **bearer(token))
    assert response.json()["count"] >= 5
    assert len(many) == len(few)


def test_the_settings_page_shows_api_tokens_to_staff_not_to_members(client, personas):
    client.force_login(personas.member)
    assert "API 令牌" not in client.get("/accounts/profile/").content.decode()
    client.force_login(personas.staff)
    assert "API 令牌" in client.get("/accounts/profile/").content.decode()
