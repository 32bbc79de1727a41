"""A remote picker in a real browser: the office registers a matter done for the people in a
committee of several hundred members more than a page carries; the 办理委员 picker renders none of
them, and typing a member's pinyin initials finds them through the server. The form then saves
the one chosen."""

import pytest
from playwright.sync_api import expect

from lvzhi.core.forms import REMOTE_PICKER_MIN
from lvzhi.core.tests.test_remote_pickers import grow
from lvzhi.supervision.factories import SupervisionWorld
from lvzhi.supervision.models import ServiceItem


@pytest.fixture
def world(personas):
    return SupervisionWorld(personas)


@pytest.mark.browser
def test_typing_initials_finds_a_member_through_the_server_and_the_form_saves_them(world, page, login, live_server):
    grown = grow(world.wuwei, REMOTE_PICKER_MIN + 50)
    wanted = grown[7]  # 赵伟甲7: initials zwj7, no other member's
    assert wanted.name_initials == "zwj7"
    login(world.staff)
    page.goto(f"{live_server.url}/supervision/service/new/")
    assert page.locator("select[name=members] option").count() == 0  # nothing chosen, nothing carried
    assert page.get_attribute("select[name=members]", "data-picker-url").startswith("/pick/?t=")
    page.select_option("select[name=kind]", "matter")
    page.fill("input[name=title]", "协调解决东关街道老年人就医难")
    page.fill("input[name=place]", "凉州区东关街道")
    page.fill("input[name=requester]", "东关街道老年居民")
    search = page.locator("#id_members-ts-control")
    search.click()
    expect(page.locator(".ts-dropdown >> text=请输入姓名或拼音搜索")).to_be_visible()
    with page.expect_response(lambda r: "/pick/" in r.url and "q=zwj7" in r.url) as answer:
        search.press_sequentially("zwj7", delay=40)
    assert answer.value.status == 200
    option = page.locator(".ts-dropdown .option", has_text=wanted.name)
    option.wait_for()
    assert page.locator(".ts-dropdown .option").count() == 1
    option.click()
    assert page.locator(".ts-control .item", has_text=wanted.name).count() == 1
    search.press_sequentially("bucunzai", delay=20)
    page.locator(".ts-dropdown >> text=无匹配结果").wait_for()
    search.fill("")
    page.fill("input[name=raised_on]", "2024-06-03")
    page.click("[data-testid=save]")
    page.wait_for_url("**/supervision/service/*/")
    assert list(ServiceItem.objects.get().members.all()) == [wanted]
