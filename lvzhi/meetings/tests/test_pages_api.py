"""The meeting pages and API: who sees what (404 outside scope), the action tables from both
routes, the JSON error bodies, the OpenAPI document against real answers, and query counts that do
not grow with the rows."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.accounts.choices import Role
from lvzhi.activities import services as activity_services
from lvzhi.core.api import openapi_mismatches
from lvzhi.meetings import services
from lvzhi.meetings.models import MaterialRead, Participation, Registration, Vote
from lvzhi.org.factories import make_member, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def api(client):
    def call(user, method, path, body=None):
        client.logout()
        if user is not None:
            client.force_login(user)
        client.handler.enforce_csrf_checks = False
        kwargs = {"content_type": "application/json"}
        if body is not None:
            kwargs["data"] = json.dumps(body)
        response = getattr(client, method)(f"/api/v1{path}", **kwargs)
        return response.status_code, (response.json() if response.content else None)

    return call


def test_who_sees_a_meeting(world, api):
    path = f"/meetings/{world.meeting.pk}"
    assert api(None, "get", path)[0] == 401
    assert api(world.p.member, "get", path)[0] == 200
    assert api(world.p.other_staff, "get", path)[0] == 404
    assert api(world.p.leader, "get", path)[0] == 200
    for user in (world.p.unit_user, world.p.sysadmin, world.p.auditor):
        assert api(user, "get", path)[0] == 403
    stranger = make_member(world.p.wuwei, "钱多")
    uninvited = make_user("uninvited", roles=[Role.MEMBER], committee=world.p.wuwei, member=stranger)
    assert api(uninvited, "get", path)[0] == 404


def test_the_api_runs_the_action_tables_with_the_documented_errors(world, api, client):
    document = client.get("/api/v1/openapi.json").json()
    m = world.meeting.pk
    checks = [
        (
            world.staff,
            "post",
            "/api/v1/meetings/{pk}/publish_agenda",
            f"/meetings/{m}/publish_agenda",
            {"note": ""},
            200,
        ),
        (world.p.member, "post", "/api/v1/meetings/{pk}/publish_agenda", f"/meetings/{m}/publish_agenda", {}, 403),
        (world.p.other_staff, "post", "/api/v1/meetings/{pk}/register", f"/meetings/{m}/register", {"member": 1}, 404),
        (
            world.staff,
            "post",
            "/api/v1/meetings/{pk}/register_bulk",
            f"/meetings/{m}/register_bulk",
            {"members": [p.pk for p in world.people]},
            200,
        ),
        (
            world.staff,
            "post",
            "/api/v1/meetings/{pk}/add_item",
            f"/meetings/{m}/add_item",
            {"day": "1900-01-01", "starts_at": "09:00", "title": "x"},
            422,
        ),
        (
            world.staff,
            "post",
            "/api/v1/meetings/{pk}/auto_seat",
            f"/meetings/{m}/auto_seat",
            {"room": world.room.pk},
            200,
        ),
        (
            world.staff,
            "post",
            "/api/v1/meetings/{pk}/add_vote",
            f"/meetings/{m}/add_vote",
            {"agenda_item": world.item2.pk, "title": "决议", "mode": "anonymous"},
            200,
        ),
        (world.staff, "get", "/api/v1/meetings/{id}/roster", f"/meetings/{m}/roster?q=zm", None, 200),
        (world.staff, "get", "/api/v1/meetings/", "/meetings/", None, 200),
    ]
    for user, method, template, path, body, expected in checks:
        status, answer = api(user, method, path, body)
        assert status == expected, (path, status, answer)
        assert openapi_mismatches(document, method, template, status, answer) == [], (template, status, answer)
    vote = Vote.objects.get(meeting=world.meeting)
    v = vote.pk
    vote_checks = [
        (world.p.member, "open", {}, 403),
        (world.staff, "open", {}, 200),
        (world.staff, "open", {}, 409),
        (world.p.member, "cast", {"choice": "maybe"}, 422),
        (world.p.member, "cast", {"choice": "yes"}, 200),
        (world.p.member, "cast", {"choice": "no"}, 409),
        (world.staff, "paper", {"member": world.zhou.pk, "choice": "no"}, 200),
        (world.staff, "close", {}, 200),
    ]
    for user, action, body, expected in vote_checks:
        status, answer = api(user, "post", f"/meetings/votes/{v}/{action}", body)
        assert status == expected, (action, status, answer)
        template = f"/api/v1/meetings/votes/{{pk}}/{action}"
        assert openapi_mismatches(document, "post", template, status, answer) == [], (action, answer)
    status, answer = api(world.p.member, "get", f"/meetings/votes/{v}")
    assert answer["voted"] is True and answer["my_choice"] == "" and answer["state"] == "closed"
    assert (answer["yes_count"], answer["no_count"]) == (1, 1)
    assert Participation.objects.filter(vote=vote).count() == 2
    detail = api(world.p.member, "get", f"/meetings/{m}")[1]
    assert detail["my_seat"]["row"] == 1 and detail["agenda_version"] == 1


def test_materials_over_the_api_are_for_attendees(world, client, api):
    client.force_login(world.staff)
    upload = SimpleUploadedFile("议程说明.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/api/v1/meetings/{world.meeting.pk}/materials", {"file": upload, "title": "说明"})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    status, answer = api(world.p.member, "post", f"/meetings/materials/{pk}/read", {})
    assert status == 200 and answer["read_by_me"] is True
    assert api(world.p.other_staff, "get", f"/meetings/materials/{pk}")[0] == 404
    assert api(world.staff, "get", f"/meetings/materials/{pk}")[1]["reads"] == 1


def test_the_phone_page_shows_my_seat_and_the_vote_and_reading_downloads_the_file(world, client):
    world.register_all()
    services.auto_seat(actor=world.staff, meeting=world.meeting, room=world.room.pk)
    services.publish_agenda(actor=world.staff, meeting=world.meeting)
    upload = SimpleUploadedFile("报告.pdf", PDF, content_type="application/pdf")
    material = services.add_material(actor=world.staff, meeting=world.meeting, upload=upload, data={"internal": "1"})
    vote = world.vote()
    services.open_vote(actor=world.staff, vote=vote)
    client.force_login(world.p.member)
    page = client.get(f"/meetings/{world.meeting.pk}/me/").content.decode()
    assert "大礼堂 第1排 3座" in page and "内部资料" in page and "开幕会" in page
    assert 'data-testid="vote-yes"' in page
    response = client.post(f"/meetings/materials/{material.pk}/read/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert MaterialRead.objects.filter(material=material, member=world.li).exists()
    client.post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "yes"})
    assert services.my_choice(vote, world.li.pk) == "yes"
    # the office's page is not the member's: they are sent to their own
    assert client.get(f"/meetings/{world.meeting.pk}/").url.endswith("/me/")


def test_the_phone_page_reads_my_registration_invitation_and_the_published_minutes_with_the_meeting(world, client):
    mine = f"/meetings/{world.meeting.pk}/me/"
    client.force_login(world.p.member)

    def page():
        with CaptureQueriesContext(connection) as queries:
            body = client.get(mine).content.decode()
        return body, len(queries)

    invited, n = page()  # invited, not registered, no minutes
    assert "尚未报到" in invited and "已邀请" in invited and 'data-testid="open-archive"' not in invited
    services.register_member(
        actor=world.staff, meeting=world.meeting, member=world.li, lodging={"hotel": "凉州宾馆", "room": "302"}
    )
    minutes = services.draft_minutes(actor=world.staff, meeting=world.meeting)
    registered, _n = page()
    assert "已报到" in registered and "凉州宾馆 302" in registered
    assert 'data-testid="open-archive"' not in registered  # a draft is the office's
    services.approve_minutes(actor=world.staff2, minutes=minutes)
    services.publish_minutes(actor=world.staff, minutes=minutes)
    published, m = page()
    assert 'data-testid="open-archive"' in published and minutes.title in published
    assert m == n  # read with the meeting, present or not
    client.force_login(world.user(world.wang))  # another attendee: their own invitation, not 李明's registration
    other, _n = page()
    assert "尚未报到" in other and "已邀请" in other and "凉州宾馆" not in other
    assert 'data-testid="open-archive"' in other


def test_the_office_page_runs_the_actions_and_shows_the_roster(world, client):
    client.force_login(world.staff)
    response = client.post(
        f"/meetings/{world.meeting.pk}/register/",
        {"member": world.wang.pk, "hotel": "凉州宾馆", "room": "", "meal_note": "清真"},
    )
    assert response.status_code == 302
    reg = Registration.objects.get(member=world.wang)
    assert (reg.hotel, reg.meal_note) == ("凉州宾馆", "清真")
    page = client.get(f"/meetings/{world.meeting.pk}/?q=wh").content.decode()
    assert "王海" in page and "周敏" not in page.split('id="registration"')[1].split('id="seating"')[0]
    bad = client.post(f"/meetings/{world.meeting.pk}/add_room/", {"name": "", "rows": "0", "seats_per_row": "2"})
    assert bad.status_code == 302  # back to the page with the refusal as a message


def test_the_office_page_costs_the_same_queries_for_more_rows(world, client, django_assert_max_num_queries):
    def grow(n):
        people = [make_member(world.p.wuwei, f"新委员{n}{i}", sector=world.education) for i in range(n)]
        activity_services.invite(actor=world.staff, activity=world.activity, values=[p.pk for p in people])
        services.register_bulk(actor=world.staff, meeting=world.meeting, members=[p.pk for p in people])
        services.create_group(
            actor=world.staff, meeting=world.meeting, data={"name": f"组{n}", "members": [p.pk for p in people]}
        )
        room = services.add_room(
            actor=world.staff, meeting=world.meeting, data={"name": f"厅{n}", "rows": 10, "seats_per_row": 10}
        )
        services.auto_seat(actor=world.staff, meeting=world.meeting, room=room.pk)
        world.vote(title=f"表决{n}")

    client.force_login(world.staff)
    grow(2)
    # 40 before the plenary sections; speakers, elections, speeches, minutes and their forms add 10
    with django_assert_max_num_queries(50) as small:
        assert client.get(f"/meetings/{world.meeting.pk}/").status_code == 200
    grow(20)
    with django_assert_max_num_queries(len(small.captured_queries) + 6):
        assert client.get(f"/meetings/{world.meeting.pk}/").status_code == 200


def test_staff_set_up_a_meeting_from_the_list(world, client):
    client.force_login(world.staff)
    other = activity_services.create_activity(
        actor=world.staff,
        committee=world.p.wuwei,
        data={"kind": "standing_committee", "topic": "常委会第十次会议", "start": world.activity.start},
    )
    page = client.get("/meetings/").content.decode()
    assert "常委会第十次会议" in page
    response = client.post("/meetings/", {"activity": other.pk})
    assert response.status_code == 302
    assert other.meeting.pk


def test_the_live_screen_shows_progress_while_open_and_the_result_once_closed(
    world, api, client, django_assert_max_num_queries
):
    world.register_all()
    vote = world.vote(mode="anonymous")
    services.open_vote(actor=world.staff, vote=vote)
    services.cast_vote(actor=world.p.member, vote=vote, choice="no")
    document = client.get("/api/v1/openapi.json").json()
    client.force_login(world.staff)
    with django_assert_max_num_queries(16):
        response = client.get(f"/api/v1/meetings/{world.meeting.pk}/live")
    state = response.json()
    assert openapi_mismatches(document, "get", "/api/v1/meetings/{id}/live", 200, state) == []
    assert (state["registered"], state["invited"]) == (5, 5)
    assert state["votes"] == [
        {
            "id": vote.pk,
            "title": vote.title,
            "state": "open",
            "state_label": "表决中",
            "voters": 1,
            "yes": None,
            "no": None,
            "abstain": None,
            "passed": None,
            "decision": None,
        }
    ]
    services.close_vote(actor=world.staff, vote=vote)
    state = client.get(f"/api/v1/meetings/{world.meeting.pk}/live").json()
    assert state["votes"][0]["no"] == 1 and state["votes"][0]["decision"]
    page = client.get(f"/meetings/{world.meeting.pk}/screen/")
    assert page.status_code == 200 and f"/api/v1/meetings/{world.meeting.pk}/live" in page.content.decode()
    assert api(world.p.other_staff, "get", f"/meetings/{world.meeting.pk}/live")[0] == 404
    client.force_login(world.p.member)
    assert client.get(f"/meetings/{world.meeting.pk}/screen/").status_code == 403


def test_a_member_finds_their_meeting_on_the_home_page_with_its_open_vote(world, client):
    vote = world.vote()
    services.open_vote(actor=world.staff, vote=vote)
    client.force_login(world.p.member)
    page = client.get("/").content.decode()
    assert f"/meetings/{world.meeting.pk}/me/" in page and "表决中" in page
    client.force_login(world.staff)  # the office is no attendee: no panel
    assert f"/meetings/{world.meeting.pk}/me/" not in client.get("/").content.decode()


def test_the_registration_link_of_another_committees_meeting_is_404_without_its_code(world, client):
    token, _expires = activity_services.make_checkin_token(world.activity)
    path = f"/meetings/{world.meeting.pk}/register/forged/"
    client.force_login(world.p.other_staff)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    client.force_login(world.p.member)  # invited: the page says the code is wrong
    assert client.get(path).status_code == 422
    response = client.post(f"/meetings/{world.meeting.pk}/register/{token}/")
    assert response.status_code == 200 and "报到成功" in response.content.decode()
