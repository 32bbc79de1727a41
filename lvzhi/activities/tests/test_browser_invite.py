"""The 邀请委员 page as the office sees it: the ways to invite read as a row of choices (never a label
set one character per line), only the chosen way's list shows, and inviting by sector works."""

import pytest

from lvzhi.activities.models import Attendance

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"])
def test_the_ways_to_invite_read_in_words_and_show_their_own_list(world, browser, page, login, live_server, viewport):
    page.set_viewport_size(viewport)
    login(world.staff)
    page.goto(f"{live_server.url}/activities/{world.activity.pk}/invite/")
    labels = page.locator("label.form-check-label")
    assert labels.count() >= 7  # 指定委员, 全体委员, 按界别 … 按委员工作室
    for i in range(labels.count()):
        box = labels.nth(i).bounding_box()
        assert box["width"] > box["height"], labels.nth(i).inner_text()  # a word on one line, not a column
    members_row = page.locator("[data-show-when=by][data-show-for=members]")
    sectors_row = page.locator("[data-show-when=by][data-show-for=sector]")
    assert members_row.is_visible() and not sectors_row.is_visible()

    page.get_by_role("radio", name="按界别").check()
    assert sectors_row.is_visible() and not members_row.is_visible()
    sectors_row.locator(".ts-control").click()
    page.locator(".ts-dropdown .option", has_text=world.p.sector.name).first.click()
    page.click("[data-testid=send-invites]")
    page.wait_for_url(f"**/activities/{world.activity.pk}/")
    invited = Attendance.objects.filter(activity=world.activity)
    assert world.person.pk in set(invited.values_list("member_id", flat=True))
    assert set(invited.values_list("member__memberships__sector", flat=True)) == {world.p.sector.pk}
