"""The header's search box in a real browser, at desktop (1280×800) and phone (390×844) width:
quick results appear as the user types, grouped by kind, the arrow keys move through them, Escape
closes them, Enter opens the chosen record; the full results page is a click away."""

import re

import pytest

from lvzhi.activities.factories import make_activity
from lvzhi.proposals.factories import ProposalWorld


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_the_header_search_gives_quick_results_usable_with_the_keyboard(page, login, live_server, personas, size):
    world = ProposalWorld(personas)
    proposal = world.filed(title="关于发展静宁县苹果产业的建议")
    make_activity(actor=personas.staff, committee=personas.wuwei, topic="静宁县苹果产业调研")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    login(personas.staff)
    box = page.locator("#header-search-q")
    box.click()
    box.press_sequentially("苹果")
    results = page.locator("[data-testid=quick-results]")
    results.wait_for(state="visible")
    assert results.locator("text=提案").count() >= 1 and results.locator("text=会议活动").count() >= 1
    panel = page.locator("#header-search-results")
    assert panel.bounding_box()["x"] >= 0
    assert panel.bounding_box()["x"] + panel.bounding_box()["width"] <= size[0]
    box.press("ArrowDown")
    first = page.locator("#header-search-results [role=option]").first
    assert first.evaluate("element => element === document.activeElement")
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    box.press("ArrowDown")
    options = page.locator("#header-search-results [role=option]")
    target = options.filter(has_text="苹果产业的建议")
    while not target.evaluate("element => element === document.activeElement"):
        page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/proposals/{proposal.pk}/")
    # the search page: tabs with counts
    page.goto(f"{live_server.url}/search/?q=苹果产业")
    tabs = page.locator("[data-testid=search-tabs]")
    assert re.search(r"提案\s*1", tabs.inner_text())
    assert page.locator("[data-testid=search-results] li").count() == 2
