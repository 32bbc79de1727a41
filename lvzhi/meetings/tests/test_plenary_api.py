"""The plenary's parts through the API and the pages: speeches, speakers, elections, minutes and
the archive; who sees what, the documented errors, the OpenAPI document against real answers,
the documents (booklet, ballot sheets) opened as the files they are, and query counts."""

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from lvzhi.core.api import openapi_mismatches
from lvzhi.meetings import services
from lvzhi.meetings.models import Candidate, PlenarySpeech, SpeakerRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def call(user, method, path, body=None):
        client.logout()
        if user is not None:
            client.force_login(user)
        kwargs = {"content_type": "application/json"}
        if body is not None:
            kwargs["data"] = json.dumps(body)
        response = getattr(client, method)(f"/api/v1{path}", **kwargs)
        return response.status_code, (response.json() if response.content else None)

    return call


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def test_speeches_through_the_api_member_submits_office_reviews_others_see_nothing(world, api, document):
    status, body = api(
        world.p.member, "post", "/plenary-speeches/", {"meeting": world.meeting.pk, "title": "建议", "text": "正文"}
    )
    assert status == 201 and body["state"] == "submitted" and body["member"]["id"] == world.li.pk
    assert openapi_mismatches(document, "post", "/api/v1/plenary-speeches/", 201, body) == []
    pk = body["id"]
    assert (
        api(world.p.member, "post", "/plenary-speeches/", {"meeting": world.meeting.pk, "title": "", "text": ""})[0]
        == 422
    )
    status, listed = api(world.user(world.wang), "get", "/plenary-speeches/")
    assert status == 200 and listed["count"] == 0  # another member sees only their own
    assert api(world.p.other_staff, "get", f"/plenary-speeches/{pk}")[0] == 404
    assert api(world.p.member, "post", f"/plenary-speeches/{pk}/adopt_oral", {})[0] == 403
    status, body = api(world.staff, "post", f"/plenary-speeches/{pk}/adopt_written", {"note": "编入汇编"})
    assert status == 200 and body["state"] == "written" and body["timeline"][-1]["to"] == "written"
    assert openapi_mismatches(document, "post", "/api/v1/plenary-speeches/{pk}/adopt_written", 200, body) == []
    assert api(world.staff, "post", f"/plenary-speeches/{pk}/reject", {})[0] == 409
    status, listed = api(world.staff, "get", f"/plenary-speeches/?meeting={world.meeting.pk}&state=written")
    assert status == 200 and [s["id"] for s in listed["items"]] == [pk]
    assert openapi_mismatches(document, "get", "/api/v1/plenary-speeches/", 200, listed) == []


def test_speech_pages_submit_list_and_compile_the_booklet(world, client, django_assert_max_num_queries):
    client.force_login(world.p.member)
    form = client.get(f"/meetings/{world.meeting.pk}/speeches/new/")
    assert form.status_code == 200 and "中国民主同盟" in form.content.decode()  # the member's own party
    bad = client.post(f"/meetings/{world.meeting.pk}/speeches/new/", {"title": "", "text": ""})
    assert bad.status_code == 422 and not PlenarySpeech.objects.exists()
    done = client.post(f"/meetings/{world.meeting.pk}/speeches/new/", {"title": "教育发言", "text": "正文"})
    assert done.status_code == 302
    speech = PlenarySpeech.objects.get()
    client.force_login(world.staff)
    client.post(f"/meetings/speeches/{speech.pk}/adopt_oral/", {"note": ""})
    for i in range(3):
        services.submit_speech(
            actor=world.staff, meeting=world.meeting, data={"title": f"稿{i}", "text": "x", "member": world.wang.pk}
        )
    with django_assert_max_num_queries(30) as few:
        assert client.get(f"/meetings/speeches/?meeting={world.meeting.pk}").status_code == 200
    for i in range(10):
        services.submit_speech(
            actor=world.staff, meeting=world.meeting, data={"title": f"再{i}", "text": "x", "member": world.zhao.pk}
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/meetings/speeches/?meeting={world.meeting.pk}").status_code == 200
    export = client.get(f"/meetings/speeches/?meeting={world.meeting.pk}&state=oral&format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:2] == ["题目", "作者"] and sheet.cell(2, 1).value == "教育发言"
    assert sheet.max_row == 2  # the filter holds: the one oral speech
    booklet = client.get(f"/meetings/{world.meeting.pk}/speeches.docx")
    paragraphs = [p.text for p in Document(io.BytesIO(booklet.content)).paragraphs]
    assert "教育发言" in paragraphs and "稿0" not in paragraphs
    client.force_login(world.p.member)
    assert client.get(f"/meetings/{world.meeting.pk}/speeches.docx").status_code == 403


def test_speakers_through_the_api_and_on_the_live_screen(world, api, document, client, django_assert_max_num_queries):
    world.register_all()
    path = f"/meetings/{world.meeting.pk}/speakers"
    status, body = api(world.p.member, "post", path, {"agenda_item": world.item.pk})
    assert status == 201 and body["state"] == "waiting"
    assert openapi_mismatches(document, "post", "/api/v1/meetings/{id}/speakers", 201, body) == []
    assert api(world.p.member, "post", path, {"agenda_item": world.item.pk})[0] == 409
    api(world.user(world.wang), "post", path, {"agenda_item": world.item.pk})
    assert api(world.p.member, "post", f"/meetings/speakers/{body['id']}/start", {})[0] == 403
    status, started = api(world.staff, "post", f"/meetings/speakers/{body['id']}/start", {})
    assert status == 200 and started["state"] == "speaking" and started["started_at"]
    status, rows = api(world.p.member, "get", path)
    assert status == 200 and [r["state"] for r in rows] == ["speaking", "waiting"]
    assert openapi_mismatches(document, "get", "/api/v1/meetings/{id}/speakers", 200, rows) == []
    client.force_login(world.staff)
    live = f"/api/v1/meetings/{world.meeting.pk}/live"
    with django_assert_max_num_queries(20) as few:
        state = client.get(live).json()
    assert state["speaking"]["name"] == "李明" and [s["name"] for s in state["queue"]] == ["王海"]
    assert openapi_mismatches(document, "get", "/api/v1/meetings/{id}/live", 200, state) == []
    for person in (world.zhou, world.zhao, world.ding):
        services.request_to_speak(actor=world.user(person), meeting=world.meeting, data={"agenda_item": world.item.pk})
    services.create_election(
        actor=world.staff,
        meeting=world.meeting,
        data={"agenda_item": world.item.pk, "title": "选举", "seats": 1, "candidates": [world.zhou.pk]},
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(live).json()["queue"]) == 4


def test_an_election_through_the_api_needs_two_officers(world, api, document, client):
    world.register_all()
    status, _ = api(
        world.staff,
        "post",
        f"/meetings/{world.meeting.pk}/add_election",
        {"agenda_item": world.item.pk, "title": "选举秘书长", "seats": 1, "candidates": [world.zhou.pk, world.wang.pk]},
    )
    assert status == 200
    status, elections = api(world.p.member, "get", f"/meetings/{world.meeting.pk}/elections")
    assert status == 200 and elections[0]["kind"] == "competitive" and elections[0]["results"] == []
    assert openapi_mismatches(document, "get", "/api/v1/meetings/{id}/elections", 200, elections) == []
    pk = elections[0]["id"]
    zhou = Candidate.objects.get(election_id=pk, member=world.zhou).pk
    api(world.staff, "post", f"/meetings/elections/{pk}/open", {})
    for person in (world.li, world.zhou, world.wang):
        status, body = api(world.user(person), "post", f"/meetings/elections/{pk}/cast", {"candidates": [zhou]})
        assert status == 200 and body["cast_by_me"] is True
    assert api(world.p.member, "post", f"/meetings/elections/{pk}/cast", {"candidates": [zhou]})[0] == 409
    assert api(world.p.member, "post", f"/meetings/elections/{pk}/cast", {"write_ins": ["钱七"]})[0] == 422
    api(world.staff, "post", f"/meetings/elections/{pk}/close", {})
    status, body = api(world.staff, "post", f"/meetings/elections/{pk}/enter", {"paper_issued": 2, "paper_returned": 2})
    assert status == 200 and body["state"] == "entered"
    assert api(world.staff, "post", f"/meetings/elections/{pk}/confirm", {})[0] == 403
    status, body = api(world.staff2, "post", f"/meetings/elections/{pk}/confirm", {})
    assert status == 200 and body["state"] == "confirmed" and "当选：周敏" in body["decision"]
    assert openapi_mismatches(document, "post", "/api/v1/meetings/elections/{pk}/confirm", 200, body) == []
    assert api(world.staff2, "post", f"/meetings/elections/{pk}/confirm", {})[0] == 409
    client.force_login(world.staff)
    sheets = client.get(f"/meetings/elections/{pk}/ballots.docx?copies=3")
    doc = Document(io.BytesIO(sheets.content))
    assert len(doc.tables) == 3 and doc.tables[0].cell(0, 0).text == "周敏"
    client.force_login(world.p.member)
    assert client.get(f"/meetings/elections/{pk}/ballots.docx").status_code == 403


def test_minutes_through_the_api_and_the_archive(world, api, document, client, django_capture_on_commit_callbacks):
    path = f"/meetings/{world.meeting.pk}/minutes"
    assert api(world.staff, "post", f"/meetings/{world.meeting.pk}/draft_minutes", {})[0] == 200
    status, minutes = api(world.staff, "get", path)
    assert status == 200 and minutes["state"] == "draft" and "一、议程" in minutes["text"]
    assert openapi_mismatches(document, "get", "/api/v1/meetings/{id}/minutes", 200, minutes) == []
    status, hidden = api(world.p.member, "get", path)
    assert status == 200 and hidden["text"] == "" and hidden["id"] is None  # not yet published
    assert api(world.p.member, "post", f"/meetings/minutes/{minutes['id']}/approve", {})[0] == 404
    status, edited = api(world.staff, "post", f"/meetings/minutes/{minutes['id']}/edit", {"text": "会议纪要正文"})
    assert status == 200 and edited["text"] == "会议纪要正文"
    assert api(world.staff, "post", f"/meetings/minutes/{minutes['id']}/approve", {})[0] == 403
    assert api(world.p.leader, "post", f"/meetings/minutes/{minutes['id']}/approve", {})[0] == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert api(world.staff, "post", f"/meetings/minutes/{minutes['id']}/publish", {})[0] == 200
    status, shown = api(world.p.member, "get", path)
    assert status == 200 and shown["text"] == "会议纪要正文"
    client.force_login(world.p.member)
    archive = client.get(f"/meetings/{world.meeting.pk}/archive/").content.decode()
    assert "会议纪要正文" in archive
    client.force_login(world.staff)
    docx = client.get(f"/meetings/{world.meeting.pk}/minutes.docx")
    assert "会议纪要正文" in [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    client.force_login(world.p.other_staff)
    assert client.get(f"/meetings/{world.meeting.pk}/archive/").status_code == 404


def test_the_phone_page_asks_to_speak_and_shows_the_speakers_state(world, client):
    world.register_all()
    client.force_login(world.p.member)
    response = client.post(f"/meetings/{world.meeting.pk}/speakers/add/", {"agenda_item": world.item.pk})
    assert response.status_code == 302
    assert SpeakerRequest.objects.get(member=world.li).state == "waiting"
    page = client.get(f"/meetings/{world.meeting.pk}/me/").content.decode()
    assert "等候发言" in page and 'data-testid="speak-form"' in page


def test_the_speech_list_reads_a_page_in_a_fixed_number_of_queries(world, api):
    """Each listed speech with its versions and timeline, read for the page at once: one speech or
    five, the same statements."""

    def submit(n):
        for i in range(n):
            body = {"meeting": world.meeting.pk, "title": f"建议{i}", "text": "正文"}
            assert api(world.p.member, "post", "/plenary-speeches/", body)[0] == 201

    def listed_with_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            status, listed = api(world.staff, "get", "/plenary-speeches/")
        assert status == 200
        return listed, len(queries)

    submit(1)
    one, few = listed_with_queries()
    submit(4)
    five, more = listed_with_queries()
    assert one["count"] == 1 and five["count"] == 5
    pk = five["items"][0]["id"]
    assert api(world.staff, "post", f"/plenary-speeches/{pk}/adopt_written", {"note": "编入汇编"})[0] == 200
    five, more = listed_with_queries()
    for item in five["items"]:  # as each speech's own page shows it
        assert item == api(world.staff, "get", f"/plenary-speeches/{item['id']}")[1]
    assert [step["to"] for step in five["items"][0]["timeline"]][-1:] == ["written"]
    assert more == few
