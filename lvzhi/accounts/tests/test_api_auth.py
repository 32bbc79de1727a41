"""The API's authentication: tokens (issue, list, revoke, expiry, lockout), sessions with CSRF,
/me for every persona, errors as JSON, and the OpenAPI document and docs page."""

import datetime
import json
import re
import time

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.accounts.factories import totp_code
from lvzhi.accounts.middleware import LOGIN_AT_KEY
from lvzhi.accounts.models import ApiToken, LoginFailure, UserRole
from lvzhi.core.api import openapi_mismatches
from lvzhi.core.models import AuditEntry
from lvzhi.core.tests.openapi import openapi_document

PASSWORD = "Lvzhi-test-2026!"


def post_json(client, path, data, **extra):
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return client.post(path, body, content_type="application/json", **extra)


def issue(client, username, password=PASSWORD, **fields):
    return post_json(client, "/api/v1/auth/token", {"username": username, "password": password, **fields})


def token_for(user) -> str:
    """A token, as the user would get it (an administrator gives the authenticator's code too)."""
    fields = {"otp": totp_code(user)} if user.has_second_factor else {}
    response = issue(Client(), user.username, **fields)
    assert response.status_code == 200, response.content
    return response.json()["token"]


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def session_client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    session = client.session
    session[LOGIN_AT_KEY] = time.time()
    session.save()
    return client


@pytest.fixture(scope="session")
def openapi():
    return openapi_document()


def assert_documented(openapi, method, path, response):
    problems = openapi_mismatches(openapi, method, path, response.status_code, response.json())
    assert not problems, problems


# --- Tokens ------------------------------------------------------------------------------------


def test_it_issues_a_token_that_opens_the_api(personas, client, openapi):
    response = issue(client, "staff")
    assert response.status_code == 200
    assert_documented(openapi, "post", "/api/v1/auth/token", response)
    body = response.json()
    assert body["token"].startswith("lvz_")
    assert datetime.datetime.fromisoformat(body["expires_at"]) > timezone.now()
    me = client.get("/api/v1/me", **bearer(body["token"]))
    assert me.status_code == 200
    assert me.json()["username"] == "staff"
    stored = ApiToken.objects.get(user=personas.staff)
    assert stored.key_hash != body["token"] and body["token"] not in stored.key_hash  # stored hashed


def test_it_issues_a_token_for_a_mobile_number_too(personas, client):
    user = personas.member
    response = issue(client, personas.member_person.mobile)
    assert response.status_code == 200
    assert client.get("/api/v1/me", **bearer(response.json()["token"])).json()["username"] == user.username


def test_it_refuses_a_bad_password_with_401_and_counts_it(personas, client, openapi):
    response = issue(client, "staff", "wrong-password")
    assert response.status_code == 401
    assert_documented(openapi, "post", "/api/v1/auth/token", response)
    assert response.json()["message"] == "用户名或密码不正确。"
    assert LoginFailure.objects.filter(user=personas.staff).count() == 1
    assert AuditEntry.objects.filter(action="login.failed", actor_name="staff").exists()
    assert not ApiToken.objects.exists()


def test_it_locks_the_account_after_five_failures(personas, client):
    for _ in range(5):
        assert issue(client, "staff", "wrong-password").status_code == 401
    personas.staff.refresh_from_db()
    assert personas.staff.is_locked
    response = issue(client, "staff")  # the right password no longer helps from an unknown client
    assert response.status_code == 401
    # the same answer as an unknown name: nobody learns that the account exists and is locked
    assert response.json() == issue(client, "nobody-at-all").json()
    assert not ApiToken.objects.exists()


@override_settings(IP_FAILURES=3)
def test_it_throttles_an_address_with_429(personas, client, openapi):
    for name in ("a", "b", "c"):
        assert issue(client, name, "x").status_code == 401
    response = issue(client, "staff")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert_documented(openapi, "post", "/api/v1/auth/token", response)


def test_it_refuses_a_token_to_an_account_that_must_change_its_password(personas, client):
    personas.staff.must_change_password = True
    personas.staff.save()
    response = issue(client, "staff")
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        '"staff"',
        "null",
        json.dumps({"username": "staff"}),
        json.dumps({"username": ["staff"], "password": PASSWORD}),
        json.dumps({"username": "staff", "password": 12}),
        json.dumps({"username": "s" * 10000, "password": PASSWORD}),
        b"\xff\xfe\x00",
        json.dumps({"username": "staff\u0000", "password": PASSWORD}),
    ],
)
def test_it_answers_422_to_a_malformed_token_request(personas, client, body):
    response = post_json(client, "/api/v1/auth/token", body)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    assert response.json()["errors"]
    assert not ApiToken.objects.exists()


def test_a_revoked_token_is_refused_with_401(personas, client, openapi):
    token = token_for(personas.staff)
    stored = ApiToken.objects.get()
    response = client.post(f"/api/v1/auth/tokens/{stored.pk}/revoke", **bearer(token))
    assert response.status_code == 200
    assert_documented(openapi, "post", "/api/v1/auth/tokens/{token_id}/revoke", response)
    assert response.json()["revoked_at"] and response.json()["is_valid"] is False
    refused = client.get("/api/v1/me", **bearer(token))
    assert refused.status_code == 401
    assert refused.json() == {"code": "unauthorized", "message": "请先登录或提供有效的令牌。"}
    assert AuditEntry.objects.filter(action="token.revoke", actor=personas.staff).count() == 1


def test_deleting_a_token_revokes_it(personas, client):
    keep, drop = token_for(personas.staff), token_for(personas.staff)
    dropped = ApiToken.objects.order_by("created_at", "pk").last()
    assert client.delete(f"/api/v1/auth/tokens/{dropped.pk}", **bearer(keep)).status_code == 200
    assert client.get("/api/v1/me", **bearer(drop)).status_code == 401
    assert client.get("/api/v1/me", **bearer(keep)).status_code == 200


def test_an_expired_token_is_refused_with_401(personas, client):
    token = token_for(personas.staff)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_a_token_of_a_deactivated_account_is_refused(personas, client):
    token = token_for(personas.staff)
    personas.staff.is_active = False
    personas.staff.save()
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_a_token_brings_its_users_roles_in_the_same_statement(personas, client):
    """Every bearer call needs the caller's roles: they are read with the token (one row per role),
    not by a statement of their own."""
    user = personas.leader
    UserRole.objects.create(user=user, role=Role.MEMBER)
    token = token_for(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/me", **bearer(token))
    assert response.status_code == 200
    assert sorted(response.json()["roles"]) == ["leader", "member"]
    reading_roles = [q["sql"] for q in ctx.captured_queries if "accounts_userrole" in q["sql"]]
    assert len(reading_roles) == 1 and "accounts_apitoken" in reading_roles[0], reading_roles


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ", "Basic c3RhZmY6eA==", "Bearer " + "x" * 5000, "lvz_"])
def test_a_bad_authorization_header_is_401(personas, client, header):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_it_lists_only_the_callers_own_tokens(personas, client, openapi):
    token = token_for(personas.staff)
    token_for(personas.staff)
    token_for(personas.member)
    response = client.get("/api/v1/auth/tokens", **bearer(token))
    assert response.status_code == 200
    assert_documented(openapi, "get", "/api/v1/auth/tokens", response)
    body = response.json()
    assert body["count"] == 2
    assert set(body["items"][0]) >= {"id", "name", "prefix", "created_at", "expires_at", "last_used_at"}
    assert {item["id"] for item in body["items"]} == set(
        ApiToken.objects.filter(user=personas.staff).values_list("pk", flat=True)
    )
    assert all("key" not in item and "token" not in item for item in body["items"])


def test_it_will_not_revoke_another_users_token(personas, client):
    token = token_for(personas.staff)
    token_for(personas.member)
    theirs = ApiToken.objects.get(user=personas.member)
    response = client.post(f"/api/v1/auth/tokens/{theirs.pk}/revoke", **bearer(token))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


@pytest.mark.parametrize("token_id", ["abc", "0", "-1", "99999999999999999999999", "1.5"])
def test_a_nonsense_token_id_is_404(personas, client, token_id):
    token = token_for(personas.staff)
    response = client.post(f"/api/v1/auth/tokens/{token_id}/revoke", **bearer(token))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- Sessions and CSRF -------------------------------------------------------------------------


def test_a_page_session_reads_the_api(personas):
    client = session_client(personas.staff)
    assert client.get("/api/v1/me").json()["username"] == "staff"


def test_a_session_write_without_the_csrf_token_is_refused_and_changes_nothing(personas):
    token_for(personas.staff)
    stored = ApiToken.objects.get()
    client = session_client(personas.staff, enforce_csrf_checks=True)
    response = client.post(f"/api/v1/auth/tokens/{stored.pk}/revoke")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    stored.refresh_from_db()
    assert stored.revoked_at is None


def test_a_session_write_with_the_csrf_token_goes_through(personas):
    token_for(personas.staff)
    stored = ApiToken.objects.get()
    client = session_client(personas.staff, enforce_csrf_checks=True)
    client.get("/api/v1/docs")  # the docs page sets the CSRF cookie, as any page does
    csrf = client.cookies["csrftoken"].value
    response = client.post(f"/api/v1/auth/tokens/{stored.pk}/revoke", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 200
    stored.refresh_from_db()
    assert stored.revoked_at is not None


def test_a_bearer_write_needs_no_csrf_token(personas):
    token = token_for(personas.staff)
    stored = ApiToken.objects.get()
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/api/v1/auth/tokens/{stored.pk}/revoke", **bearer(token)).status_code == 200


def test_an_anonymous_write_is_401_not_a_csrf_error(personas):
    response = Client(enforce_csrf_checks=True).post("/api/v1/auth/tokens/1/revoke")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_an_expired_session_is_401(personas):
    client = session_client(personas.staff)
    session = client.session
    session[LOGIN_AT_KEY] = time.time() - 13 * 3600
    session.save()
    assert client.get("/api/v1/me").status_code == 401


# --- /me ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "roles", "committee", "member", "unit"),
    [
        ("member", ["member"], "620600", "李明", None),
        ("staff", ["staff"], "620600", None, None),
        ("pii_staff", ["staff"], "620600", None, None),
        ("county_staff", ["staff"], "620602", None, None),
        ("other_staff", ["staff"], "620800", None, None),
        ("leader", ["leader"], "620600", None, None),
        ("unit_user", ["unit"], "620600", None, "武威市教育局"),
        ("sysadmin", ["sysadmin"], None, None, None),
        ("secadmin", ["secadmin"], None, None, None),
        ("auditor", ["auditor"], None, None, None),
    ],
)
def test_me_describes_each_persona(personas, client, openapi, persona, roles, committee, member, unit):
    user = getattr(personas, persona)
    response = client.get("/api/v1/me", **bearer(token_for(user)))
    assert response.status_code == 200
    assert_documented(openapi, "get", "/api/v1/me", response)
    body = response.json()
    assert body["username"] == user.username
    assert body["roles"] == roles
    assert (body["committee"] or {}).get("code") == committee
    if committee:
        assert body["committee"]["id"] == user.committee_id
    assert body["member"] == ({"id": user.member_id, "name": member} if member else None)
    assert body["unit"] == ({"id": user.unit_id, "name": unit} if unit else None)


def test_me_without_credentials_is_401(personas, client, openapi):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert_documented(openapi, "get", "/api/v1/me", response)


# --- The document and the docs page ------------------------------------------------------------


def test_the_openapi_document_describes_the_api(personas, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    for path in ("/api/v1/auth/token", "/api/v1/auth/tokens", "/api/v1/me", "/api/v1/members/{member_id}"):
        assert path in document["paths"]
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["BearerAuth"].items()


def test_the_docs_page_loads_nothing_from_another_host(personas, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    for url in assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url  # shipped locally, collected by collectstatic
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html  # swagger-ui would otherwise call validator.swagger.io
