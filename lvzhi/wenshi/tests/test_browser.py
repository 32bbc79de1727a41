"""A member sends in a manuscript on a phone (390×844) and the office reviews it on a desktop; each
page as a screenshot."""

from pathlib import Path

import pytest

from lvzhi.wenshi.choices import ManuscriptState
from lvzhi.wenshi.models import Manuscript

SHOTS = Path(__file__).resolve().parents[3] / "screenshots"
PHONE = {"width": 390, "height": 844}


def _login(page, url, user):
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "Lvzhi-test-2026!")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda u: "/accounts/login/" not in u)


@pytest.mark.browser
def test_a_member_submits_on_a_phone_and_staff_review_it(world, browser, live_server):
    SHOTS.mkdir(exist_ok=True)
    phone = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = phone.new_page()
    page.set_default_timeout(30000)
    _login(page, live_server.url, world.member)
    page.goto(f"{live_server.url}/wenshi/")
    page.click("[data-testid=new-manuscript]")
    page.wait_for_selector("[data-testid=manuscript-form]")
    page.fill("input[name=title]", "民勤治沙六十年")
    page.fill("textarea[name=text]", "民勤县地处石羊河下游。\n六十年来，群众压沙造林。")
    page.screenshot(path=str(SHOTS / "wenshi-submit-phone.png"), full_page=True)
    page.click("[data-testid=manuscript-submit]")
    page.wait_for_selector("[data-testid=manuscript-state]")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SHOTS / "wenshi-manuscript-phone.png"), full_page=True)
    m = Manuscript.objects.get(title="民勤治沙六十年")
    assert m.member == world.p.member_person and m.state == ManuscriptState.SUBMITTED
    phone.close()

    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = desk.new_page()
    page.set_default_timeout(30000)
    _login(page, live_server.url, world.staff)
    page.goto(f"{live_server.url}/wenshi/manuscripts/{m.pk}/")
    page.click("[data-testid=manuscript-pass]")
    page.wait_for_selector("text=初审通过，转入复审")
    page.fill("[data-testid=review-actions] form[action$='/adopt/'] textarea[name=note]", "拟编入《武威文史》")
    page.click("[data-testid=manuscript-adopt]")
    page.wait_for_selector("text=稿件已采用")
    page.screenshot(path=str(SHOTS / "wenshi-manuscript-desktop.png"), full_page=True)
    m.refresh_from_db()
    assert m.state == ManuscriptState.ADOPTED
    desk.close()
