"""Login as a denial of service (issue 12 §3): the client address behind trusted proxies, lockout
that an attacker cannot turn against the account's owner, throttles that slow without locking,
one answer for unknown and locked accounts, and a locked account's API tokens."""

import datetime
import json
import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client, RequestFactory
from django.utils import timezone

from lvzhi.accounts import devices
from lvzhi.accounts.factories import make_user, totp_code
from lvzhi.accounts.models import LoginFailure
from lvzhi.accounts.tests.conftest import PASSWORD, log_in
from lvzhi.core.middleware import client_ip
from lvzhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.9"


def via_proxy(address):
    """What the documented HTTPS proxy passes on for a client at `address`."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


def refusal(response) -> str:
    """The message the login page shows (its text only)."""
    html = response.content.decode()
    start = html.index('class="alert alert-danger')
    block = html[html.index(">", start) + 1 : html.index("</div>", html.index("</div>", start) + 1)]
    return re.sub(r"<[^>]+>", "", block).strip()


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- The client address ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "expected"),
    [
        ("198.51.100.7", "", [], "198.51.100.7"),
        # a spoofed header from an address that is not a trusted proxy is ignored
        ("198.51.100.7", "1.2.3.4", [], "198.51.100.7"),
        ("198.51.100.7", "1.2.3.4", ["10.0.0.0/8"], "198.51.100.7"),
        # behind a trusted proxy: the right-most hop that is not a trusted proxy
        (PROXY, "198.51.100.7", ["10.0.0.0/8"], "198.51.100.7"),
        (PROXY, "6.6.6.6, 198.51.100.7", ["10.0.0.2"], "198.51.100.7"),  # the client prepended a lie
        (PROXY, "198.51.100.7, 10.0.0.9", ["10.0.0.0/8"], "198.51.100.7"),  # two proxies in a row
        (PROXY, "", ["10.0.0.0/8"], PROXY),
        (PROXY, "not-an-address", ["10.0.0.0/8"], PROXY),
        (PROXY, "2001:db8::1", ["10.0.0.0/8"], "2001:db8::1"),
        ("::1", "198.51.100.7", ["::1"], "198.51.100.7"),
    ],
)
def test_it_reads_the_client_address_only_through_trusted_proxies(settings, remote, forwarded, proxies, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_the_audit_log_records_the_address_behind_the_proxy(client, personas, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    log_in(client, "staff", "Wrong-password-1", **via_proxy("198.51.100.7"))
    assert AuditEntry.objects.get(action="login.failed").ip == "198.51.100.7"
    assert LoginFailure.objects.get().ip == "198.51.100.7"


# --- Denial of service -------------------------------------------------------------------------


def test_a_hundred_anonymous_requests_behind_the_proxy_lock_nobody_else_out(personas, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    users = [personas.staff, personas.leader, personas.member, personas.unit_user]
    browsers = {}
    for n, user in enumerate(users):  # everyone has logged in before, from their own phone or desk
        browsers[user.username] = Client(**via_proxy(f"198.51.100.{n + 10}"))
        assert log_in(browsers[user.username], user.username).status_code == 302
        browsers[user.username].post("/accounts/logout/")
    attacker = Client(**via_proxy(ATTACKER))
    targets = [u.username for u in users] + ["secadmin", "sysadmin"]
    for n in range(100):
        attacker.post("/accounts/login/", {"username": targets[n % 6] if n % 2 else f"guess{n}", "password": "x"})
    assert LoginFailure.objects.filter(ip=ATTACKER).count() == 100
    # The attacker's own address is slowed down ...
    assert "此地址登录失败次数过多" in refusal(log_in(attacker, "someone", "x"))
    # ... everyone else still logs in: from the browsers they use, even the accounts attacked ...
    for user in users:
        assert log_in(browsers[user.username], user.username).status_code == 302, user.username
    # ... an officer who was not attacked logs in from a new browser behind the same proxy ...
    officer = make_user("officer", committee=personas.wuwei)
    assert log_in(Client(**via_proxy("198.51.100.99")), "officer").status_code == 302
    # ... and the administrators, who can unlock, log in with password and second factor.
    for admin in (personas.secadmin, personas.sysadmin):
        browser = Client(**via_proxy("198.51.100.50"))
        assert log_in(browser, admin.username).status_code == 302
        assert is_logged_in(browser)
    assert not officer.is_locked


def test_without_a_trusted_proxy_the_shared_address_slows_only_new_browsers(personas, settings):
    settings.IP_FAILURES = 20
    colleague = Client(REMOTE_ADDR=PROXY)
    assert log_in(colleague, "leader").status_code == 302
    colleague.post("/accounts/logout/")
    attacker = Client(REMOTE_ADDR=PROXY)
    for n in range(30):
        attacker.post("/accounts/login/", {"username": f"guess{n}", "password": "x"})
    assert "此地址登录失败次数过多" in refusal(log_in(Client(REMOTE_ADDR=PROXY), "staff"))
    assert log_in(colleague, "leader").status_code == 302  # the browser the leader uses is not slowed


def test_five_anonymous_failures_do_not_keep_the_security_administrator_out(personas):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(5):
        log_in(attacker, "secadmin", "Wrong-password-1")
    personas.secadmin.refresh_from_db()
    assert personas.secadmin.is_locked
    secadmin = Client(REMOTE_ADDR="198.51.100.20")  # a new browser: the password alone would not do
    response = secadmin.post("/accounts/login/", {"username": "secadmin", "password": PASSWORD})
    assert response["Location"] == "/accounts/login/verify/"
    response = secadmin.post("/accounts/login/verify/", {"code": totp_code(personas.secadmin)})
    assert response.status_code == 302 and is_logged_in(secadmin)
    personas.secadmin.refresh_from_db()
    assert not personas.secadmin.is_locked  # the second factor lifted the lock
    unlock = AuditEntry.objects.get(action="account.unlock")
    assert unlock.actor == personas.secadmin and unlock.note == "second factor"
    # and, logged in, the security administrator can unlock others
    for _ in range(5):
        log_in(attacker, "staff", "Wrong-password-1")
    assert secadmin.post(f"/admin/users/{personas.staff.pk}/unlock/").status_code == 302
    assert log_in(Client(), "staff").status_code == 302


def test_the_security_administrator_gets_a_token_with_the_code_despite_the_lock(personas):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(5):
        log_in(attacker, "secadmin", "Wrong-password-1")
    body = {"username": "secadmin", "password": PASSWORD, "otp": totp_code(personas.secadmin)}
    response = Client().post("/api/v1/auth/token", json.dumps(body), content_type="application/json")
    assert response.status_code == 200


def test_a_trusted_browser_logs_in_to_a_locked_account_and_lifts_the_lock(client, personas):
    assert log_in(client, "staff").status_code == 302
    client.post("/accounts/logout/")
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(5):
        log_in(attacker, "staff", "Wrong-password-1")
    personas.staff.refresh_from_db()
    assert personas.staff.is_locked
    assert log_in(attacker, "staff").status_code == 200  # the right password from elsewhere: no
    assert log_in(client, "staff").status_code == 302
    personas.staff.refresh_from_db()
    assert not personas.staff.is_locked
    assert AuditEntry.objects.get(action="account.unlock").note == "trusted browser"


def test_a_trusted_browser_that_keeps_failing_locks_only_itself(client, personas):
    assert log_in(client, "staff").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(5):
        log_in(client, "staff", "Wrong-password-1")
    personas.staff.refresh_from_db()
    assert not personas.staff.is_locked
    assert LoginFailure.objects.exclude(device="").count() == 5
    assert log_in(Client(), "staff").status_code == 302  # another browser is not affected


def test_a_forged_device_cookie_is_not_trusted(client, personas):
    client.cookies[devices.COOKIE] = json.dumps({str(personas.staff.pk): "forged"})
    for _ in range(5):
        log_in(client, "staff", "Wrong-password-1")
    personas.staff.refresh_from_db()
    assert personas.staff.is_locked


def test_the_address_waits_longer_with_every_further_failure(client, personas, settings):
    settings.IP_FAILURES = 3
    for n in range(3):
        log_in(client, f"guess{n}", "x")
    response = client.post(
        "/api/v1/auth/token", json.dumps({"username": "staff", "password": PASSWORD}), content_type="application/json"
    )
    assert response.status_code == 429 and response["Retry-After"] == "5"
    LoginFailure.objects.update(at=timezone.now() - datetime.timedelta(seconds=6))
    log_in(client, "guess3", "x")  # allowed again, fails: now ten seconds
    assert "10 秒" in refusal(log_in(client, "staff"))
    LoginFailure.objects.update(at=timezone.now() - datetime.timedelta(seconds=11))
    assert log_in(client, "staff").status_code == 302  # slowed, never locked


# --- One answer for unknown and locked accounts ------------------------------------------------


class CountingHasher(MD5PasswordHasher):
    """The tests' MD5 hasher, counting how often a password is hashed."""

    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


def test_an_unknown_name_and_a_locked_account_get_the_same_answer(client, personas, settings):
    for _ in range(5):
        log_in(client, "staff", "Wrong-password-1")
    personas.leader.is_active = False
    personas.leader.save()
    settings.PASSWORD_HASHERS = ["lvzhi.accounts.tests.test_lockout.CountingHasher"]
    answers = set()
    for name, password in [
        ("nobody", PASSWORD),  # unknown
        ("staff", PASSWORD),  # locked, right password
        ("staff", "Wrong-password-1"),  # locked, wrong password
        ("leader", PASSWORD),  # deactivated
        ("member", "Wrong-password-1"),  # wrong password
    ]:
        before = CountingHasher.calls
        response = log_in(Client(), name, password)
        assert CountingHasher.calls - before == 1, name  # the hasher runs once on every path (timing)
        answers.add((response.status_code, refusal(response)))
    assert answers == {(200, "用户名或密码不正确。")}


def test_the_api_gives_unknown_and_locked_accounts_the_same_answer(personas):
    def issue(username, password=PASSWORD):
        body = json.dumps({"username": username, "password": password})
        return Client().post("/api/v1/auth/token", body, content_type="application/json")

    for _ in range(5):
        issue("staff", "Wrong-password-1")
    unknown, locked = issue("nobody"), issue("staff")
    assert unknown.status_code == locked.status_code == 401
    assert unknown.json() == locked.json() == {"code": "login_failed", "message": "用户名或密码不正确。"}


# --- A locked account's API tokens -------------------------------------------------------------


def test_a_locked_accounts_tokens_stop_working_until_it_is_unlocked(personas, signed_in):
    body = json.dumps({"username": "staff", "password": PASSWORD})
    token = Client().post("/api/v1/auth/token", body, content_type="application/json").json()["token"]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert Client().get("/api/v1/me", **bearer).status_code == 200
    for _ in range(5):
        log_in(Client(REMOTE_ADDR=ATTACKER), "staff", "Wrong-password-1")
    refused = Client().get("/api/v1/me", **bearer)
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
    admin = signed_in(personas.sysadmin)
    assert admin.post(f"/admin/users/{personas.staff.pk}/unlock/").status_code == 302
    assert Client().get("/api/v1/me", **bearer).status_code == 200


def test_a_deactivated_accounts_tokens_stop_working(personas, signed_in):
    body = json.dumps({"username": "staff", "password": PASSWORD})
    token = Client().post("/api/v1/auth/token", body, content_type="application/json").json()["token"]
    signed_in(personas.sysadmin).post(f"/admin/users/{personas.staff.pk}/active/", {"active": "0"})
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_an_unlock_is_audited_and_refused_to_others(client, personas, signed_in):
    for _ in range(5):
        log_in(Client(), "staff", "Wrong-password-1")
    assert signed_in(personas.auditor).post(f"/admin/users/{personas.staff.pk}/unlock/").status_code == 403
    personas.staff.refresh_from_db()
    assert personas.staff.is_locked
    client.post("/accounts/logout/")
    signed_in(personas.secadmin).post(f"/admin/users/{personas.staff.pk}/unlock/")
    entry = AuditEntry.objects.get(action="account.unlock")
    assert entry.actor == personas.secadmin and entry.note == "administrator"
    assert not LoginFailure.objects.filter(user=personas.staff).exists()
