"""The pages: who sees what, forms, exports, and query counts that do not grow with the rows."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.activities import services
from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Activity, Attendance


@pytest.fixture
def as_user(client):
    def _as(user):
        client.force_login(user)
        return client

    return _as


def test_staff_see_the_list_and_the_detail(world, as_user):
    world.invite_all()
    c = as_user(world.staff)
    assert world.activity.topic in c.get("/activities/").content.decode()
    page = c.get(f"/activities/{world.activity.pk}/").content.decode()
    assert "周敏" in page and "签到二维码" in page


def test_another_committees_staff_get_404(world, as_user):
    c = as_user(world.p.other_staff)
    for url in ("", "edit/", "invite/", "checkin/screen/", "attendance.xlsx", "signin-sheet/", "speeches/new/"):
        assert c.get(f"/activities/{world.activity.pk}/{url}").status_code == 404, url
    assert c.post(f"/activities/{world.activity.pk}/finish/").status_code == 404
    assert world.activity.topic not in c.get("/activities/").content.decode()


def test_units_and_administrators_see_nothing(world, as_user):
    for user in (world.p.unit_user, *world.p.admins):
        c = as_user(user)
        assert c.get("/activities/").status_code == 403
        assert c.get(f"/activities/{world.activity.pk}/").status_code == 403


def test_a_member_sees_their_own_invitation_only(world, as_user):
    world.invite_all()
    c = as_user(world.member)
    assert c.get("/activities/").status_code == 403  # the office's list is not for members
    page = c.get(f"/activities/{world.activity.pk}/").content.decode()
    assert "my-invitation" in page and "周敏" not in page  # their own row, not the other invitees
    assert c.get(f"/activities/{world.activity.pk}/invite/").status_code == 403
    assert c.get(f"/activities/{world.activity.pk}/attendance.xlsx").status_code == 403
    assert world.activity.topic in c.get("/activities/my/").content.decode()


def test_a_member_answers_on_the_my_page(world, as_user):
    world.invite_all()
    c = as_user(world.member)
    r = c.post(f"/activities/{world.activity.pk}/respond/", {"answer": "leave", "reason": "", "next": "my"})
    assert r.status_code == 302
    assert Attendance.objects.get(member=world.person).state == AttendanceState.INVITED  # no reason: refused
    c.post(f"/activities/{world.activity.pk}/respond/", {"answer": "leave", "reason": "出差", "next": "my"})
    assert Attendance.objects.get(member=world.person).state == AttendanceState.LEAVE_REQUESTED


def test_staff_create_an_activity_and_bad_input_writes_nothing(world, as_user):
    c = as_user(world.staff)
    count = Activity.objects.count()
    r = c.post(
        "/activities/new/",
        {
            "committee": world.p.wuwei.pk,
            "kind": "consultation",
            "subkind": "乱填",
            "topic": "x",
            "start": "2024-05-01T09:00",
        },
    )
    assert r.status_code == 200 and "不是该类别的子类" in r.content.decode()
    assert Activity.objects.count() == count
    r = c.post(
        "/activities/new/",
        {
            "committee": world.p.wuwei.pk,
            "kind": "consultation",
            "subkind": "界别",
            "topic": "界别协商",
            "start": "2024-05-01T09:00",
        },
    )
    assert r.status_code == 302 and Activity.objects.count() == count + 1


def test_the_checkin_screen_shows_an_inline_qr_code_and_the_phone_checks_in(world, as_user):
    world.invite_all()
    screen = as_user(world.staff).get(f"/activities/{world.activity.pk}/checkin/screen/").content.decode()
    assert "<svg" in screen and 'hx-trigger="every 30s"' in screen
    token, _ = services.make_checkin_token(world.activity)
    c = as_user(world.member)
    url = f"/activities/{world.activity.pk}/checkin/{token}/"
    assert "确认签到" in c.get(url).content.decode()
    assert "签到成功" in c.post(url).content.decode()
    assert "已签到" in c.post(url).content.decode()
    bad = c.post(f"/activities/{world.activity.pk}/checkin/forged:token/")
    assert bad.status_code == 422 and "二维码无效" in bad.content.decode()


def test_exports_are_real_xlsx(world, as_user):
    world.invite_all()
    c = as_user(world.staff)
    sheet = load_workbook(io.BytesIO(c.get(f"/activities/{world.activity.pk}/attendance.xlsx").content)).active
    assert sheet.max_row == 4 and sheet["A1"].value == "姓名"
    listing = load_workbook(io.BytesIO(c.get("/activities/?export=xlsx&kind=consultation").content)).active
    assert listing.max_row == 2
    assert "签到表" in c.get(f"/activities/{world.activity.pk}/signin-sheet/").content.decode()


def test_the_figures_page_and_its_drill_down(world, as_user):
    services.finish_activity(actor=world.staff, activity=world.activity)
    c = as_user(world.staff)
    assert c.get("/activities/figures/?period=cumulative").status_code == 200
    r = c.get("/activities/figures/?period=cumulative&figure=activities.consultations")
    assert world.activity.topic in r.content.decode()


def _grow(world, n):
    start = timezone.now() - datetime.timedelta(days=1)
    for i in range(n):
        activity = world.new_activity(topic=f"活动{i}", start=start + datetime.timedelta(minutes=i))
        world.invite_all(activity)


def test_a_busy_day_of_the_month_shows_its_first_four_and_how_many_more(world, as_user):
    """The month's cell of a day with six activities: the four earliest, "另 2 场" linking to that day's
    week, where all six are listed; a day with one shows it alone; a cancelled one counts nowhere."""
    shanghai = timezone.get_current_timezone()
    busy, quiet = datetime.date(2026, 3, 10), datetime.date(2026, 3, 12)
    for hour in (15, 9, 11, 8, 14, 10):
        world.new_activity(topic=f"忙日{hour:02d}点", start=datetime.datetime(2026, 3, 10, hour, tzinfo=shanghai))
    world.new_activity(topic="闲日活动", start=datetime.datetime(2026, 3, 12, 23, 30, tzinfo=shanghai))
    cancelled = world.new_activity(topic="取消的活动", start=datetime.datetime(2026, 3, 12, 8, tzinfo=shanghai))
    Activity.objects.filter(pk=cancelled.pk).update(state="cancelled")
    c = as_user(world.staff)
    response = c.get("/activities/calendar/?date=2026-03-01")
    cells = {d["date"]: d for d in response.context["days"]}
    assert [a.topic for a in cells[busy]["items"]] == ["忙日08点", "忙日09点", "忙日10点", "忙日11点"]
    assert cells[busy]["more"] == 2
    assert [a.topic for a in cells[quiet]["items"]] == ["闲日活动"] and cells[quiet]["more"] == 0
    page = response.content.decode()
    assert "另 2 场" in page and "忙日14点" not in page and "取消的活动" not in page
    week = c.get(f"/activities/calendar/?view=week&date={busy.isoformat()}").content.decode()
    assert all(f"忙日{hour:02d}点" in week for hour in (8, 9, 10, 11, 14, 15))


@pytest.mark.parametrize(
    "url", ["/activities/", "/activities/calendar/", "/activities/calendar/?view=week", "/activities/my/"]
)
def test_query_counts_do_not_grow_with_the_rows(world, as_user, url):
    user = world.member if url.endswith("my/") else world.staff
    c = as_user(user)
    _grow(world, 2)
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    _grow(world, 12)
    with CaptureQueriesContext(connection) as many:
        c.get(url)
    assert len(many) == len(few), url
