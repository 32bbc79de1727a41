"""In the browser, at a phone's size (390×844): a member logs in; a new administrator enrols an
authenticator at the first login and keeps the recovery codes; the security administrator, whom
an attacker tried to lock out, logs in with password and code."""

import pyotp
import pytest
from django.test import Client

from lvzhi.accounts.factories import make_user, totp_code
from lvzhi.accounts.models import RecoveryCode
from lvzhi.accounts.tests.conftest import log_in
from lvzhi.accounts.tests.test_browser_accounts import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


def test_a_member_logs_in_on_a_phone(personas, phone, live_server):
    sign_in(phone, live_server, "member", personas.password)
    phone.wait_for_url(f"{live_server.url}/")
    assert phone.locator("main h1").inner_text().startswith("您好")
    assert fits_the_screen(phone)


def test_a_new_administrator_enrols_at_the_first_login_on_a_phone(personas, phone, live_server):
    make_user("sysadmin2", roles=["sysadmin"], second_factor=False)
    sign_in(phone, live_server, "sysadmin2", personas.password)
    phone.wait_for_url(f"{live_server.url}/accounts/login/enrol/")
    assert phone.locator('[data-testid="totp-qr"] svg').is_visible()
    assert fits_the_screen(phone)
    shoot(phone, "enrol-phone")
    secret = phone.locator('[data-testid="totp-secret"]').get_attribute("data-secret")
    assert phone.locator('[data-testid="totp-uri"]').inner_text().startswith("otpauth://totp/")
    phone.fill("input[name=code]", "000000")
    phone.click("main button[type=submit]")
    assert "验证码不正确" in phone.locator(".invalid-feedback, .alert-danger").first.inner_text()
    phone.fill("input[name=code]", pyotp.TOTP(secret).now())
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/accounts/two-factor/codes/")
    codes = phone.locator('[data-testid="recovery-code"]').all_inner_texts()
    assert len(codes) == 10
    assert RecoveryCode.objects.filter(user__username="sysadmin2").count() == 10
    assert fits_the_screen(phone)
    shoot(phone, "recovery-codes-phone")
    phone.click("text=我已保存，继续")
    phone.wait_for_url(f"{live_server.url}/")


def test_the_security_administrator_logs_in_despite_an_attack(personas, phone, live_server):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        log_in(attacker, "secadmin", "Wrong-password-1")
    sign_in(phone, live_server, "secadmin", personas.password)
    phone.wait_for_url(f"{live_server.url}/accounts/login/verify/")
    assert fits_the_screen(phone)
    phone.fill("input[name=code]", totp_code(personas.secadmin))
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/")
    assert phone.locator("main h1").is_visible()
