"""Sessions: other sessions end on a password change, idle timeout, absolute lifetime, language."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from lvzhi.accounts import services
from lvzhi.accounts.middleware import LOGIN_AT_KEY, RENEWED_AT_KEY
from lvzhi.accounts.models import ApiToken
from lvzhi.accounts.tests.conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db


def signed_in_client(user, password=PASSWORD):
    client = Client()
    assert log_in(client, user.username, password).status_code == 302
    return client


def is_logged_in(client):
    return client.get("/").status_code == 200


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_changing_the_password_ends_the_users_other_sessions(personas):
    phone, desk = signed_in_client(personas.staff), signed_in_client(personas.staff)
    colleague = signed_in_client(personas.leader)
    response = desk.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": "Gansu-wuwei-77", "new_password2": "Gansu-wuwei-77"},
    )
    assert response.status_code == 302
    assert is_logged_in(desk)  # the session that changed it stays
    assert not is_logged_in(phone)
    assert phone.get("/")["Location"].startswith("/accounts/login/")
    assert is_logged_in(colleague)  # nobody else is touched


def test_changing_the_password_revokes_the_users_api_tokens(personas):
    services.create_api_token(actor=personas.staff, name="phone")
    services.create_api_token(actor=personas.leader, name="theirs")
    client = signed_in_client(personas.staff)
    client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": "Gansu-wuwei-77", "new_password2": "Gansu-wuwei-77"},
    )
    assert not ApiToken.objects.get(user=personas.staff).is_valid
    assert ApiToken.objects.get(user=personas.leader).is_valid


def test_a_revoked_token_no_longer_authenticates(personas):
    _token, key = services.create_api_token(actor=personas.staff)
    assert services.user_for_token(key) == personas.staff
    services.change_password(actor=personas.staff, old_password=PASSWORD, new_password="Gansu-wuwei-77")
    assert services.user_for_token(key) is None


def idle_for(client, minutes):
    """The session as it is after `minutes` without a request: its row expires that much earlier and
    its last renewal is that old."""
    session = client.session
    session[RENEWED_AT_KEY] = time.time() - minutes * 60
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=30 - minutes)
    )


def test_the_idle_timeout_is_thirty_minutes_renewed_by_every_request(personas):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = signed_in_client(personas.staff)
    idle_for(client, 20)  # the session has ten minutes left
    assert is_logged_in(client)
    remaining = session_row(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)


def test_requests_within_a_minute_of_the_last_renewal_do_not_write_the_session(personas):
    client = signed_in_client(personas.staff)
    idle_for(client, 5)
    renewed = client.get("/notifications/")
    assert settings.SESSION_COOKIE_NAME in renewed.cookies
    expiry = session_row(client).expire_date
    again = client.get("/notifications/")
    assert again.status_code == 200 and settings.SESSION_COOKIE_NAME not in again.cookies
    assert session_row(client).expire_date == expiry
    idle_for(client, 1)  # a minute later the next request renews it again
    assert settings.SESSION_COOKIE_NAME in client.get("/notifications/").cookies
    assert session_row(client).expire_date > expiry


def test_an_idle_session_past_the_timeout_is_logged_out(personas):
    client = signed_in_client(personas.staff)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_session_older_than_twelve_hours_is_logged_out_even_when_active(personas):
    assert settings.SESSION_MAX_HOURS == 12
    client = signed_in_client(personas.staff)
    session = client.session
    session[LOGIN_AT_KEY] = time.time() - 12 * 3600 - 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?expired=1"
    assert client.get("/").status_code == 302  # really logged out, not just redirected once
    assert "登录已过期，请重新登录。" in client.get("/accounts/login/?expired=1").content.decode()


def test_a_session_younger_than_twelve_hours_stays(personas):
    client = signed_in_client(personas.staff)
    session = client.session
    session[LOGIN_AT_KEY] = time.time() - 11 * 3600
    session.save()
    assert is_logged_in(client)


def test_switching_to_english_is_remembered_on_the_account(personas):
    client = signed_in_client(personas.staff)
    response = client.post("/accounts/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    personas.staff.refresh_from_db()
    assert personas.staff.language == "en"
    client.post("/accounts/logout/")

    fresh = Client()  # another browser: no language cookie
    response = log_in(fresh, "staff")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = fresh.get("/")
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()


def test_the_default_language_is_chinese(personas):
    page = signed_in_client(personas.staff).get("/")
    assert page["Content-Language"] == "zh-hans"
    assert '<html lang="zh-CN">' in page.content.decode()


def test_an_unknown_language_falls_back_to_chinese(personas):
    client = signed_in_client(personas.staff)
    client.post("/accounts/language/", {"language": "xx", "next": "/"})
    personas.staff.refresh_from_db()
    assert personas.staff.language == "zh-hans"


def test_the_language_switch_refuses_to_redirect_off_site(personas):
    client = signed_in_client(personas.staff)
    response = client.post("/accounts/language/", {"language": "en", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def test_the_session_cookie_is_http_only_and_same_site(personas):
    client = Client()
    response = log_in(client, "staff")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
