"""The JSON API of proposals and assignments: the loop, bad input (422, nothing written), states."""

import json

from lvzhi.core.models import Transition
from lvzhi.proposals.models import Assignment, Proposal


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def as_user(client, user):
    client.force_login(user)
    client.handler.enforce_csrf_checks = False
    return client


def test_the_loop_runs_over_the_api(client, world):
    c = as_user(client, world.p.member)
    r = post(
        c,
        "/api/v1/proposals/",
        {
            "title": "关于完善农村养老服务体系的建议",
            "category": "社会建设",
            "situation": "农村养老服务设施不足。",
            "suggestions": "建设互助幸福院。",
        },
    )
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    assert r.json()["state"] == "draft" and r.json()["committee"] == world.committee.pk
    assert post(c, f"/api/v1/proposals/{pid}/submit", {}).json()["state"] == "submitted"
    c = as_user(client, world.p.staff)
    body = post(c, f"/api/v1/proposals/{pid}/file", {}).json()
    assert body["number"] == "五届三次会议第0001号"
    r = post(c, f"/api/v1/proposals/{pid}/assign", {"units": [{"unit": world.unit.pk, "role": "lead"}]})
    assert r.status_code == 200 and r.json()["state"] == "assigned"
    aid = r.json()["assignments"][0]["id"]
    c = as_user(client, world.p.unit_user)
    inbox = c.get("/api/v1/assignments/").json()
    assert inbox["count"] == 1 and inbox["items"][0]["proposal"] == pid
    assert post(c, f"/api/v1/assignments/{aid}/reply", {"category": "A", "text": "已办"}).status_code == 409
    assert post(c, f"/api/v1/assignments/{aid}/sign", {}).json()["state"] == "signed"
    assert post(c, f"/api/v1/assignments/{aid}/reply", {"category": "A", "text": "已办"}).json()["state"] == "replied"
    c = as_user(client, world.p.member)
    r = post(c, f"/api/v1/proposals/{pid}/evaluate", {"assignment": aid, "rating": "satisfied"})
    assert r.status_code == 200
    c = as_user(client, world.p.staff)
    r = post(c, f"/api/v1/proposals/{pid}/close", {})
    assert r.json()["state"] == "closed"
    assert [t["to"] for t in r.json()["timeline"]] == ["submitted", "filed", "assigned", "replied", "closed"]


def test_bad_input_is_422_and_writes_nothing(client, world):
    c = as_user(client, world.p.member)
    for body in (
        {},
        {"title": "", "category": "社会建设", "situation": "x", "suggestions": "y"},
        {"title": "x" * 101, "category": "社会建设", "situation": "x", "suggestions": "y"},
        {"title": "t", "category": "不存在的类别", "situation": "x", "suggestions": "y"},
        {"title": "t", "category": "社会建设", "situation": "x", "suggestions": "y", "kind": "joint"},
        {
            "title": "t",
            "category": "社会建设",
            "situation": "x",
            "suggestions": "y",
            "kind": "joint",
            "coproposers": [world.p.pingliang_person.pk],
        },
        ["not", "an", "object"],
    ):
        r = post(c, "/api/v1/proposals/", body)
        assert r.status_code == 422, (body, r.content)
        assert r.json()["code"] == "invalid"
    assert not Proposal.objects.exists()
    proposal = world.submitted()
    c = as_user(client, world.p.staff)
    for action, body in (
        ("reject", {"reason": "没有的理由"}),
        ("convert", {"target": "elsewhere"}),
        ("merge", {"into": 999999}),
        ("assign", {"units": []}),
        ("return", {"note": ""}),
    ):
        r = post(c, f"/api/v1/proposals/{proposal.pk}/{action}", body)
        assert r.status_code in (409, 422), (action, r.content)
    proposal.refresh_from_db()
    assert proposal.state == "submitted"
    assert Transition.objects.filter(to_state="submitted").count() == 1
    assert Transition.objects.count() == 1
    assert not Assignment.objects.exists()


def test_a_member_may_not_file(client, world):
    proposal = world.submitted()
    r = post(as_user(client, world.p.member), f"/api/v1/proposals/{proposal.pk}/file", {})
    assert r.status_code == 403


def test_lists_filter_like_the_page(client, world):
    world.filed()
    world.submitted(title="关于发展设施农业的建议")
    c = as_user(client, world.p.staff)
    assert c.get("/api/v1/proposals/?state=filed").json()["count"] == 1
    assert c.get("/api/v1/proposals/?q=设施农业").json()["count"] == 1
    assert c.get("/api/v1/proposals/?state=bogus").status_code == 422
