"""In a real browser on the demo data: staff open the overview, click a card and land on its
records, render the 平凉 summary as of 2024-12-31 and download it as docx."""

import io
from pathlib import Path

import pytest
from docx import Document

SHOTS = Path(__file__).resolve().parents[3] / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_staff_open_a_card_then_render_and_download_the_pingliang_summary(committed_demo, browser, page, live_server):
    from lvzhi.stats.models import SummaryTemplate

    SHOTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "pingliang_staff")
    page.fill("input[name=password]", "Lvzhi-demo-2026")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")

    page.goto(f"{live_server.url}/stats/?as_of=2024-12-31&period=term&scope=tree")
    page.wait_for_selector("[data-chart][data-drawn='1']")
    page.screenshot(path=str(SHOTS / "stats-overview-desktop.png"), full_page=True)
    card = page.locator("[data-testid='card-activities.grassroots'] a[data-figure]")
    value = card.get_attribute("data-value")
    card.click()
    page.wait_for_url("**/stats/figures/activities.grassroots/**")
    assert page.locator("[data-testid=figure-value]").inner_text() == value
    assert page.locator("[data-testid=records] tbody tr").count() == min(int(value), 50)
    page.screenshot(path=str(SHOTS / "stats-records-desktop.png"), full_page=True)

    template = SummaryTemplate.objects.get(slug="pingliang-highlights")
    page.goto(f"{live_server.url}/stats/summaries/")
    page.click("a[data-slug='pingliang-highlights']")
    page.wait_for_url(f"**/stats/summaries/{template.pk}/")
    # the selector's form sends these (GET); the page as of today shows the same words, with today's values
    page.goto(f"{live_server.url}/stats/summaries/{template.pk}/?committee=620800&as_of=2024-12-31")
    page.wait_for_selector("[data-testid=summary] >> text=协调办理提案")
    summary = page.locator("[data-testid=summary]").inner_text()
    assert "协调办理提案452件" in summary and "近400次" in summary
    page.screenshot(path=str(SHOTS / "stats-summary-desktop.png"), full_page=True)
    with page.expect_download() as download_info:
        page.click("[data-testid=download-docx]")
    path = download_info.value.path()
    doc = Document(io.BytesIO(Path(path).read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "协调办理提案452件" in text and "联系界别群众1.9万余人次" in text

    phone = browser.new_context(locale="zh-CN", viewport=PHONE, storage_state=page.context.storage_state())
    mobile = phone.new_page()
    mobile.goto(f"{live_server.url}/stats/?as_of=2024-12-31")
    mobile.wait_for_selector("[data-chart][data-drawn='1']")
    mobile.screenshot(path=str(SHOTS / "stats-overview-phone.png"), full_page=True)
    mobile.goto(f"{live_server.url}/stats/summaries/{template.pk}/?as_of=2024-12-31")
    mobile.screenshot(path=str(SHOTS / "stats-summary-phone.png"))
    phone.close()
    page.goto(f"{live_server.url}/stats/screen/?as_of=2024-12-31")
    page.wait_for_selector("[data-chart][data-drawn='1']")
    page.screenshot(path=str(SHOTS / "stats-screen-desktop.png"))


def _type_day(page, field, day):
    """Types `day` into a date field as a person does, once the calendar widget has taken the field
    (lvzhi/static/lvzhi/widgets.js): clear it, key in the digits."""
    page.wait_for_selector(f".date-field > {field}")
    box = page.locator(field)
    box.click()
    box.press("Control+A")
    box.press("Delete")
    box.press_sequentially(day)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"])
def test_a_day_typed_into_the_selectors_is_the_day_the_page_shows(committed_demo, browser, live_server, viewport):
    """The 统计日 typed into the calendar field and sent with Enter (or the form's button) is the day
    of the page that comes back: the summary's and the overview's selectors both send it."""
    from lvzhi.stats.models import SummaryTemplate

    template = SummaryTemplate.objects.get(slug="pingliang-highlights")
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "pingliang_staff")
    page.fill("input[name=password]", "Lvzhi-demo-2026")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(f"{live_server.url}/stats/summaries/{template.pk}/?committee=620800")
    assert page.locator("#s-as-of").input_value() != "2024-12-31"  # today's page first
    _type_day(page, "#s-as-of", "2024-12-31")
    page.keyboard.press("Enter")
    page.wait_for_url("**as_of=2024-12-31**")
    assert page.locator("#s-as-of").input_value() == "2024-12-31"
    summary = page.locator("[data-testid=summary]").inner_text()
    assert "协调办理提案452件" in summary and "近400次" in summary

    _type_day(page, "#s-as-of", "2023-12-31")
    page.locator("[data-testid=summary-selector] button.btn-danger").click()
    page.wait_for_url("**as_of=2023-12-31**")
    assert page.locator("#s-as-of").input_value() == "2023-12-31"

    page.goto(f"{live_server.url}/stats/?committee=620800")
    _type_day(page, "#sel-as-of", "2024-06-30")
    page.keyboard.press("Enter")
    page.wait_for_url("**as_of=2024-06-30**")
    selector = page.locator("[data-testid=selector]")
    assert selector.locator("#sel-as-of").input_value() == "2024-06-30"
    assert "2024-06-30" in selector.inner_text()  # the period the figures are counted for ends that day
    context.close()
