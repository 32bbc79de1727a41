"""The member's path on a phone (390×844): open an open topic, post an opinion, reply to another
member's post — with no horizontal scrolling; a hidden post stays out of their sight."""

from pathlib import Path

import pytest

from lvzhi.deliberation import services
from lvzhi.deliberation.models import Post

SHOTS = Path(__file__).resolve().parents[3] / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_a_member_posts_and_replies_on_a_phone(world, browser, live_server):
    SHOTS.mkdir(exist_ok=True)
    other = services.create_post(actor=world.member2, topic=world.topic, text="建议建设县域冷链物流中心。")
    hidden = services.create_post(actor=world.member2, topic=world.topic, text="这是一条被屏蔽的发言")
    services.hide_post(actor=world.staff, topic=world.topic, post=hidden.pk, reason="与议题无关")

    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", world.member.username)
    page.fill("input[name=password]", "Lvzhi-test-2026!")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")

    page.goto(f"{live_server.url}/deliberation/")
    page.click(f"[data-testid=topic] >> text={world.topic.title}")
    page.wait_for_selector("[data-testid=thread]")
    assert "这是一条被屏蔽的发言" not in page.content()
    page.fill("[data-testid=post-form] textarea[name=text]", "建议完善农村电商服务站点布局。")
    page.click("[data-testid=post-form] button")
    page.wait_for_selector("text=意见已发表")
    mine = Post.objects.get(member=world.person, parent__isnull=True)
    assert mine.text == "建议完善农村电商服务站点布局。"

    first = page.locator(f"#post-{other.pk}").locator("xpath=..")
    first.locator("summary", has_text="回复").click()
    first.locator("[data-testid=reply-form] textarea").fill("赞同，冷链物流是短板。")
    first.locator("[data-testid=reply-form] button").click()
    page.wait_for_selector("text=回复已发表")
    reply = Post.objects.get(member=world.person, parent__isnull=False)
    assert reply.parent_id == other.pk
    page.wait_for_selector("[data-testid=reply] >> text=赞同，冷链物流是短板。")
    assert "这是一条被屏蔽的发言" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SHOTS / "deliberation-topic-phone.png"), full_page=True)
    context.close()
