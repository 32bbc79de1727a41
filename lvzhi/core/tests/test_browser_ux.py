"""The office's daily tools in a real browser (issue 16):

- class 2: the searchable picker (pinyin initials, chips, keyboard) on a proposal's co-proposers and
  an activity's invitation, with its bulk choice by sector;
- class 7: the side menu grouped by module, the current section open, the others as the user left
  them after a reload, counts of pending work beside entries, breadcrumbs back to the filtered list;
- class 9: the projector's check-in page (no menus, the code, the title, the live count) and a phone
  that must log in first and is checked in without scanning again;
- class 11: the activity form shows the training and outreach fields for their kinds only, and its
  dates open a Chinese calendar whose weeks start on Monday.

Screenshots at 1280×800 and 390×844 go to screenshots/ux/ for review."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lvzhi.activities.factories import ActivityWorld
from lvzhi.activities.models import Activity, Attendance
from lvzhi.org.factories import make_member
from lvzhi.org.models import Sector
from lvzhi.proposals.factories import ProposalWorld
from lvzhi.proposals.models import Proposal

SHOTS = Path(__file__).resolve().parents[3] / "screenshots" / "ux"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def pick(page, field, typed, expected):
    """Type into a picker and choose the highlighted option with the keyboard."""
    control = page.locator(f"#id_{field}-ts-control")
    control.click()
    control.fill(typed)
    option = page.locator(f"#id_{field}-ts-dropdown .option.active")
    expect(option).to_have_text(expected)
    control.press("Enter")


@pytest.mark.browser
def test_co_proposers_are_found_by_their_pinyin_initials_and_shown_as_chips(personas, page, login, live_server):
    ProposalWorld(personas)
    make_member(personas.wuwei, "郑淑华")
    login(personas.member)
    page.goto(f"{live_server.url}/proposals/new/")
    page.select_option("select[name=kind]", "joint")
    pick(page, "coproposers", "zsh", "郑淑华")
    chips = page.locator("#id_coproposers + .ts-wrapper .item")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("郑淑华")
    chips.first.locator(".remove").click()  # the chip's remove button
    expect(chips).to_have_count(0)
    pick(page, "coproposers", "zhengshu", "郑淑华")
    expect(chips).to_have_count(1)
    shoot(page, "picker-coproposers-1280")
    selected = page.locator("select[name=coproposers] option:checked")
    expect(selected).to_have_count(1)
    expect(selected).to_have_text("郑淑华")


@pytest.mark.browser
def test_an_invitation_adds_a_whole_sector_at_once_and_sends_to_exactly_those(personas, page, login, live_server):
    world = ActivityWorld(personas)
    farming = Sector.objects.create(committee=personas.wuwei, name="农业界")
    farmers = [make_member(personas.wuwei, name, sector=farming) for name in ("马丽", "王强", "李静")]
    make_member(personas.wuwei, "赵一鸣")  # no sector: not added
    login(world.staff)
    page.goto(f"{live_server.url}/activities/{world.activity.pk}/invite/")
    page.locator("[data-bulk-kind=sector]").select_option(label="农业界")
    chips = page.locator("#id_members + .ts-wrapper .item")
    expect(chips).to_have_count(3)
    shoot(page, "picker-invite-1280")
    page.get_by_test_id("send-invites").click()
    page.wait_for_url(f"**/activities/{world.activity.pk}/")
    invited = set(Attendance.objects.filter(activity=world.activity).values_list("member_id", flat=True))
    assert {m.pk for m in farmers} <= invited
    assert not Attendance.objects.filter(activity=world.activity, member__name="赵一鸣").exists()


@pytest.mark.browser
def test_the_menu_keeps_the_current_section_open_remembers_the_others_and_counts_pending_work(
    personas, page, login, live_server
):
    world = ProposalWorld(personas)
    world.submitted(title="待审查的提案一")
    world.submitted(title="待审查的提案二")
    login(personas.staff)
    page.goto(f"{live_server.url}/proposals/review/?sort=-submitted_at")
    proposals = page.locator("[data-menu-section=proposals]")
    expect(proposals.locator(".collapse")).to_have_class("collapse show")
    expect(page.locator("[data-menu-entry='proposals:review']")).to_have_text("2")
    expect(page.locator("[data-menu-count=proposals]")).to_have_text("2")
    activities = page.locator("[data-menu-section=activities]")
    expect(activities.locator(".collapse")).not_to_have_class("collapse show")
    activities.locator(".sidemenu-heading").press("Enter")  # keyboard opens a section
    expect(activities.locator(".collapse")).to_have_class("collapse show")
    expect(activities.locator(".sidemenu-heading")).to_have_attribute("aria-expanded", "true")
    shoot(page, "menu-1280")
    page.reload()
    expect(activities.locator(".collapse")).to_have_class("collapse show")  # remembered
    expect(proposals.locator(".collapse")).to_have_class("collapse show")  # current
    # the breadcrumb leads back to the list the proposal was opened from, with its sort
    proposal = Proposal.objects.get(title="待审查的提案一")
    page.locator(f"a[href='/proposals/{proposal.pk}/']").first.click()
    page.wait_for_url(f"**/proposals/{proposal.pk}/")
    trail = page.locator("main .breadcrumb [data-trail] a")
    expect(trail).to_have_text("提案审查")
    expect(trail).to_have_attribute("href", "/proposals/review/?sort=-submitted_at")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/proposals/review/")
    page.get_by_role("button", name="菜单").click()
    expect(page.locator("#sidemenu [data-menu-entry='proposals:review']")).to_be_visible()
    expect(page.locator("#sidemenu")).to_have_class(re.compile(r"\bshow\b"))
    page.wait_for_timeout(400)  # the menu's slide-in, for the screenshot
    shoot(page, "menu-390")


@pytest.mark.browser
def test_the_projector_shows_the_code_alone_and_a_phone_that_logs_in_is_checked_in_without_a_new_scan(
    personas, browser, page, login, live_server
):
    world = ActivityWorld(personas)
    world.invite_all()
    login(world.staff)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server.url}/activities/{world.activity.pk}/checkin/screen/")
    expect(page.get_by_test_id("projector-title")).to_have_text(world.activity.topic)
    expect(page.locator("#sidemenu")).to_have_count(0)
    expect(page.locator("nav.navbar")).to_have_count(0)
    expect(page.get_by_test_id("checkin-count")).to_contain_text("已签到 0 / 3 人")
    qr = page.locator(".projector-qr svg").bounding_box()
    assert qr["height"] >= 600, qr  # large enough for the back of the room
    assert page.locator("body").bounding_box()["height"] <= 1080
    shoot(page, "checkin-projector-1920")
    url = page.get_by_test_id("checkin-url").get_attribute("href")
    phone = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    try:
        phone.goto(url)
        phone.wait_for_url("**/accounts/login/**")
        phone.fill("input[name=username]", world.member.username)
        phone.fill("input[name=password]", "Lvzhi-test-2026!")
        phone.click("main button[type=submit]")
        phone.wait_for_url(url)
        phone.get_by_test_id("confirm-checkin").click()
        expect(phone.get_by_test_id("checkin-result")).to_contain_text("签到成功")
        shoot(phone, "checkin-phone-390")
    finally:
        phone.context.close()
    page.wait_for_timeout(0)
    page.reload()
    expect(page.get_by_test_id("checkin-count")).to_contain_text("已签到 1 / 3 人")


@pytest.mark.browser
def test_the_activity_form_fits_its_kind_and_its_dates_use_a_chinese_calendar_from_monday(
    personas, page, login, live_server
):
    world = ActivityWorld(personas)
    login(world.staff)
    page.goto(f"{live_server.url}/activities/new/")
    partner, reached = page.locator("[data-show-for] #id_partner"), page.locator("#id_people_reached")
    page.select_option("select[name=kind]", "plenary")
    expect(partner).to_be_hidden()
    expect(reached).to_be_hidden()
    page.select_option("select[name=kind]", "training")
    expect(partner).to_be_visible()
    expect(reached).to_be_hidden()
    page.select_option("select[name=kind]", "grassroots")
    expect(partner).to_be_hidden()
    expect(reached).to_be_visible()
    page.locator("#id_start ~ button[aria-label='选择日期']").click()
    calendar = page.locator(".flatpickr-calendar.open")
    expect(calendar).to_be_visible()
    weekdays = calendar.locator(".flatpickr-weekday")
    expect(weekdays.first).to_have_text("周一")
    expect(weekdays.last).to_have_text("周日")
    expect(calendar.locator(".flatpickr-monthDropdown-months")).to_contain_text("十二月")
    shoot(page, "activity-form-calendar-1280")
    page.keyboard.press("Escape")
    start = timezone.localtime() + datetime.timedelta(days=3)
    page.fill("#id_topic", "乡村振兴基层协商议事会")
    page.fill("#id_start", start.strftime("%Y-%m-%dT09:00"))
    page.fill("#id_end", start.strftime("%Y-%m-%dT11:00"))
    page.fill("#id_people_reached", "80")
    page.click("main button[type=submit]")
    page.wait_for_url("**/activities/*/")
    saved = Activity.objects.get(topic="乡村振兴基层协商议事会")
    assert saved.people_reached == 80 and saved.kind == "grassroots"
    assert timezone.localtime(saved.start).strftime("%Y-%m-%d %H:%M") == start.strftime("%Y-%m-%d 09:00")
