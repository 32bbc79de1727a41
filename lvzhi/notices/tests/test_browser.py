"""The member's path on a phone (390×844): the notice list, an unread notice opened (and so marked
read), the reply form filled in and sent."""

import pytest

from lvzhi.notices.factories import make_notice
from lvzhi.notices.models import NoticeRead, NoticeReply

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_a_member_reads_and_replies_on_a_phone(personas, browser, live_server):
    make_notice(personas.staff, personas.wuwei, title="关于市政协机关办公地点变更的公告", kind="announcement")
    notice = make_notice(personas.staff, personas.wuwei, reply=True, title="关于参加乡村振兴专题协商会的通知")
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(15000)
    try:
        phone.goto(f"{live_server.url}/accounts/login/")
        phone.fill("input[name=username]", personas.member.username)
        phone.fill("input[name=password]", personas.password)
        phone.click("main button[type=submit]")
        phone.wait_for_url(f"{live_server.url}/**")

        phone.goto(f"{live_server.url}/notices/")
        item = phone.locator(f"[data-notice='{notice.pk}']")
        assert item.get_attribute("data-read") == "0"
        assert phone.locator("[data-testid=notice-inbox] [data-testid=unread]").count() == 2
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        item.click()
        phone.wait_for_selector("[data-testid=reply]")
        assert NoticeRead.objects.filter(notice=notice, user=personas.member).exists()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        phone.fill("input[name='参加人']", "李明")
        phone.check("input[name='是否参加'][value='参加']")
        phone.fill("input[name='人数']", "1")
        phone.click("[data-testid=submit-reply]")
        phone.wait_for_selector("[data-testid=replied]")
        assert NoticeReply.objects.get(notice=notice, user=personas.member).answers["是否参加"] == "参加"

        phone.goto(f"{live_server.url}/notices/")
        assert phone.locator(f"[data-notice='{notice.pk}']").get_attribute("data-read") == "1"
        assert phone.locator("[data-testid=notice-inbox] [data-testid=unread]").count() == 1
    finally:
        context.close()
