"""The second factor: administrators log in with a TOTP code (or a one-time recovery code), enrol at
their first login, and anyone may add one; the API asks for the code too."""

import datetime
import json
import re
import time

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from lvzhi.accounts import services
from lvzhi.accounts.factories import TEST_TOTP_SECRET, make_user, totp_code
from lvzhi.accounts.models import LoginFailure, RecoveryCode, SecondFactor
from lvzhi.accounts.tests.conftest import PASSWORD
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def password(client, username, pw=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": pw})


def verify(client, code):
    return client.post("/accounts/login/verify/", {"code": code})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def enrolment_secret(response) -> str:
    return re.search(r'data-secret="([A-Z2-7]+)"', response.content.decode()).group(1)


def token_request(body):
    return Client().post("/api/v1/auth/token", json.dumps(body), content_type="application/json")


# --- Verification at login ---------------------------------------------------------------------


def test_an_administrator_is_not_logged_in_by_the_password_alone(client, personas):
    response = password(client, "sysadmin")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/verify/"
    assert not is_logged_in(client)
    assert client.get("/admin/users/").status_code == 302  # still a visitor
    page = client.get("/accounts/login/verify/")
    assert "双因素认证" in page.content.decode()


def test_the_code_completes_the_login(client, personas):
    password(client, "sysadmin")
    response = verify(client, totp_code(personas.sysadmin))
    assert response.status_code == 302 and response["Location"] == "/"
    assert is_logged_in(client)
    assert AuditEntry.objects.filter(action="2fa.verify", actor=personas.sysadmin, result="ok").count() == 1
    assert AuditEntry.objects.get(action="login").note == "second factor: totp"


def test_the_login_keeps_its_next_page_through_the_second_step(client, personas):
    client.post("/accounts/login/?next=/admin/users/", {"username": "sysadmin", "password": PASSWORD})
    assert verify(client, totp_code(personas.sysadmin))["Location"] == "/admin/users/"


def test_a_wrong_code_is_refused_counted_and_audited(client, personas):
    password(client, "auditor")
    response = verify(client, "000000")
    assert response.status_code == 200
    assert "验证码不正确。" in response.content.decode()
    assert not is_logged_in(client)
    assert LoginFailure.objects.get().step == "second_factor"
    assert AuditEntry.objects.get(action="2fa.verify").result == "failed"
    assert verify(client, totp_code(personas.auditor)).status_code == 302  # the pending login goes on


def test_a_code_is_accepted_only_once(personas):
    code = totp_code(personas.secadmin)
    first, second = Client(), Client()
    password(first, "secadmin")
    password(second, "secadmin")
    assert verify(first, code).status_code == 302
    assert verify(second, code).status_code == 200
    assert not is_logged_in(second)


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "x" * 40, "１２３４５６"])
def test_nonsense_codes_are_refused_cleanly(client, personas, code):
    password(client, "auditor")
    response = verify(client, code)
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_too_many_wrong_codes_stop_the_second_step_for_a_while(client, personas, settings):
    settings.OTP_FAILURES = 3
    password(client, "auditor")
    for _ in range(3):
        verify(client, "000000")
    response = verify(client, totp_code(personas.auditor))
    assert "验证码错误次数过多" in response.content.decode()
    assert not is_logged_in(client)
    LoginFailure.objects.update(at=timezone.now() - datetime.timedelta(minutes=16))
    password(client, "auditor")
    assert verify(client, totp_code(personas.auditor)).status_code == 302


def test_the_second_step_expires(client, personas):
    password(client, "sysadmin")
    session = client.session
    session["lvzhi_pending_login"]["at"] = time.time() - 301
    session.save()
    response = verify(client, totp_code(personas.sysadmin))
    assert response["Location"] == "/accounts/login/"
    assert not is_logged_in(client)


def test_the_second_step_cannot_be_reached_without_the_password(client, personas):
    for path in ("/accounts/login/verify/", "/accounts/login/enrol/"):
        assert client.get(path)["Location"] == "/accounts/login/"
        assert client.post(path, {"code": totp_code(personas.sysadmin)})["Location"] == "/accounts/login/"
    assert not is_logged_in(client)


def test_a_business_user_without_a_second_factor_logs_in_with_the_password(client, personas):
    assert password(client, "member")["Location"] == "/"
    assert is_logged_in(client)


def test_the_verification_page_takes_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    password(client, "sysadmin")
    with django_assert_max_num_queries(6):
        assert client.get("/accounts/login/verify/").status_code == 200


# --- Recovery codes ----------------------------------------------------------------------------


def test_a_recovery_code_logs_in_once(personas):
    codes = services.regenerate_recovery_codes(actor=personas.secadmin, code=totp_code(personas.secadmin))
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(RecoveryCode.objects.filter(user=personas.secadmin).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not stored & set(codes)  # stored hashed, never as typed
    client = Client()
    password(client, "secadmin")
    assert verify(client, codes[3].upper()).status_code == 302
    assert AuditEntry.objects.get(action="2fa.recovery_used").after == {"left": 9}
    again = Client()
    password(again, "secadmin")
    assert verify(again, codes[3]).status_code == 200  # used up
    assert not is_logged_in(again)


def test_new_recovery_codes_replace_the_old_ones(client, personas, signed_in):
    old = services.regenerate_recovery_codes(actor=personas.auditor, code=totp_code(personas.auditor))
    signed_in(personas.auditor)
    response = client.post("/accounts/two-factor/", {"code": totp_code(personas.auditor)})
    assert response["Location"] == "/accounts/two-factor/codes/"
    page = client.get("/accounts/two-factor/codes/").content.decode()
    new = re.findall(r'data-testid="recovery-code">([a-z0-9-]+)<', page)
    assert len(new) == 10 and not set(new) & set(old)
    assert client.get("/accounts/two-factor/codes/")["Location"] == "/accounts/two-factor/"  # shown once
    assert AuditEntry.objects.filter(action="2fa.recovery_codes", result="ok").count() == 2


def test_new_recovery_codes_need_a_right_code(personas):
    with pytest.raises(Invalid):
        services.regenerate_recovery_codes(actor=personas.auditor, code="000000")
    assert not RecoveryCode.objects.exists()


# --- Enrolment ---------------------------------------------------------------------------------


def test_a_new_administrator_enrols_at_the_first_login(client, personas):
    make_user("sysadmin2", roles=["sysadmin"], second_factor=False)
    response = password(client, "sysadmin2")
    assert response["Location"] == "/accounts/login/enrol/"
    page = client.get("/accounts/login/enrol/")
    html = page.content.decode()
    secret = enrolment_secret(page)
    assert "otpauth://totp/" in html and f"secret={secret}" in html
    assert "<svg" in html  # the QR code, drawn on the server: nothing from another host
    assert client.get("/accounts/login/enrol/").content.decode().count(secret) >= 2  # the same key on reload
    assert client.post("/accounts/login/enrol/", {"code": "000000"}).status_code == 200
    assert not SecondFactor.objects.filter(user__username="sysadmin2").exists()
    response = client.post("/accounts/login/enrol/", {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == "/accounts/two-factor/codes/"
    assert is_logged_in(client)
    codes = re.findall(r'data-testid="recovery-code">([a-z0-9-]+)<', client.get(response["Location"]).content.decode())
    assert len(codes) == 10
    assert RecoveryCode.objects.filter(user__username="sysadmin2", used_at=None).count() == 10
    assert AuditEntry.objects.filter(action="2fa.enrol", result="ok", actor_name="sysadmin2").count() == 1
    assert AuditEntry.objects.filter(action="2fa.enrol", result="failed").count() == 1


def test_an_administrator_with_an_initial_password_sees_the_recovery_codes_before_changing_it(client, personas):
    user = make_user("secadmin2", roles=["secadmin"], second_factor=False)
    user.must_change_password = True
    user.save()
    password(client, "secadmin2")
    secret = enrolment_secret(client.get("/accounts/login/enrol/"))
    response = client.post("/accounts/login/enrol/", {"code": pyotp.TOTP(secret).now()})
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="recovery-code"') == 10
    assert client.get("/")["Location"] == "/accounts/password/"


def test_an_administrator_without_a_second_factor_gets_no_token(personas):
    make_user("auditor2", roles=["auditor"], second_factor=False)
    response = token_request({"username": "auditor2", "password": PASSWORD})
    assert response.status_code == 403


def test_a_member_may_add_a_second_factor_and_then_needs_it(client, personas, signed_in):
    signed_in(personas.member)
    page = client.get("/accounts/two-factor/")
    secret = enrolment_secret(page)
    assert client.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()}).status_code == 302
    client.post("/accounts/logout/")
    assert password(client, "member")["Location"] == "/accounts/login/verify/"
    assert verify(client, totp_code(personas.member, secret)).status_code == 302


def test_the_security_administrator_removes_a_lost_authenticator(client, personas, signed_in):
    signed_in(personas.secadmin)
    assert client.post(f"/admin/users/{personas.sysadmin.pk}/2fa/remove/").status_code == 302
    assert not SecondFactor.objects.filter(user=personas.sysadmin).exists()
    assert AuditEntry.objects.get(action="2fa.remove").actor == personas.secadmin
    assert password(Client(), "sysadmin")["Location"] == "/accounts/login/enrol/"


@pytest.mark.parametrize("who", ["sysadmin", "auditor", "staff", "member"])
def test_only_the_security_administrator_removes_an_authenticator(client, personas, signed_in, who):
    signed_in(getattr(personas, who))
    assert client.post(f"/admin/users/{personas.auditor.pk}/2fa/remove/").status_code == 403
    assert SecondFactor.objects.filter(user=personas.auditor).exists()


def test_the_security_administrator_cannot_remove_their_own(personas):
    with pytest.raises(Forbidden):
        services.remove_second_factor(actor=personas.secadmin, user=personas.secadmin)
    assert SecondFactor.objects.filter(user=personas.secadmin).exists()


def test_the_two_factor_pages_need_a_login(client, personas):
    for path in ("/accounts/two-factor/", "/accounts/two-factor/codes/"):
        assert client.get(path)["Location"].startswith("/accounts/login/")


# --- The API -----------------------------------------------------------------------------------


def test_an_administrators_token_needs_the_code(personas):
    response = token_request({"username": "sysadmin", "password": PASSWORD})
    assert response.status_code == 401 and response.json()["code"] == "second_factor_required"
    wrong = token_request({"username": "sysadmin", "password": PASSWORD, "otp": "000000"})
    assert wrong.status_code == 401 and wrong.json()["code"] == "login_failed"
    right = token_request({"username": "sysadmin", "password": PASSWORD, "otp": totp_code(personas.sysadmin)})
    assert right.status_code == 200 and right.json()["token"]
    # a wrong password is the ordinary refusal: the code is never asked before the password is right
    refused = token_request({"username": "sysadmin", "password": "x", "otp": totp_code(personas.sysadmin)})
    assert refused.json() == {"code": "login_failed", "message": "用户名或密码不正确。"}


def test_a_member_enrols_over_the_api(personas):
    token = token_request({"username": "member", "password": PASSWORD}).json()["token"]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/auth/second-factor").json() == {
        "enrolled": False,
        "required": False,
        "recovery_codes_left": 0,
    }
    fresh = client.get("/api/v1/auth/second-factor/new-secret").json()
    assert fresh["uri"].startswith("otpauth://totp/") and fresh["secret"] in fresh["uri"]
    bad = client.post(
        "/api/v1/auth/second-factor",
        json.dumps({"secret": fresh["secret"], "code": "000000"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "code" in bad.json()["errors"]
    body = json.dumps({"secret": fresh["secret"], "code": pyotp.TOTP(fresh["secret"]).now()})
    created = client.post("/api/v1/auth/second-factor", body, content_type="application/json")
    assert created.status_code == 201 and len(created.json()["recovery_codes"]) == 10
    assert client.get("/api/v1/auth/second-factor").json()["enrolled"] is True
    assert client.get("/api/v1/auth/second-factor/new-secret").status_code == 409
    again = client.post("/api/v1/auth/second-factor", body, content_type="application/json")
    assert again.status_code == 409
    renew = client.post(
        "/api/v1/auth/second-factor/recovery-codes",
        json.dumps({"code": totp_code(personas.member, fresh["secret"])}),
        content_type="application/json",
    )
    assert renew.status_code == 200 and len(renew.json()["recovery_codes"]) == 10


def test_the_second_factor_api_refuses_anonymous_callers(client, personas):
    assert client.get("/api/v1/auth/second-factor").status_code == 401
    assert client.get("/api/v1/auth/second-factor/new-secret").status_code == 401


def test_the_test_key_is_the_one_factories_give_administrators(personas):
    factor = SecondFactor.objects.get(user=personas.auditor)
    assert factor.secret_encrypted and TEST_TOTP_SECRET not in factor.secret_encrypted  # stored encrypted
