"""A member with pending items, on a phone (390×844): the home page's 我的待办 shows the count of
co-proposals to confirm, its link opens exactly those, and the item opens the proposal itself."""

from pathlib import Path

import pytest
from django.conf import settings

from lvzhi.proposals.factories import ProposalWorld

PHONE = {"width": 390, "height": 844}
SHOTS = Path(settings.BASE_DIR) / "screenshots"


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
def test_a_member_follows_a_to_do_to_its_record_on_a_phone(page, login, live_server, personas):
    world = ProposalWorld(personas)
    draft = world.draft(
        actor=world.co, kind="joint", coproposers=[personas.member_person.pk], title="关于加强农村饮水安全保障的建议"
    )
    world.draft(actor=world.co, title="陈静自己的草稿")  # not the member's: never listed
    page.set_viewport_size(PHONE)
    login(personas.member)
    page.goto(f"{live_server.url}/")
    count = page.locator('[data-testid="todo-count-proposals.confirm"]')
    assert count.locator(".fs-5").inner_text() == "1"
    assert no_horizontal_scroll(page)
    count.click()
    page.wait_for_url("**/me/todos/?kind=proposals.confirm")
    items = page.locator('[data-testid="todo-item"]')
    assert items.count() == 1
    assert no_horizontal_scroll(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "todos-phone.png"), full_page=True)
    items.first.locator("a").click()
    page.wait_for_url(f"**/proposals/{draft.pk}/")
    assert "关于加强农村饮水安全保障的建议" in page.content()
