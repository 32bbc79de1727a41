"""The main flow in a real browser: the office publishes the agenda, seats the hall and shows the
registration QR; a member on a phone (390×844) registers, finds their seat, reads a material and
votes; the office opens and closes the vote."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.meetings import services
from lvzhi.meetings.models import MaterialRead, Registration, Vote

SHOTS = Path(__file__).resolve().parents[3] / "screenshots"
PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "Lvzhi-test-2026!")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")


@pytest.mark.browser
def test_a_member_registers_finds_their_seat_reads_and_votes(world, browser, page, login, live_server):
    SHOTS.mkdir(exist_ok=True)
    upload = SimpleUploadedFile("常委会工作报告.pdf", PDF, content_type="application/pdf")
    material = services.add_material(
        actor=world.staff, meeting=world.meeting, upload=upload, data={"title": "常委会工作报告", "internal": "1"}
    )
    vote = world.vote()
    login(world.staff)
    detail = f"{live_server.url}/meetings/{world.meeting.pk}/"

    # the office publishes the agenda and seats the hall by rule
    page.goto(detail)
    page.click("[data-testid=action-publish_agenda] summary")
    page.click("[data-testid=do-publish_agenda]")
    page.wait_for_selector("[data-testid=agenda-version] >> text=议程第1版")
    page.click("[data-testid=action-auto_seat] summary")
    page.select_option("[data-testid=action-auto_seat] select[name=room]", str(world.room.pk))
    page.click("[data-testid=do-auto_seat]")
    page.wait_for_selector("[data-testid=seating-chart] >> text=周敏")

    # the registration desk's QR code, opened on the member's phone
    page.click("[data-testid=open-qr]")
    page.wait_for_selector("[data-testid=qr] svg")
    url = page.get_attribute("[data-testid=register-url]", "href")
    phone_ctx = browser.new_context(locale="zh-CN", viewport=PHONE)
    phone = phone_ctx.new_page()
    sign_in(phone, live_server, world.p.member)
    phone.goto(url)
    phone.click("[data-testid=confirm-register]")
    phone.wait_for_selector("[data-testid=register-done]")
    assert Registration.objects.get(meeting=world.meeting, member=world.li).method == "qr"

    # finds their seat and reads the material
    phone.click("text=查看我的座位和会议材料")
    phone.wait_for_selector("[data-testid=my-seat] >> text=大礼堂 第1排 3座")
    with phone.expect_download() as download:
        phone.click("[data-testid=read-material]")
    assert Path(download.value.path()).read_bytes() == PDF
    assert MaterialRead.objects.filter(material=material, member=world.li).exists()

    # the office opens the vote; the member votes from the phone
    page.goto(detail + "#votes")
    page.click("[data-testid=action-open] summary")
    page.click("[data-testid=do-open]")
    page.wait_for_selector("[data-testid=vote-state] >> text=表决中")
    phone.goto(f"{live_server.url}/meetings/{world.meeting.pk}/me/")
    phone.click("[data-testid=vote-yes]")
    phone.wait_for_selector("[data-testid=my-choice] >> text=赞成")
    phone.screenshot(path=str(SHOTS / "meetings-mine-phone.png"), full_page=True)

    # and closes it: the result is there at once
    page.goto(detail + "#votes")
    page.click("[data-testid=action-close] summary")
    page.click("[data-testid=do-close]")
    page.wait_for_selector("[data-testid=vote-result]")
    vote.refresh_from_db()
    assert (vote.state, vote.yes_count, vote.voters_count) == ("closed", 1, 1)
    assert Vote.objects.get(pk=vote.pk).passed is False  # 1 of 5 registered: no quorum
    page.screenshot(path=str(SHOTS / "meetings-detail-desktop.png"), full_page=True)
    phone.goto(f"{live_server.url}/meetings/{world.meeting.pk}/me/")
    phone.wait_for_selector("[data-testid=my-vote-result]")
    # the live screen follows the arrivals by polling its JSON endpoint
    page.goto(f"{live_server.url}/meetings/{world.meeting.pk}/screen/")
    page.wait_for_selector("[data-live=registered] >> text=1")
    services.register_member(actor=world.staff, meeting=world.meeting, member=world.zhou.pk)
    page.wait_for_selector("[data-live=registered] >> text=2", timeout=20000)
    page.screenshot(path=str(SHOTS / "meetings-live-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.goto(detail)
    page.screenshot(path=str(SHOTS / "meetings-detail-phone.png"), full_page=True)
    phone.set_viewport_size({"width": 1280, "height": 800})
    phone.screenshot(path=str(SHOTS / "meetings-mine-desktop.png"), full_page=True)
    phone_ctx.close()
