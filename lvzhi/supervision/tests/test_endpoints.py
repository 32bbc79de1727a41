"""The JSON API: the same services, scope and errors as the pages, and responses that match the
OpenAPI document."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core.api import openapi_mismatches
from lvzhi.supervision.factories import make_clue
from lvzhi.supervision.models import LitigationClue, MediationCase


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def test_a_case_is_registered_mediated_and_concluded_through_the_api(world, api, document):
    body = {
        "committee": "620600",
        "court": "武威市中级人民法院",
        "case_number": "（2024）甘06民诉前调50号",
        "dispute_kind": "contract",
        "received_on": "2024-05-01",
        "parties": ["张三", "李四"],
        "mediators": [world.m1.pk, world.m3.pk],
    }
    status, case = api(world.staff, "post", "/mediation-cases/", body)
    assert status == 201, case
    assert case["parties"] == "张*、李*" and case["state"] == "open"
    assert not openapi_mismatches(document, "post", "/api/v1/mediation-cases/", 201, case)
    pk = case["id"]
    status, case = api(world.staff, "post", f"/mediation-cases/{pk}/session", {"held_on": "2024-05-10"})
    assert status == 200 and len(case["sessions"]) == 1
    status, case = api(
        world.staff, "post", f"/mediation-cases/{pk}/conclude", {"result": "failed", "closed_on": "2024-05-20"}
    )
    assert status == 200 and case["state"] == "concluded" and case["timeline"][0]["to"] == "concluded"
    assert not openapi_mismatches(document, "post", "/api/v1/mediation-cases/{pk}/{action}", 200, case)
    status, error = api(
        world.staff, "post", f"/mediation-cases/{pk}/conclude", {"result": "failed", "closed_on": "2024-05-20"}
    )
    assert status == 409 and error["code"] == "illegal_transition"
    status, listing = api(world.staff, "get", "/mediation-cases/?committee=620600&state=concluded")
    assert status == 200 and listing["count"] == 1
    assert not openapi_mismatches(document, "get", "/api/v1/mediation-cases/", 200, listing)


def test_bad_input_is_422_with_fields_and_writes_nothing(world, api):
    count = MediationCase.objects.count()
    status, error = api(world.staff, "post", "/mediation-cases/", {"committee": "620600", "parties": ["张三"]})
    assert status == 422 and {"court", "case_number", "parties"} <= set(error["errors"])
    status, error = api(world.staff, "post", "/mediation-cases/", {"committee": "620800", "court": "x"})
    assert status == 422 and "committee" in error["errors"]
    status, _ = api(world.staff, "post", "/mediation-cases/", {"committee": "620600", "received_on": "not a date"})
    assert status == 422
    assert MediationCase.objects.count() == count


def test_the_parties_are_revealed_only_with_the_permission(world, api):
    status, error = api(world.staff, "post", f"/mediation-cases/{world.case.pk}/reveal")
    assert status == 403
    status, body = api(world.p.pii_staff, "post", f"/mediation-cases/{world.case.pk}/reveal")
    assert status == 200 and body["parties"] == ["张三", "李四"]


def test_another_committees_staff_get_404_and_others_403(world, api):
    clue = world.new_clue()
    for path in (f"/mediation-cases/{world.case.pk}", f"/litigation-clues/{clue.pk}"):
        assert api(world.p.other_staff, "get", path)[0] == 404
    assert (
        api(
            world.p.other_staff,
            "post",
            f"/litigation-clues/{clue.pk}/send",
            {"procuratorate": "x", "sent_on": "2024-03-05"},
        )[0]
        == 404
    )
    assert api(world.p.other_staff, "patch", f"/mediation-cases/{world.case.pk}", {"court": "x"})[0] == 404
    for user in (world.p.unit_user, world.p.member, *world.p.admins):
        assert api(user, "get", "/mediation-cases/")[0] == 403
    assert api(None, "get", "/mediation-cases/")[0] == 401
    assert api(world.p.leader, "get", f"/mediation-cases/{world.case.pk}")[0] == 200
    assert api(world.p.leader, "patch", f"/mediation-cases/{world.case.pk}", {"court": "x"})[0] == 403
    assert api(world.staff, "get", "/mediation-cases/99999999999999999999")[0] == 404
    assert LitigationClue.objects.get(pk=clue.pk).state == "registered"


def test_every_resource_lists_creates_and_updates(world, api, document):
    m = world.m1.pk
    bodies = {
        "/litigation-clues/": {"title": "线索", "recorded_on": "2024-03-01", "contributors": [m]},
        "/supervisor-posts/": {"member": m, "body": "中院", "role": "supervisor", "recommended_on": "2024-03-01"},
        "/investment-visits/": {"started_on": "2024-03-01", "destination": "上海", "enterprises": ["甲公司"]},
        "/investment-projects/": {"name": "项目", "investor": "公司", "amount_wan": "100.5", "signed_on": "2024-03-01"},
        "/liaison-pairs/": {"leader": m, "enterprise": "某公司", "started_on": "2024-03-01"},
        "/support-items/": {"kind": "rural_funds", "title": "帮扶资金", "amount": 1, "occurred_on": "2024-03-01"},
        "/service-items/": {
            "kind": "matter",
            "title": "协调解决就医难",
            "requester": "某社区居民",
            "members": [m],
            "raised_on": "2024-03-01",
        },
        "/demo-points/": {"name": "西郊街道示范点", "place": "西郊街道", "built_on": "2024-03-01", "supervisors": [m]},
        "/partner-committees/": {"partner": "乌鲁木齐市政协", "kind": "friendly", "agreement_on": "2023-06-16"},
    }
    for path, body in bodies.items():
        status, obj = api(world.staff, "post", path, {"committee": world.wuwei.pk, **body})
        assert status == 201, (path, obj)
        assert not openapi_mismatches(document, "post", f"/api/v1{path}", 201, obj), path
        status, listing = api(world.staff, "get", path)
        assert status == 200 and listing["count"] == 1
        assert not openapi_mismatches(document, "get", f"/api/v1{path}", 200, listing), path
        status, again = api(world.staff, "patch", f"{path}{obj['id']}", {"note": "已核实"})
        assert status == 200 and again["note"] == "已核实", (path, again)
    pair = api(world.staff, "get", "/liaison-pairs/")[1]["items"][0]["id"]
    status, _ = api(
        world.staff, "post", f"/liaison-pairs/{pair}/problem", {"description": "用工难", "raised_on": "2024-03-02"}
    )
    assert status == 200
    status, problems = api(world.staff, "get", "/enterprise-problems/")
    assert problems["count"] == 1
    problem = problems["items"][0]["id"]
    status, solved = api(
        world.staff,
        "post",
        f"/enterprise-problems/{problem}/solve",
        {"resolution": "已解决", "resolved_on": "2024-04-01"},
    )
    assert status == 200 and solved["state"] == "solved"
    assert not openapi_mismatches(
        document,
        "get",
        "/api/v1/enterprise-problems/{pk}",
        200,
        api(world.staff, "get", f"/enterprise-problems/{problem}")[1],
    )


def test_the_clue_list_runs_the_same_queries_for_three_clues_as_for_thirty(world, client):
    client.force_login(world.staff)
    for n in range(3):
        world.new_clue(title=f"线索{n}")
    client.get("/api/v1/litigation-clues/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/litigation-clues/").json()["count"] == 3
    for n in range(27):
        make_clue(world.staff, world.wuwei, [world.m1, world.m2], title=f"更多线索{n}")
    with CaptureQueriesContext(connection) as many:
        data = client.get("/api/v1/litigation-clues/?page_size=30").json()
    assert data["count"] == 30 and len(data["items"]) == 30
    names = [{c["name"] for c in item["contributors"]} for item in data["items"]]
    assert names.count({world.m1.name, world.m2.name}) == 27 and names.count({world.m1.name}) == 3
    assert len(many) == len(few) <= 15
