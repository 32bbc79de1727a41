"""The main flow in a real browser: plan, invite, leave, QR check-in on a phone, speech, outcome, sheet."""

import datetime
import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Activity, Attendance, Outcome, Speech

SHOTS = Path(__file__).resolve().parents[3] / "screenshots"
PHONE = {"width": 390, "height": 844}


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "Lvzhi-test-2026!")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")


@pytest.mark.browser
def test_staff_plan_invite_approve_leave_and_a_phone_checks_in(world, browser, page, login, live_server):
    SHOTS.mkdir(exist_ok=True)
    Activity.objects.all().delete()
    login(world.staff)
    # staff create a consultation
    page.goto(f"{live_server.url}/activities/new/")
    page.select_option("select[name=kind]", "consultation")
    page.fill("input[name=subkind]", "双月")
    page.fill("input[name=topic]", "文旅融合发展双月协商座谈会")
    start = timezone.localtime() - datetime.timedelta(minutes=10)
    page.fill("input[name=start]", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=place]", "市政协三楼会议室")
    page.click("main button[type=submit]")
    page.wait_for_url("**/activities/*/")
    activity = Activity.objects.get()
    # and invite two members
    page.click("text=邀请委员")
    page.select_option("select[name=members]", [str(world.person.pk), str(world.person2.pk)])
    page.click("[data-testid=send-invites]")
    page.wait_for_selector("[data-testid=attendance-table] >> text=周敏")
    assert Attendance.objects.filter(activity=activity).count() == 2

    # one member asks leave on the phone-friendly "my activities" page
    member_ctx = browser.new_context(locale="zh-CN", viewport=PHONE)
    member_page = member_ctx.new_page()
    sign_in(member_page, live_server, world.member)
    member_page.goto(f"{live_server.url}/activities/my/")
    member_page.fill("[data-testid=invitation] input[name=reason]", "外出参加省政协培训")
    member_page.click("[data-testid=invitation] >> text=请假")
    member_page.wait_for_selector("[data-testid=my-state] >> text=请假待批")
    member_page.screenshot(path=str(SHOTS / "activities-my-phone.png"), full_page=True)
    member_ctx.close()

    # staff approve it
    page.goto(f"{live_server.url}/activities/{activity.pk}/")
    page.click("[data-testid=approve-leave]")
    page.wait_for_selector("[data-testid=attendance-table] >> text=已准假")
    assert Attendance.objects.get(member=world.person).state == AttendanceState.EXCUSED

    # the QR screen, and the other member's phone opens its URL
    page.click("[data-testid=open-checkin]")
    page.wait_for_selector("[data-testid=qr] svg")
    page.screenshot(path=str(SHOTS / "activities-checkin-screen-desktop.png"), full_page=True)
    url = page.get_attribute("[data-testid=checkin-url]", "href")
    phone_ctx = browser.new_context(locale="zh-CN", viewport=PHONE)
    phone = phone_ctx.new_page()
    sign_in(phone, live_server, world.member2)
    phone.goto(url)
    phone.click("[data-testid=confirm-checkin]")
    phone.wait_for_selector("[data-testid=checkin-result] >> text=签到成功")
    phone.screenshot(path=str(SHOTS / "activities-checkin-phone.png"), full_page=True)
    phone_ctx.close()
    assert Attendance.objects.get(member=world.person2).state == AttendanceState.PRESENT

    # staff record a speech and an outcome
    page.goto(f"{live_server.url}/activities/{activity.pk}/speeches/new/")
    page.select_option("select[name=member]", str(world.person2.pk))
    page.fill("input[name=title]", "关于打造文旅精品线路的建议")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=speeches] >> text=关于打造文旅精品线路的建议")
    page.goto(f"{live_server.url}/activities/{activity.pk}/outcomes/new/")
    page.fill("input[name=title]", "关于推进文旅融合发展的协商建议")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=outcome-state]")
    # its suggestions, pasted one per line with their numbering
    page.fill(
        "textarea[name=text]",
        "1. 建议打造河西走廊文旅精品线路。\n2、建议完善景区交通接驳。\n\n（三）建议培育文旅融合新业态。",
    )
    page.click("[data-testid=add-suggestions]")
    page.wait_for_selector("[data-testid=suggestion-count] >> text=3")
    outcome = Outcome.objects.get()
    assert Speech.objects.count() == 1 and list(outcome.suggestions.values_list("text", flat=True)) == [
        "建议打造河西走廊文旅精品线路。",
        "建议完善景区交通接驳。",
        "建议培育文旅融合新业态。",
    ]

    # the attendance sheet downloads
    page.goto(f"{live_server.url}/activities/{activity.pk}/")
    page.screenshot(path=str(SHOTS / "activities-detail-desktop.png"), full_page=True)
    with page.expect_download() as download:
        page.click("[data-testid=attendance-sheet]")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    states = {row[0]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert states == {"李明": "已准假", "周敏": "已签到"}
    page.goto(f"{live_server.url}/activities/calendar/")
    page.screenshot(path=str(SHOTS / "activities-calendar-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/activities/")
    page.screenshot(path=str(SHOTS / "activities-list-phone.png"), full_page=True)
