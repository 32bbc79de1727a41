"""In a real browser: the app is installable (Chromium says so), shows its offline page without a
network, and a draft typed in a long form survives an idle-timeout logout (restored from this
browser, and from the server on another device) and reaches the server once an offline phone is
online again; the idle timeout warns a minute ahead and the user may stay logged in."""

import os
import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from lvzhi.drafts.models import Draft

FORM = "/opinions/new/"
KEY = FORM + "#"
TEXT = "城区老旧小区加装电梯进展缓慢，居民意见较大。"
CHROMIUM = next(p for p in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if os.path.exists(p))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def log_in(page, live_server, user, next_path=""):
    page.goto(f"{live_server.url}/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "Lvzhi-test-2026!")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def saved_on_server(user):
    draft = Draft.objects.filter(user=user, key=KEY).first()
    return draft.fields.get("content", "") if draft else ""


def wait_for_server(page, user, text, seconds=20):
    for _ in range(seconds * 4):
        if saved_on_server(user) == text:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"the server has {saved_on_server(user)!r}, not {text!r}")


@pytest.mark.browser
def test_chromium_finds_the_app_installable_and_shows_the_offline_page_without_a_network(
    browser, live_server, personas, tmp_path
):
    # installability is not judged in an incognito context: a profile of its own
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=ARGS, headless=True, locale="zh-CN"
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(30000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.wait_for_function("navigator.serviceWorker.ready.then(function () { return true; })")
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == f"{live_server.url}/manifest.webmanifest"
        assert manifest["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []

        page.reload()  # now controlled by the service worker
        expect(page.locator("main button[type=submit]")).to_be_visible()
        context.set_offline(True)
        page.goto(f"{live_server.url}/proposals/")
        expect(page.locator("[data-testid=offline]")).to_contain_text("暂时无法连接")
        expect(page.locator("link[rel=stylesheet]").first).to_have_attribute("href", re.compile("^/static/"))
    finally:
        context.close()


@pytest.mark.browser
def test_a_draft_survives_an_idle_timeout_logout_in_this_browser_and_on_another(browser, page, live_server, personas):
    member = personas.member
    log_in(page, live_server, member)
    page.goto(f"{live_server.url}{FORM}")
    page.fill("textarea[name=content]", TEXT)
    page.fill("input[name=title]", "关于加装电梯的建议")
    expect(page.locator("[data-testid=draft-status]")).to_have_text("已保存", timeout=15000)
    assert saved_on_server(member) == TEXT

    Session.objects.all().delete()  # the idle timeout ends the session on the server
    page.reload()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    page.fill("input[name=username]", member.username)
    page.fill("input[name=password]", "Lvzhi-test-2026!")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}{FORM}")
    expect(page.locator("textarea[name=content]")).to_have_value(TEXT)
    expect(page.locator("input[name=title]")).to_have_value("关于加装电梯的建议")
    expect(page.locator("[data-testid=draft-restored]")).to_be_visible()

    # another device (nothing in its storage): the server's copy comes back
    other = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    try:
        phone = other.new_page()
        log_in(phone, live_server, member, next_path=FORM)
        expect(phone.locator("textarea[name=content]")).to_have_value(TEXT)
        # nobody else gets it
        other.clear_cookies()
        log_in(phone, live_server, personas.staff, next_path=FORM)
        phone.goto(f"{live_server.url}/")
        assert Draft.objects.filter(user=personas.staff).count() == 0
    finally:
        other.close()

    # discarding it empties the form and deletes both copies
    page.click("[data-testid=draft-restored] button")
    expect(page.locator("textarea[name=content]")).to_have_value("")
    page.wait_for_function("true")
    for _ in range(40):
        if not Draft.objects.filter(user=member).exists():
            break
        page.wait_for_timeout(250)
    assert not Draft.objects.filter(user=member).exists()
    page.reload()
    expect(page.locator("textarea[name=content]")).to_have_value("")
    expect(page.locator("[data-testid=draft-restored]")).to_have_count(0)


@pytest.mark.browser
def test_a_draft_typed_offline_reaches_the_server_when_the_connection_returns(page, live_server, personas):
    member = personas.member
    log_in(page, live_server, member)
    page.goto(f"{live_server.url}{FORM}")
    page.context.set_offline(True)
    page.fill("textarea[name=content]", TEXT)
    expect(page.locator("[data-testid=draft-status]")).to_contain_text("离线")
    page.wait_for_timeout(6000)  # longer than a save interval: nothing could be sent
    assert saved_on_server(member) == ""
    page.context.set_offline(False)
    wait_for_server(page, member, TEXT)
    expect(page.locator("[data-testid=draft-status]")).to_have_text("已保存", timeout=15000)


@pytest.mark.browser
def test_the_idle_timeout_warns_a_minute_ahead_and_the_user_may_stay(page, live_server, personas, settings):
    settings.SESSION_COOKIE_AGE = 64  # the warning comes 4 seconds after the page loads
    log_in(page, live_server, personas.member)
    page.goto(f"{live_server.url}{FORM}")
    page.fill("textarea[name=content]", TEXT)
    warning = page.locator("[data-testid=idle-warning]")
    expect(warning).to_contain_text("秒后自动退出登录", timeout=15000)
    warning.get_by_role("button", name="继续使用").click()
    expect(warning).to_have_count(0)
    assert page.url == f"{live_server.url}{FORM}"

    settings.SESSION_COOKIE_AGE = 3  # now the session runs out: the page goes to the login page
    page.goto(f"{live_server.url}{FORM}")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/opinions/new/"), timeout=15000)
    expect(page.locator("input[name=username]")).to_be_visible()
