"""The duty-records API: a member reads only their own record, another committee's staff nothing
(404), bad input 422 with nothing written, workflows through the same services."""

import pytest

from lvzhi.core.api import openapi_mismatches
from lvzhi.core.tests.openapi import openapi_document
from lvzhi.duties.models import AnnualReport, Assessment, ScoringScheme


@pytest.fixture(scope="session")
def document():
    return openapi_document()


def test_a_member_reads_their_own_record(world, api, document):
    world.finished("plenary", present=[world.people[0]])
    world.proposal(world.people[0])
    person = world.people[0]
    status, body = api(world.users[0], "get", f"/duties/{person.pk}?year={world.year}")
    assert status == 200
    assert body["score"] == 25 and body["grade"] == "incompetent" and body["year"] == world.year
    assert {e["kind"] for e in body["events"]} == {"activities.attended.plenary", "proposals.first"}
    proposal_event = next(e for e in body["events"] if e["kind"] == "proposals.first")
    assert proposal_event["source"]["type"] == "proposals.Proposal" and proposal_event["url"].startswith("/proposals/")
    assert {"name": "出席全体会议", "required": 1, "done": 1, "met": True, "counted": True} in body["targets"]
    assert not openapi_mismatches(document, "get", "/api/v1/duties/{member_id}", 200, body)


def test_a_member_cannot_read_another_members_record(world, api):
    assert api(world.users[0], "get", f"/duties/{world.people[1].pk}")[0] == 404


def test_staff_of_another_committee_see_nothing(world, api):
    person = world.people[0]
    assert api(world.p.other_staff, "get", f"/duties/{person.pk}")[0] == 404
    assert api(world.p.county_staff, "get", f"/duties/{person.pk}")[0] == 404
    assert api(world.p.staff, "get", f"/duties/{person.pk}")[0] == 200
    assert api(world.p.unit_user, "get", f"/duties/{person.pk}")[0] == 404
    assert api(world.p.auditor, "get", f"/duties/{person.pk}")[0] == 404
    assert api(None, "get", f"/duties/{person.pk}")[0] == 401
    status, body = api(world.p.other_staff, "get", "/assessments/?committee=620600")
    assert status == 404


def test_annual_report_workflow_through_the_api(world, api):
    member = world.users[1]
    status, body = api(member, "post", "/annual-reports/", {"year": world.year, "text": "本年度履职情况……"})
    assert status == 201 and body["state"] == "draft"
    rid = body["id"]
    assert api(world.p.other_staff, "get", f"/annual-reports/{rid}")[0] == 404
    assert api(world.users[0], "get", f"/annual-reports/{rid}")[0] == 404
    assert api(member, "post", f"/annual-reports/{rid}/accept", {})[0] == 409  # a draft: not yet submitted
    assert api(member, "post", f"/annual-reports/{rid}/submit")[1]["state"] == "submitted"
    assert api(member, "post", f"/annual-reports/{rid}/accept", {})[0] == 403
    status, body = api(world.staff, "post", f"/annual-reports/{rid}/return", {"note": ""})
    assert status == 422 and "note" in body["errors"]
    assert api(world.staff, "post", f"/annual-reports/{rid}/return", {"note": "请补充"})[1]["state"] == "returned"
    assert api(member, "post", f"/annual-reports/{rid}/submit")[0] == 200
    status, body = api(world.staff, "post", f"/annual-reports/{rid}/accept", {"note": "通过"})
    assert status == 200 and body["state"] == "accepted"
    assert [s["action"] for s in body["timeline"]] == ["submit", "return", "submit", "accept"]
    assert api(world.staff, "post", f"/annual-reports/{rid}/accept", {})[0] == 409


def test_bad_report_input_is_422_and_writes_nothing(world, api):
    member = world.users[1]
    for body in ({"year": 1800, "text": "x"}, {"year": world.year, "text": ""}, {"text": "x"}, ["x"], {"year": "abc"}):
        status, answer = api(member, "post", "/annual-reports/", body)
        assert status == 422 and answer["code"] == "invalid"
    assert not AnnualReport.objects.exists()


def test_assessments_adjust_publish_and_talk(world, api, document):
    world.finished("consultation", present=[world.people[0]])
    staff = world.staff
    assert api(staff, "post", "/assessments/open", {"committee": "620600", "year": world.year})[1] == {"count": 4}
    status, body = api(staff, "get", f"/assessments/?committee=620600&year={world.year}")
    assert status == 200 and body["count"] == 4
    assert not openapi_mismatches(document, "get", "/api/v1/assessments/", 200, body)
    row = next(r for r in body["items"] if r["member"]["id"] == world.people[0].pk)
    assert row["score"] == 8 and row["computed_grade"] == "incompetent" and row["below_baseline"]
    status, answer = api(staff, "post", f"/assessments/{row['id']}/adjust", {"grade": "competent", "reason": ""})
    assert status == 422
    status, answer = api(staff, "post", f"/assessments/{row['id']}/adjust", {"grade": "best", "reason": "x"})
    assert status == 422
    assert (
        api(world.users[0], "post", f"/assessments/{row['id']}/adjust", {"grade": "competent", "reason": "x"})[0] == 404
    )
    status, answer = api(
        staff, "post", f"/assessments/{row['id']}/adjust", {"grade": "competent", "reason": "工作突出"}
    )
    assert status == 200 and answer["grade"] == "competent" and answer["computed_grade"] == "incompetent"
    status, talk = api(
        staff,
        "post",
        f"/assessments/{row['id']}/talks",
        {"held_on": "2020-01-02", "held_by": "秘书长", "notes": "谈话"},
    )
    assert status == 201
    assert api(world.users[0], "get", f"/assessments/{row['id']}")[0] == 404  # not yet published
    assert api(staff, "post", "/assessments/publish", {"committee": world.committee.pk, "year": world.year})[1] == {
        "count": 4
    }
    status, mine = api(world.users[0], "get", f"/assessments/{row['id']}")
    assert status == 200 and mine["published"] and mine["grade"] == "competent" and mine["talks"] == 1
    assert api(staff, "post", f"/assessments/{row['id']}/adjust", {"grade": "basic", "reason": "x"})[0] == 409
    assert api(staff, "post", "/assessments/publish", {"committee": "620600", "year": world.year})[0] == 409
    assert Assessment.objects.get(pk=row["id"]).score == 8


def test_scoring_schemes_read_and_write_for_staff(world, api, document):
    status, body = api(world.staff, "get", f"/scoring-schemes/?committee=620600&year={world.year}")
    assert status == 200 and body["items"][0]["id"] is None and body["items"][0]["excellent_min"] == 90
    assert not openapi_mismatches(document, "get", "/api/v1/scoring-schemes/", 200, body)
    payload = {"committee": "620600", "year": world.year, "rules": {"proposals.first": {"points": 6, "cap": 30}}}
    assert api(world.users[0], "post", "/scoring-schemes/", payload)[0] == 403
    assert api(world.p.leader, "post", "/scoring-schemes/", payload)[0] == 403
    assert api(world.p.other_staff, "post", "/scoring-schemes/", payload)[0] == 404
    status, body = api(world.staff, "post", "/scoring-schemes/", payload)
    assert status == 201 and body["version"] == 1
    assert {"kind": "proposals.first", "label": "提交提案（第一提案人）", "points": 6.0, "cap": 30.0} in body["rules"]
    assert api(world.staff, "get", f"/scoring-schemes/{body['id']}")[0] == 200
    assert api(world.p.other_staff, "get", f"/scoring-schemes/{body['id']}")[0] == 404
    for bad in (
        {**payload, "rules": {"nope": {"points": 1}}},
        {**payload, "rules": {"proposals.first": {"points": "x"}}},
        {**payload, "excellent_min": 10, "competent_min": 50},
        {**payload, "year": 3000},
    ):
        status, answer = api(world.staff, "post", "/scoring-schemes/", bad)
        assert status == 422, bad
    assert ScoringScheme.objects.count() == 1
