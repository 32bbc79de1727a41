"""In the browser: log in, see the Chinese home page, switch to English; screenshots of the
login page, each role's home page and the administrator pages at desktop and phone widths."""

from pathlib import Path

import pytest
from django.conf import settings

from lvzhi.accounts.factories import totp_code
from lvzhi.core import audit
from lvzhi.core.notifications import notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "screenshots"
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"accounts-{name}.png"), full_page=True)


def test_a_staff_officer_logs_in_sees_the_chinese_home_page_and_switches_to_english(personas, login, live_server):
    page = login(personas.staff)
    assert page.url == f"{live_server.url}/"
    assert page.locator("main h1").inner_text().startswith("您好")
    assert page.get_by_role("link", name="首页").first.is_visible()
    assert page.locator('[data-testid="panel-staff-todo"]').is_visible()

    page.click('[data-testid="lang-switch"]')
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main h1").inner_text().startswith("Hello")
    assert page.get_by_role("link", name="Home").first.is_visible()
    assert page.locator('[data-testid="panel-staff-todo"] .card-header').inner_text() == "Work at a glance"

    # Remembered on the account: log out and in again, still English.
    page.click("nav .dropdown-toggle")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    login(personas.staff)
    assert page.locator("main h1").inner_text().startswith("Hello")


def test_a_wrong_password_is_shown_on_the_login_page(personas, page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "Wrong-password-1")
    page.click("main button[type=submit]")
    assert page.locator(".alert-danger").inner_text() == "用户名或密码不正确。"


def test_the_security_administrator_sees_the_separation_of_duties_refusal(personas, login, live_server):
    page = login(personas.secadmin)
    page.goto(f"{live_server.url}/admin/users/{personas.staff.pk}/grants/")
    page.check("input[name=roles][value=sysadmin]")
    page.click('[data-testid="roles-form"] button[type=submit]')
    assert "三者互斥" in page.locator('[data-testid="roles-form"] .alert-danger').inner_text()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots_of_the_account_pages(personas, browser, live_server, width):
    notify([personas.member, personas.staff], title="请于本周五前提交年度述职报告")
    audit.record("login.failed", actor_name="nobody", object_type="accounts.user", result="failed")
    context = browser.new_context(locale="zh-CN", viewport=WIDTHS[width])
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        shoot(page, f"login-{width}")
        for who in ("member", "staff", "leader", "unit_user", "sysadmin", "secadmin", "auditor"):
            user = getattr(personas, who)
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", personas.password)
            page.click("main button[type=submit]")
            if user.has_second_factor:  # the administrators: the authenticator's code
                page.wait_for_url(f"{live_server.url}/accounts/login/verify/")
                if who == "sysadmin":
                    shoot(page, f"login-verify-{width}")
                page.fill("input[name=code]", totp_code(user))
                page.click("main button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
            assert page.locator("main h1").is_visible()
            shoot(page, f"home-{who}-{width}")
            if who == "sysadmin":
                for name, path in (
                    ("users", "/admin/users/"),
                    ("user-create", "/admin/users/new/"),
                    ("user-detail", f"/admin/users/{personas.member.pk}/"),
                ):
                    page.goto(live_server.url + path)
                    shoot(page, f"admin-{name}-{width}")
            if who == "secadmin":
                page.goto(f"{live_server.url}/admin/users/{personas.staff.pk}/grants/")
                shoot(page, f"admin-grants-{width}")
            if who == "auditor":
                page.goto(f"{live_server.url}/admin/audit/")
                shoot(page, f"admin-audit-{width}")
            page.context.clear_cookies()
    finally:
        context.close()
    assert (SHOTS / f"accounts-home-auditor-{width}.png").exists()
