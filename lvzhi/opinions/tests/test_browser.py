"""The main flow in a real browser: a member submits on a phone; the editor edits, combines and
publishes an issue and downloads its docx; a leader's instruction is recorded; the member sees
the feedback."""

import io
import os

import pytest
from docx import Document

from lvzhi.core.tests.browsing import leave_as_user
from lvzhi.opinions import services
from lvzhi.opinions.models import OpinionReport

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("LVZHI_SCREENSHOTS")  # a directory: save screenshots of the flow there


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"opinions-{name}.png"), full_page=True)


def _login(page, live_server, user, password="Lvzhi-test-2026!"):
    leave_as_user(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")
    return page


@pytest.mark.browser
def test_the_loop_in_the_browser(world, browser, page, live_server, tmp_path):
    other = world.report(world.member2, title="关于农村清洁取暖补贴的建议")
    phone_context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    phone = phone_context.new_page()
    phone.set_default_timeout(15000)

    # a member submits on a phone
    _login(phone, live_server, world.member)
    phone.goto(f"{live_server.url}/opinions/new/")
    phone.fill("input[name=title]", "关于改善城区停车难问题的建议")
    phone.select_option("select[name=category]", "社会民生")
    phone.fill("textarea[name=content]", "老城区停车位缺口大，占道停车影响通行。" * 3)
    phone.fill("textarea[name=suggestions]", "挖掘停车资源，建设立体停车设施。")
    assert phone.locator("#content-count").inner_text() == str(len("老城区停车位缺口大，占道停车影响通行。" * 3))
    _shot(phone, "submit-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing overflows
    phone.click("[data-testid=submit]")
    phone.wait_for_selector("[data-testid=report-state]")
    assert phone.inner_text("[data-testid=report-state]") == "已提交"
    report = OpinionReport.objects.get(title="关于改善城区停车难问题的建议")

    # the editor accepts, edits, combines and publishes an issue, downloads its docx and sends it
    _login(page, live_server, world.staff)
    page.goto(f"{live_server.url}/opinions/queue/")
    page.click(f"text={report.title}")
    page.click("[data-testid=do-accept]")
    page.click("[data-testid=do-edit]")
    page.fill("input[name=title]", "城区停车难问题亟待破解")
    page.click("[data-testid=save-edit]")
    page.click("[data-testid=diff-link]")
    assert "亟待破解" in page.inner_text("[data-testid=diff] ins") and page.locator("[data-testid=diff] del").count()
    page.go_back()
    page.click("[data-testid=combine] summary")
    page.check(f"input[name=others][value='{other.pk}']")
    page.click("[data-testid=do-combine]")
    assert "周敏" in page.inner_text("[data-testid=credits]")
    page.select_option("select[name=issue]", "new")
    page.click("[data-testid=do-publish]")
    assert page.inner_text("[data-testid=report-state]") == "已编发"
    page.check(f"input[name=recipients][value='{world.party_committee.pk}']")
    page.click("[data-testid=do-send]")
    assert page.inner_text("[data-testid=report-state]") == "已报送"
    _shot(page, "detail-desktop")
    report.refresh_from_db()
    page.goto(f"{live_server.url}/opinions/issues/{report.issue_id}/")
    with page.expect_download() as download:
        page.click("[data-testid=issue-docx]")
    path = tmp_path / "issue.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "城区停车难问题亟待破解" in text and "李明、周敏 供稿" in text

    # a leader records an instruction
    _login(page, live_server, world.leader)
    page.goto(f"{live_server.url}/opinions/{report.pk}/")
    page.fill("[data-testid=instruct] input[name=leader]", "王建国")
    page.fill("[data-testid=instruct] input[name=position]", "市政协主席")
    page.fill("[data-testid=instruct] textarea[name=text]", "请办公室跟踪落实。")
    page.click("[data-testid=do-instruct]")
    assert "王建国" in page.inner_text("[data-testid=instructions]")

    # the office feeds back; the member sees it on the phone
    _login(page, live_server, world.staff)
    page.goto(f"{live_server.url}/opinions/{report.pk}/")
    page.fill("[data-testid=feedback-form] textarea[name=text]", "市政协主席已批示，办公室正在跟踪落实。")
    page.click("[data-testid=do-feedback]")
    assert page.inner_text("[data-testid=report-state]") == "已反馈"
    phone.goto(f"{live_server.url}/opinions/mine/")
    phone.click("text=城区停车难问题亟待破解")
    assert "正在跟踪落实" in phone.inner_text("[data-testid=feedback]")
    assert "王建国" in phone.inner_text("[data-testid=instructions]")
    _shot(phone, "feedback-phone")
    phone_context.close()


@pytest.mark.browser
def test_the_office_enters_a_paper_report_and_edits_its_settings_on_a_phone(world, browser, page, live_server):
    services.seed_default_categories(actor=world.staff, committee=world.p.wuwei)
    services.appoint_officer(actor=world.staff, committee=world.p.wuwei, user=world.city_staff_only, name="赵信息员")
    phone_context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    for screen in (phone_context.new_page(), page):
        screen.set_default_timeout(15000)
        _login(screen, live_server, world.staff)
        screen.goto(f"{live_server.url}/opinions/enter/")
        screen.select_option("select[name=submitter]", f"member:{world.person2.pk}")
        screen.fill("input[name=title]", "关于老旧小区加装电梯的建议")
        screen.select_option("select[name=category]", "社会民生")
        screen.fill("textarea[name=content]", "老旧小区老年住户上下楼困难。" * 4)
        size = "phone" if screen is not page else "desktop"
        _shot(screen, f"enter-{size}")
        assert screen.evaluate("document.documentElement.scrollWidth") <= screen.viewport_size["width"]
        screen.click("[data-testid=enter-submit]")
        screen.wait_for_selector("[data-testid=report-state]")
        assert screen.inner_text("[data-testid=credits]").startswith("周敏")
        assert screen.locator("[data-testid=attachments] input[type=file]").count() == 1
        _shot(screen, f"entered-{size}")
        screen.goto(f"{live_server.url}/opinions/settings/")
        screen.locator("[data-testid=officers] button", has_text="解聘").click()
        screen.wait_for_selector("[data-testid=officers] .badge")
        _shot(screen, f"settings-{size}")
        assert screen.evaluate("document.documentElement.scrollWidth") <= screen.viewport_size["width"]
        screen.locator("[data-testid=officers] button", has_text="续聘").click()
        screen.wait_for_selector("[data-testid=officers] button:has-text('解聘')")
    assert OpinionReport.objects.filter(credits__member=world.person2).count() == 2
