"""The parts of a meeting under its own API paths (issue: `/api/v1/meetings/{id}/agenda`,
`/registrations`, `/seats`, `/materials`, `/votes`): who gets what, the answers against the OpenAPI
document, and 404 outside scope."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.api import openapi_mismatches
from lvzhi.meetings import services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def api(client):
    def call(user, path):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(f"/api/v1{path}")
        return response.status_code, (response.json() if response.content else None)

    return call


def test_the_meetings_parts_have_their_own_paths(world, api, client):
    document = client.get("/api/v1/openapi.json").json()
    m = world.meeting.pk
    services.publish_agenda(actor=world.staff, meeting=world.meeting)
    world.register_all([world.li, world.zhou])
    services.auto_seat(actor=world.staff, meeting=world.meeting, room=world.room)
    upload = SimpleUploadedFile("报告.pdf", PDF, content_type="application/pdf")
    material = services.add_material(actor=world.staff, meeting=world.meeting, upload=upload, data={"title": "报告"})
    services.mark_read(actor=world.p.member, material=material)
    vote = world.vote(mode="anonymous")
    services.open_vote(actor=world.staff, vote=vote)
    services.cast_vote(actor=world.p.member, vote=vote, choice="yes")

    def get(user, part):
        status, body = api(user, f"/meetings/{m}/{part}")
        if status == 200:
            assert openapi_mismatches(document, "get", f"/api/v1/meetings/{{id}}/{part}", 200, body) == [], body
        return status, body

    status, agenda = get(world.p.member, "agenda")
    assert status == 200 and agenda["version"] == 1
    assert [i["title"] for i in agenda["items"]] == ["开幕会", "审议常委会工作报告"]
    assert [r["number"] for r in agenda["revisions"]] == [1]

    status, regs = get(world.staff, "registrations")
    assert sorted(r["member"]["id"] for r in regs) == sorted([world.li.pk, world.zhou.pk])
    assert [r["member"]["id"] for r in get(world.p.member, "registrations")[1]] == [world.li.pk]

    status, seats = get(world.staff, "seats")
    assert len(seats) == 5  # the five invitees, none excused
    mine = get(world.p.member, "seats")[1]
    assert [s["member"]["id"] for s in mine] == [world.li.pk]

    materials = get(world.p.member, "materials")[1]
    assert [(x["title"], x["read_by_me"], x["reads"]) for x in materials] == [("报告", True, None)]
    assert get(world.staff, "materials")[1][0]["reads"] == 1
    assert get(world.p.leader, "materials")[0] == 403  # materials are for attendees and the office

    votes = get(world.p.member, "votes")[1]
    assert [(v["id"], v["voted"], v["my_choice"]) for v in votes] == [(vote.pk, True, "")]

    for part in ("agenda", "registrations", "seats", "materials", "votes"):
        assert api(world.p.other_staff, f"/meetings/{m}/{part}")[0] == 404
        assert api(None, f"/meetings/{m}/{part}")[0] == 401


def test_an_unpublished_agenda_is_the_offices_only(world, api):
    m = world.meeting.pk
    assert api(world.p.member, f"/meetings/{m}/agenda")[1]["items"] == []
    assert len(api(world.staff, f"/meetings/{m}/agenda")[1]["items"]) == 2
    assert json.dumps(api(world.p.member, f"/meetings/{m}/agenda")[1]["revisions"]) == "[]"
