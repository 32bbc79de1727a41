"""The main flow in a real browser, on a phone: staff draft a 请示 to the Party committee, send it and
register the reply; the figures of reports sent and replied follow."""

from pathlib import Path

import pytest

from lvzhi.liaison.models import PartyReport

SHOTS = Path(__file__).resolve().parents[3] / "screenshots"
PHONE = {"width": 390, "height": 844}
FIGURES = "/liaison/?scope=self&period=since:2024-01-01"


def figure(page, live_server, key):
    page.goto(f"{live_server.url}{FIGURES}")
    return page.inner_text(f"[data-figure='liaison.{key}']").strip()


@pytest.mark.browser
def test_staff_draft_send_and_register_the_reply_of_a_request(world, page, login, live_server):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size(PHONE)
    login(world.staff)
    assert [figure(page, live_server, k) for k in ("reports_sent", "reports_replied")] == ["0", "0"]
    page.goto(f"{live_server.url}/liaison/reports/")
    page.click("[data-testid=create]")
    page.select_option("select[name=kind]", "request")
    page.fill("input[name=subject]", "关于召开政协武威市第五届委员会第三次会议的请示")
    page.fill("input[name=recipient]", "中共武威市委")
    page.fill("input[name=drafted_on]", "2024-12-01")
    page.fill("input[name=reply_days]", "15")
    page.screenshot(path=str(SHOTS / "liaison-report-form.png"), full_page=True)
    page.click("[data-testid=save]")
    page.wait_for_url("**/liaison/reports/*/")
    page.fill("[data-action=send] input[name=sent_on]", "2024-12-02")
    page.click("[data-testid=do-send]")
    page.wait_for_selector("[data-testid=state] >> text=已报送")
    page.fill("[data-action=reply] input[name=replied_on]", "2024-12-10")
    page.select_option("[data-action=reply] select[name=outcome]", "approved")
    page.fill("[data-action=reply] textarea[name=reply]", "同意。")
    page.click("[data-testid=do-reply]")
    page.wait_for_selector("[data-testid=state] >> text=已批复")
    assert "流程记录" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "liaison-report-detail.png"), full_page=True)
    report = PartyReport.objects.get()
    assert (report.state, report.outcome) == ("replied", "approved")
    assert [figure(page, live_server, k) for k in ("reports_sent", "reports_replied")] == ["1", "1"]
