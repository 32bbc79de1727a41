"""The main flow in a real browser: staff record a mediation case with two member mediators and
conclude it; the W4–W6 figures (members who mediated, cases concluded, cases successful) follow."""

from pathlib import Path

import pytest

from lvzhi.supervision.models import MediationCase

SHOTS = Path(__file__).resolve().parents[3] / "screenshots"
PHONE = {"width": 390, "height": 844}
FIGURES = "/supervision/?scope=tree&period=since:2024-01-01"


def figure(page, live_server, key):
    page.goto(f"{live_server.url}{FIGURES}")
    return page.inner_text(f"[data-figure='supervision.{key}']").strip()


@pytest.mark.browser
def test_staff_record_and_conclude_a_mediation_case_and_the_figures_follow(world, browser, page, login, live_server):
    SHOTS.mkdir(exist_ok=True)
    MediationCase.objects.all().delete()
    login(world.staff)
    assert [figure(page, live_server, k) for k in ("mediators", "mediation_concluded", "mediation_successful")] == [
        "0",
        "0",
        "0",
    ]
    page.goto(f"{live_server.url}/supervision/mediation/")
    page.click("[data-testid=create]")
    page.fill("input[name=court]", "武威市中级人民法院")
    page.fill("input[name=case_number]", "（2024）甘06民诉前调88号")
    page.select_option("select[name=dispute_kind]", "loan")
    page.fill("input[name=received_on]", "2024-06-03")
    page.fill("input[name=parties]", "张三、李四")
    page.select_option("select[name=mediators]", [str(world.m1.pk), str(world.m2.pk)])
    page.screenshot(path=str(SHOTS / "supervision-mediation-form.png"), full_page=True)
    page.click("[data-testid=save]")
    page.wait_for_url("**/supervision/mediation/*/")
    assert page.inner_text("[data-testid=parties-masked]") == "张*、李*"
    assert "张三" not in page.content()
    # a session, then the conclusion
    page.fill("[data-action=session] input[name=held_on]", "2024-06-10")
    page.fill("[data-action=session] input[name=place]", "诉调对接中心")
    page.click("[data-testid=do-session]")
    page.wait_for_selector("[data-testid=sessions] >> text=诉调对接中心")
    page.select_option("[data-action=conclude] select[name=result]", "successful")
    page.fill("[data-action=conclude] input[name=closed_on]", "2024-06-20")
    page.click("[data-testid=do-conclude]")
    page.wait_for_selector("[data-testid=state] >> text=已调结")
    assert "流程记录" in page.content()
    page.screenshot(path=str(SHOTS / "supervision-mediation-detail.png"), full_page=True)
    case = MediationCase.objects.get()
    assert (case.state, case.result) == ("concluded", "successful")
    assert [figure(page, live_server, k) for k in ("mediators", "mediation_concluded", "mediation_successful")] == [
        "2",
        "1",
        "1",
    ]
    page.screenshot(path=str(SHOTS / "supervision-figures.png"), full_page=True)
    page.click("[data-figure='supervision.mediators']")
    page.wait_for_selector("[data-testid=figure-records] >> text=周敏")

    # the list on a phone
    phone = browser.new_context(locale="zh-CN", viewport=PHONE)
    phone_page = phone.new_page()
    phone_page.goto(f"{live_server.url}/accounts/login/")
    phone_page.fill("input[name=username]", world.staff.username)
    phone_page.fill("input[name=password]", "Lvzhi-test-2026!")
    phone_page.click("main button[type=submit]")
    phone_page.wait_for_url(f"{live_server.url}/**")
    phone_page.goto(f"{live_server.url}/supervision/mediation/")
    assert "张*、李*" in phone_page.content()
    phone_page.screenshot(path=str(SHOTS / "supervision-mediation-list-phone.png"), full_page=True)
    phone_page.goto(f"{live_server.url}/supervision/mediation/{case.pk}/")
    phone_page.screenshot(path=str(SHOTS / "supervision-mediation-detail-phone.png"), full_page=True)
    phone.close()
