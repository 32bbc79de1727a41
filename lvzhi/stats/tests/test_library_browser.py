"""A member reads the library on a phone (390×844): searches, opens a rule, reads an earlier version
and compares two; the office adds a version on a desktop. Each page as a screenshot."""

from pathlib import Path

import pytest

from lvzhi.stats import library, services

SHOTS = Path(__file__).resolve().parents[3] / "screenshots"
PHONE = {"width": 390, "height": 844}


def _login(page, url, user):
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "Lvzhi-test-2026!")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda u: "/accounts/login/" not in u)


@pytest.mark.browser
def test_a_member_reads_and_compares_versions_on_a_phone_and_the_office_adds_one(world, browser, live_server):
    SHOTS.mkdir(exist_ok=True)
    rule = world.system
    services.update_regulation(
        actor=world.staff, regulation=rule, data={"text": "第一条 每季度举行一次。\n第二条 施行。"}
    )
    services.update_revision(
        actor=world.staff, revision=rule.revisions.get(), data={"text": "第一条 每两个月举行一次。\n第二条 施行。"}
    )
    phone = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = phone.new_page()
    page.set_default_timeout(30000)
    _login(page, live_server.url, world.p.member)
    page.goto(f"{live_server.url}/stats/library/")
    page.fill("[data-testid=library-filter] #q", "两个月")
    page.click("[data-testid=library-filter] button")
    page.wait_for_url("**q=%E4%B8%A4**")
    assert page.locator("[data-testid=entry]").count() == 1
    page.screenshot(path=str(SHOTS / "library-list-phone.png"), full_page=True)
    page.click("[data-testid=entry]")
    page.wait_for_selector("[data-testid=timeline]")
    assert "每两个月举行一次" in page.inner_text("[data-testid=text]")
    page.click("[data-testid=timeline] a:has-text('第 1 版')")
    page.wait_for_url("**v=1")
    assert "每季度举行一次" in page.inner_text("[data-testid=text]")
    page.select_option("select[name=compare]", "1")
    page.select_option("select[name=v]", "2")
    page.click("[data-testid=compare]")
    page.wait_for_selector("[data-testid=comparison]")
    assert page.inner_text("[data-testid=diff] ins").startswith("两个月")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SHOTS / "library-diff-phone.png"), full_page=True)
    phone.close()

    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = desk.new_page()
    page.set_default_timeout(30000)
    _login(page, live_server.url, world.staff)
    page.goto(f"{live_server.url}/stats/regulations/{rule.pk}/")
    page.fill("#revise input[name=revised_on]", "2024-06-01")
    page.fill("#revise input[name=adopted_by]", "市政协五届常委会第十二次会议")
    page.fill("#revise textarea[name=text]", "第一条 每两个月举行一次，必要时可以临时召开。\n第二条 施行。")
    page.click("[data-testid=revise]")
    page.wait_for_selector(".alert")
    page.screenshot(path=str(SHOTS / "library-revise-desktop.png"), full_page=True)
    desk.close()
    assert library.current_text(library.versions(rule)).startswith("第一条 每两个月举行一次，必要时")
