"""The main flow in a real browser: the office publishes the agenda, seats the hall and shows the
registration QR; a member on a phone (390×844) registers, finds their seat, reads a material, asks
to speak, votes and casts an election ballot while the live screen (a page of its own) shows each
change; the office runs the speaker, the vote and the election, and a second officer confirms the
count."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.meetings import selectors, services
from lvzhi.meetings.models import Candidate, Election, MaterialRead, Registration, SpeakerRequest, Vote

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

    # the live screen, in a page of its own, follows everything that happens from here on
    screen = page.context.new_page()
    screen.set_viewport_size({"width": 1920, "height": 1080})
    screen.goto(f"{live_server.url}/meetings/{world.meeting.pk}/screen/")
    screen.wait_for_selector("[data-live=registered] >> text=1")

    # the member asks to speak; the office starts the speaker; the screen shows name and timer
    # on the agenda item under way (the screen's queue is that item's: the morning's 开幕会 from 09:00
    # to 15:00 China time, the afternoon's item after), or the afternoon's before the day begins
    current = selectors.live_state(world.meeting)["current"]
    item = current["id"] if current else world.item2.pk
    phone.goto(f"{live_server.url}/meetings/{world.meeting.pk}/me/#speakers")
    phone.select_option("[data-testid=speak-form] select[name=agenda_item]", str(item))
    phone.click("[data-testid=request-speak]")
    phone.wait_for_selector("[data-testid=my-speaker] >> text=等候发言")
    screen.wait_for_selector("[data-live=queue] >> text=李明", timeout=5000)
    page.goto(detail + "#speakers")
    page.click("[data-testid=speaker-start]")
    page.wait_for_selector("[data-testid=speaker-state] >> text=正在发言")
    screen.wait_for_selector("[data-live=speaker] >> text=李明", timeout=5000)
    screen.wait_for_selector("[data-live=timer] >> text=/00:0[1-9]/", timeout=5000)
    assert SpeakerRequest.objects.get(member=world.li).state == "speaking"

    # the office opens the vote; the member votes from the phone; the screen counts it
    page.goto(detail + "#votes")
    page.click("[data-testid=action-open] summary")
    page.click("[data-testid=do-open]")
    page.wait_for_selector("[data-testid=vote-state] >> text=表决中")
    phone.goto(f"{live_server.url}/meetings/{world.meeting.pk}/me/")
    phone.click("[data-testid=vote-yes]")
    phone.wait_for_selector("[data-testid=my-choice] >> text=赞成")
    screen.wait_for_selector(f"[data-vote='{vote.pk}'] >> text=已表决 1", timeout=5000)
    phone.screenshot(path=str(SHOTS / "meetings-mine-phone.png"), full_page=True)

    # and closes it: the result is there at once, on the page and on the screen
    page.goto(detail + "#votes")
    page.click("[data-testid=action-close] summary")
    page.click("[data-testid=do-close]")
    page.wait_for_selector("[data-testid=vote-result]")
    vote.refresh_from_db()
    assert (vote.state, vote.yes_count, vote.voters_count) == ("closed", 1, 1)
    assert Vote.objects.get(pk=vote.pk).passed is False  # 1 of 5 registered: no quorum
    screen.wait_for_selector(f"[data-vote='{vote.pk}'] >> text=表决无效", timeout=5000)
    page.screenshot(path=str(SHOTS / "meetings-detail-desktop.png"), full_page=True)
    phone.goto(f"{live_server.url}/meetings/{world.meeting.pk}/me/")
    phone.wait_for_selector("[data-testid=my-vote-result]")

    # the election: the office opens it, the member ballots by phone, the office closes it and
    # enters the paper count, a second officer confirms it
    election = world.election(candidates=[world.zhou, world.wang])
    page.goto(detail)  # a full load: from detail#votes, "#elections" alone would only scroll
    page.click("[data-testid=election] [data-testid=action-open] summary")
    page.click("[data-testid=election] [data-testid=do-open]")
    page.wait_for_selector("[data-testid=election-state] >> text=投票中")
    phone.goto(f"{live_server.url}/meetings/{world.meeting.pk}/me/?open=elections")  # a full load
    zhou = Candidate.objects.get(election=election, member=world.zhou)
    phone.check(f"[data-testid=my-election] input[name=candidates][value='{zhou.pk}']")
    phone.click("[data-testid=cast-ballot]")
    phone.wait_for_selector("[data-testid=election-cast]")
    screen.wait_for_selector(f"[data-election='{election.pk}'] >> text=已投票 1", timeout=5000)
    page.goto(detail)
    page.click("[data-testid=election] [data-testid=action-close] summary")
    page.click("[data-testid=election] [data-testid=do-close]")
    page.wait_for_selector("[data-testid=election-state] >> text=计票中")
    page.click("[data-testid=election] [data-testid=action-enter] summary")
    page.click("[data-testid=election] [data-testid=do-enter]")
    page.wait_for_selector("[data-testid=election-state] >> text=待复核")
    assert not page.locator("[data-testid=election] [data-testid=action-confirm]").count()  # not by the same officer
    second = browser.new_context(locale="zh-CN")
    other = second.new_page()
    sign_in(other, live_server, world.staff2)
    other.goto(detail + "#elections")
    other.click("[data-testid=election] [data-testid=action-confirm] summary")
    other.on("dialog", lambda dialog: dialog.accept())
    other.click("[data-testid=election] [data-testid=do-confirm]")
    other.wait_for_selector("[data-testid=election-result] >> text=当选：周敏")
    assert Election.objects.get(pk=election.pk).confirmed_by == world.staff2
    screen.wait_for_selector(f"[data-election='{election.pk}'] >> text=当选：周敏", timeout=5000)
    second.close()

    # the screen fits 16:9 and 4:3 without scrolling, in the dark and the light theme
    for size, theme in (((1920, 1080), "dark"), ((1024, 768), "light")):
        screen.set_viewport_size({"width": size[0], "height": size[1]})
        screen.goto(f"{live_server.url}/meetings/{world.meeting.pk}/screen/?theme={theme}")
        screen.wait_for_selector("[data-live=speaker] >> text=李明")
        for area in (".live-now", ".live-speaker", ".live-count", ".live-votes"):
            box = screen.locator(area).bounding_box()
            assert box["y"] + box["height"] <= size[1] + 1, (area, size)
        screen.screenshot(path=str(SHOTS / f"meetings-live-{theme}-{size[0]}x{size[1]}.png"))
    services.register_member(actor=world.staff, meeting=world.meeting, member=world.zhou.pk)
    screen.wait_for_selector("[data-live=registered] >> text=2", timeout=5000)
    page.set_viewport_size(PHONE)
    page.goto(detail)
    page.screenshot(path=str(SHOTS / "meetings-detail-phone.png"), full_page=True)
    phone.set_viewport_size({"width": 1280, "height": 800})
    phone.screenshot(path=str(SHOTS / "meetings-mine-desktop.png"), full_page=True)
    phone_ctx.close()
