"""The opinions API: the same rules as the pages, errors as DESIGN.md says, nothing written on
bad input, responses as the OpenAPI document says."""

import pytest

from lvzhi.core.api import openapi_mismatches
from lvzhi.core.models import Transition
from lvzhi.opinions.models import Instruction, OpinionIssue, OpinionReport, Recipient


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def test_the_loop_through_the_api(world, api, document):
    body = {"title": "关于农村饮水安全的建议", "category": "社会民生", "content": "部分村组水质不达标。"}
    status, created = api(world.member, "post", "/opinions/", {**body, "submit": True})
    assert status == 201 and created["state"] == "submitted"
    assert not openapi_mismatches(document, "post", "/api/v1/opinions/", 201, created)
    rid = created["id"]
    s = world.staff
    assert api(s, "post", f"/opinions/{rid}/accept")[1]["state"] == "accepted"
    status, edited = api(s, "post", f"/opinions/{rid}/edit", {"title": "农村饮水安全亟待保障", "content": "改写"})
    assert status == 200 and edited["edited"] and edited["original"]["title"] == body["title"] and "-" in edited["diff"]
    other = world.report(world.member2)
    assert api(s, "post", f"/opinions/{rid}/combine", {"others": [other.pk]})[1]["credits"][1]["name"] == "周敏"
    status, issue = api(s, "post", "/opinion-issues/", {"kind": "regular"})
    assert status == 201 and issue["label"].startswith("《社情民意》")
    assert not openapi_mismatches(document, "post", "/api/v1/opinion-issues/", 201, issue)
    assert api(s, "post", f"/opinions/{rid}/publish", {"issue": issue["id"]})[1]["issue"] == issue["id"]
    status, sent = api(s, "post", f"/opinions/{rid}/send", {"recipients": [world.party_committee.pk]})
    assert status == 200 and sent["state"] == "sent" and sent["sendings"][0]["level"] == "party_committee"
    instruct = {"leader": "王建国", "position": "市委书记", "level": "city", "date": "2024-05-01", "text": "请研究落实"}
    assert api(world.leader, "post", f"/opinions/{rid}/instruct", instruct)[0] == 200
    status, adopted = api(s, "post", f"/opinions/{rid}/adopt", {"by": "provincial", "reference": "第5期"})
    assert status == 200 and adopted["adoptions"][0]["by"] == "provincial"
    status, closed = api(s, "post", f"/opinions/{rid}/feedback", {"text": "已落实"})
    assert status == 200 and closed["state"] == "closed" and closed["timeline"][-1]["to"] == "closed"
    assert not openapi_mismatches(document, "post", "/api/v1/opinions/{id}/feedback", 200, closed)
    status, detail = api(world.member, "get", f"/opinions/{rid}")
    assert status == 200 and detail["feedback"] == "已落实" and detail["instructions"][0]["leader"] == "王建国"
    assert not openapi_mismatches(document, "get", "/api/v1/opinions/{id}", 200, detail)
    status, listing = api(s, "get", "/opinions/?instructed=1")
    assert status == 200 and [r["id"] for r in listing["items"]] == [rid]
    assert not openapi_mismatches(document, "get", "/api/v1/opinions/", 200, listing)
    status, recipients = api(s, "get", "/opinion-recipients/")
    assert status == 200 and recipients["count"] == 3
    assert api(s, "post", f"/opinions/{rid}/feedback", {"text": "again"})[0] == 409


def test_forwarding_through_the_api(world, api):
    county = world.report(world.county_member)
    cs = world.p.county_staff
    api(cs, "post", f"/opinions/{county.pk}/accept")
    status, body = api(cs, "post", f"/opinions/{county.pk}/forward")
    assert status == 200 and body["forwarded"]["committee"] == world.p.wuwei.pk
    copy = body["forwarded"]["id"]
    assert api(world.city_staff_only, "get", f"/opinions/{copy}")[1]["source"] == county.pk
    assert api(world.city_staff_only, "get", f"/opinions/{county.pk}")[0] == 404
    assert api(cs, "post", f"/opinions/{copy}/accept")[0] == 403  # sees it, may not act on it
    assert api(cs, "post", f"/opinions/{county.pk}/forward")[0] == 409


def test_who_may_call(world, api):
    report = world.report()
    assert api(None, "get", "/opinions/")[0] == 401
    assert api(world.p.other_staff, "get", f"/opinions/{report.pk}")[0] == 404
    assert api(world.p.other_staff, "post", f"/opinions/{report.pk}/accept")[0] == 404
    assert api(world.member2, "get", f"/opinions/{report.pk}")[0] == 404
    assert api(world.member, "post", f"/opinions/{report.pk}/accept")[0] == 403
    assert api(world.p.unit_user, "get", "/opinions/")[0] == 403
    assert api(world.p.sysadmin, "post", "/opinions/", {"title": "x", "category": "其他", "content": "x"})[0] == 403
    assert api(world.member, "get", "/opinion-issues/")[0] == 403
    assert api(world.staff, "get", "/opinions/abc")[0] == 404


def _state(report):
    return (
        OpinionReport.objects.values().get(pk=report.pk),
        OpinionReport.objects.count(),
        Transition.objects.count(),
        Instruction.objects.count(),
        OpinionIssue.objects.count(),
        Recipient.objects.count(),
    )


BAD = [
    ("member", "post", "/opinions/", {"title": "", "category": "社会民生", "content": "x"}),
    ("member", "post", "/opinions/", {"title": "x", "category": "不存在", "content": "x"}),
    ("member", "post", "/opinions/", {"title": "x", "category": "其他", "content": "x", "urgency": "nope"}),
    ("member", "post", "/opinions/", "[1, 2]"),
    ("member", "post", "/opinions/", "not json"),
    ("member", "post", "/opinions/", {"title": "x\u0000", "category": "其他", "content": "x"}),
    ("staff", "post", "/opinions/{id}/reject", {"reason": ""}),
    ("staff", "post", "/opinions/{id}/reject", {}),
    ("staff", "post", "/opinions/{id}/return", {"note": "  "}),
    ("staff", "post", "/opinions/{id}/combine", {"others": []}),
    ("staff", "post", "/opinions/{id}/combine", {"others": ["x"]}),
    ("staff", "post", "/opinions/{id}/publish", {"issue": "x"}),
    ("staff", "post", "/opinions/{id}/send", {"recipients": []}),
    ("staff", "post", "/opinions/{id}/send", {"recipients": [1], "date": "2024-13-01"}),
    ("staff", "post", "/opinions/{id}/instruct", {"leader": "王", "position": "书记", "level": "mayor",
                                                   "date": "2024-01-01", "text": "阅"}),
    ("staff", "post", "/opinions/{id}/instruct", {"leader": "", "position": "", "level": "city",
                                                   "date": "2999-01-01", "text": ""}),
    ("staff", "post", "/opinions/{id}/adopt", {"by": "county"}),
    ("staff", "post", "/opinions/{id}/handle", {"result": ""}),
    ("staff", "post", "/opinions/{id}/feedback", {"text": ""}),
    ("staff", "post", "/opinions/{id}/edit", {"title": "", "content": ""}),
    ("staff", "post", "/opinion-issues/", {"kind": "weekly"}),
    ("staff", "post", "/opinion-issues/", {"kind": "regular", "issued_on": "soon"}),
    ("staff", "post", "/opinion-recipients/", {"name": "", "level": "department"}),
    ("staff", "post", "/opinion-recipients/", {"name": "x", "level": "mayor"}),
    ("staff", "post", "/opinion-recipients/", {"name": "市委办公室", "level": "party_committee"}),
]  # fmt: skip


@pytest.mark.parametrize(("who", "method", "path", "body"), BAD)
def test_bad_input_is_422_and_writes_nothing(world, api, who, method, path, body):
    report = world.sent() if path.split("/")[-1] in ("instruct", "adopt", "handle", "feedback") else world.accepted()
    if path.endswith("/edit") or "issues" in path or "recipients" in path:
        report = world.accepted()
    if path.endswith("/send"):
        report = world.published()
    before = _state(report)
    status, error = api(getattr(world, who), method, path.replace("{id}", str(report.pk)), body)
    assert status == 422, error
    assert error["code"] == "invalid" and error["errors"] and error["message"]
    assert _state(report) == before
