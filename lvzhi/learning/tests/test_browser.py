"""The member's main path in a real browser on a phone (390×844): open a required material, read it
for a few seconds, mark it studied (the page's own timer sends the visible time), write a reflection
and submit it."""

import re

import pytest
from playwright.sync_api import expect

from lvzhi.learning.factories import REFLECTION
from lvzhi.learning.models import Reflection, StudyRecord

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_a_member_studies_a_required_material_on_a_phone(world, browser, live_server):
    material = world.required(title="学习贯彻党的二十届三中全会精神", body="<p>全会精神学习提纲。</p>" * 20)
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(15000)
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", world.member.username)
    phone.fill("input[name=password]", world.p.password)
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/**")

    phone.goto(f"{live_server.url}/learning/?required=1&studied=0")
    phone.click(f"[data-testid=material-{material.pk}]")
    phone.wait_for_selector("[data-testid=material-title]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    two_seconds_or_more = re.compile(r"^(0:0[2-9]|0:[1-5][0-9]|[1-9][0-9]*:[0-5][0-9])$")
    expect(phone.locator("[data-testid=elapsed]")).to_have_text(two_seconds_or_more, timeout=30_000)
    phone.click("[data-testid=do-studied]")
    phone.wait_for_selector("[data-testid=studied]")
    record = StudyRecord.objects.get(material=material)
    assert record.measured_by == "browser" and 2 <= record.seconds < 120

    phone.fill("[data-testid=reflection-text]", REFLECTION)
    phone.click("[data-testid=do-reflect]")
    phone.wait_for_selector("[data-testid=do-submit-reflection]")
    assert phone.inner_text("[data-testid=reflection-state]") == "草稿"
    phone.click("[data-testid=do-submit-reflection]")
    phone.wait_for_selector("[data-testid=reflection-state]")
    assert Reflection.objects.get(material=material).state == "submitted"
    phone.goto(f"{live_server.url}/learning/{material.pk}/")
    assert phone.inner_text("[data-testid=reflection-state]") == "已提交"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
