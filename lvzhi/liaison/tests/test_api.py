"""The JSON API under /api/v1/liaison/: the same services, scope and errors as the pages, and
responses that match the OpenAPI document."""

import pytest

from lvzhi.core.api import openapi_mismatches
from lvzhi.liaison.models import Engagement, PartyReport


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def test_a_contact_is_listed_assigned_and_met_through_the_api(world, api, document):
    status, contact = api(
        world.staff,
        "post",
        "/liaison/contacts/",
        {"committee": "620600", "name": "马建国", "group": "ethnic_religious", "listed_on": "2024-04-01"},
    )
    assert status == 201, contact
    assert not openapi_mismatches(document, "post", "/api/v1/liaison/contacts/", 201, contact)
    body = {
        "committee": world.wuwei.pk,
        "leader": world.leader.pk,
        "contact": contact["id"],
        "started_on": "2024-04-02",
    }
    status, assignment = api(world.staff, "post", "/liaison/assignments/", body)
    assert status == 201 and assignment["leader"]["name"] == "马立"
    body = {
        "committee": "620600",
        "kind": "visit",
        "title": "走访马建国",
        "held_on": "2024-05-01",
        "members": [world.leader.pk],
        "contacts": [contact["id"]],
    }
    status, engagement = api(world.staff, "post", "/liaison/engagements/", body)
    assert status == 201 and engagement["contacts"][0]["name"] == "马建国"
    assert not openapi_mismatches(document, "post", "/api/v1/liaison/engagements/", 201, engagement)
    status, engagement = api(world.staff, "patch", f"/liaison/engagements/{engagement['id']}", {"place": "清真寺"})
    assert status == 200 and engagement["place"] == "清真寺"
    status, listing = api(world.p.leader, "get", "/liaison/engagements/?committee=620600&kind=visit")
    assert status == 200 and listing["count"] == 1
    assert not openapi_mismatches(document, "get", "/api/v1/liaison/engagements/", 200, listing)


def test_a_report_goes_through_its_workflow_through_the_api(world, api, document):
    body = {"committee": "620600", "kind": "request", "subject": "关于召开常委会议的请示", "recipient": "市委"}
    status, report = api(world.staff, "post", "/liaison/party-reports/", {**body, "drafted_on": "2024-05-01"})
    assert status == 201 and report["state"] == "draft" and report["reply_days"] == 30
    pk = report["id"]
    status, report = api(world.staff, "post", f"/liaison/party-reports/{pk}/send", {"sent_on": "2024-05-02"})
    assert status == 200 and report["state"] == "sent" and report["due_on"] == "2024-06-01"
    assert not openapi_mismatches(document, "post", "/api/v1/liaison/party-reports/{pk}/send", 200, report)
    status, error = api(world.staff, "post", f"/liaison/party-reports/{pk}/send", {"sent_on": "2024-05-02"})
    assert status == 409 and error["code"] == "illegal_transition"
    reply = {"replied_on": "2024-05-20", "reply": "同意。", "outcome": "approved"}
    status, report = api(world.staff, "post", f"/liaison/party-reports/{pk}/reply", reply)
    assert status == 200 and report["state"] == "replied" and report["timeline"][-1]["to"] == "replied"
    status, report = api(world.staff, "get", f"/liaison/party-reports/{pk}")
    assert status == 200 and [s["action"] for s in report["timeline"]] == ["send", "reply"]
    assert not openapi_mismatches(document, "get", "/api/v1/liaison/party-reports/{pk}", 200, report)


def test_bad_input_is_422_with_fields_and_writes_nothing(world, api):
    count = Engagement.objects.count()
    status, error = api(world.staff, "post", "/liaison/engagements/", {"committee": "620600", "kind": "visit"})
    assert status == 422 and {"title", "held_on", "members", "contacts"} <= set(error["errors"])
    status, error = api(world.staff, "post", "/liaison/engagements/", {"committee": "620800", "title": "x"})
    assert status == 422 and "committee" in error["errors"]
    status, _ = api(world.staff, "post", "/liaison/engagements/", {"committee": "620600", "held_on": "1900-01-01"})
    assert status == 422
    assert Engagement.objects.count() == count
    reports = PartyReport.objects.count()
    status, error = api(world.staff, "post", "/liaison/party-reports/", {"committee": "620600", "reply_days": 0})
    assert status == 422
    assert PartyReport.objects.count() == reports


def test_another_committees_staff_get_404_and_others_403(world, api):
    report = world.report()
    engagement = world.engage([world.c_member])
    for path in (f"/liaison/party-reports/{report.pk}", f"/liaison/engagements/{engagement.pk}"):
        assert api(world.p.other_staff, "get", path)[0] == 404
    assert (
        api(world.p.other_staff, "post", f"/liaison/party-reports/{report.pk}/send", {"sent_on": "2024-03-05"})[0]
        == 404
    )
    assert api(world.p.other_staff, "patch", f"/liaison/engagements/{engagement.pk}", {"title": "x"})[0] == 404
    for user in (world.p.unit_user, world.p.member, *world.p.admins):
        assert api(user, "get", "/liaison/contacts/")[0] == 403
    assert api(world.p.leader, "post", f"/liaison/party-reports/{report.pk}/send", {"sent_on": "2024-03-05"})[0] == 403
    assert api(None, "get", "/liaison/contacts/")[0] == 401
    report.refresh_from_db()
    assert report.state == "draft"
