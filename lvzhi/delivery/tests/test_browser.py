"""A member on a phone (390×844) chooses how each kind of message reaches them and saves."""

import pytest
from playwright.sync_api import expect

from lvzhi.delivery.models import Preference, Profile

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_a_member_chooses_the_digest_on_a_phone(personas, browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(15000)
    try:
        phone.goto(f"{live_server.url}/accounts/login/")
        phone.fill("input[name=username]", personas.member.username)
        phone.fill("input[name=password]", personas.password)
        phone.click("main button[type=submit]")
        phone.wait_for_url(f"{live_server.url}/**")

        phone.goto(f"{live_server.url}/delivery/settings/")
        expect(phone.locator("h1")).to_have_text("消息接收设置")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        vote = phone.locator("select[name='mode__meetings.vote_open']")
        expect(vote).to_be_disabled()  # mandatory: shown, fixed
        phone.select_option("select[name='mode__proposals.filed']", "digest")
        phone.select_option("select[name=digest_hour]", "7")
        phone.fill("input[name=wecom_userid]", "LiMing")
        phone.click("[data-testid=save]")
        expect(phone.locator(".alert-success")).to_contain_text("消息接收设置已保存")
        expect(phone.locator("select[name='mode__proposals.filed']")).to_have_value("digest")
    finally:
        context.close()
    assert Preference.objects.get(user=personas.member, kind="proposals.filed").mode == "digest"
    profile = Profile.objects.get(user=personas.member)
    assert (profile.digest_hour, profile.wecom_userid) == (7, "LiMing")
    assert not Preference.objects.filter(kind="meetings.vote_open").exclude(mode="immediate").exists()
