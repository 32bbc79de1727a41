"""The member's path on a phone (390×844): find a colleague by pinyin initials, open their card, then
edit one's own biography and sharing choices."""

import pytest
from playwright.sync_api import expect

from lvzhi.directory.models import Profile

PHONE = {"width": 390, "height": 844}


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no horizontal scrolling


@pytest.mark.browser
def test_a_member_finds_a_colleague_and_edits_their_profile_on_a_phone(world, browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(15000)
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", world.p.member.username)
    phone.fill("input[name=password]", world.p.password)
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/**")

    phone.goto(f"{live_server.url}/directory/")
    assert phone.locator("[data-testid=directory-card]").count() == 3
    _fits(phone)
    phone.fill("[data-testid=directory-search]", "ly")  # 刘洋 by the initials of his name, live through htmx
    expect(phone.locator("[data-testid=directory-card]")).to_have_count(1, timeout=30_000)
    assert "刘洋" in phone.inner_text("[data-testid=directory-results]")
    phone.click("[data-testid=directory-card]")
    phone.wait_for_selector("[data-testid=directory-detail]")
    assert "教育界别委员工作室" in phone.inner_text("[data-testid=directory-detail]")
    assert "该委员未公开联系方式" in phone.inner_text("[data-testid=contacts]")
    assert "13912345678" not in phone.content()
    _fits(phone)

    phone.goto(f"{live_server.url}/directory/me/")
    _fits(phone)
    phone.fill("textarea[name=bio]", "长期关注民营经济发展。")
    phone.check("input[name=share_email]")
    phone.click("[data-testid=profile-form] button")
    phone.wait_for_selector(".alert-success")
    profile = Profile.objects.get(member=world.p.member_person)
    assert profile.bio == "长期关注民营经济发展。" and profile.share_email and not profile.share_mobile
    phone.goto(f"{live_server.url}/directory/{world.p.member_person.pk}/")
    assert "长期关注民营经济发展。" in phone.inner_text("[data-testid=bio]")
    context.close()
