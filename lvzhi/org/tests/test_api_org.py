"""The organisation API: reads within scope and every role's refusals, the OpenAPI document against
real responses. Writes, bad input and query counts: test_api_org_writes.py."""

import json

import pytest

from lvzhi.core.models import AuditEntry
from lvzhi.org.models import Committee
from lvzhi.org.tests.api_support import LISTS, Api, assert_documented, counts, patch_for, wuwei_records

# --- Reading within scope, and the document agreeing with every answer ------------------------


def test_staff_read_every_list_and_detail_as_documented(world, openapi):
    api = Api(world.staff)
    for path in LISTS:
        response = api.get(path)
        assert response.status_code == 200, (path, response.content)
        assert_documented(openapi, "get", path, response)
        body = response.json()
        assert body["count"] >= 1, path
        assert all({"id", "committee"} <= item.keys() for item in body["items"]), path
    for path in wuwei_records(world).values():
        response = api.get(path)
        assert response.status_code == 200, (path, response.content)
        assert_documented(openapi, "get", path, response)
        assert {"id", "committee"} <= response.json().keys()


def test_the_member_detail_has_masked_pii_and_memberships(world, openapi):
    response = Api(world.staff).get(f"/members/{world.member_person.pk}")
    body = response.json()
    person = world.member_person
    assert body["mobile_masked"] == person.mobile[:3] + "********"
    assert body["id_number_masked"] == person.id_number[:6] + "*" * 12
    assert person.mobile not in json.dumps(body) and person.id_number not in json.dumps(body)
    [seat] = body["memberships"]
    assert seat["id"] == world.seat.pk
    assert seat["committee"] == world.wuwei.pk
    assert seat["term"]["id"] == world.term.pk
    assert seat["sector"] == {"id": world.sector.pk, "name": "经济界"}
    assert seat["party"] == {"id": world.party.pk, "name": "中国民主同盟"}
    assert seat["special_committees"] == [{"id": world.special.pk, "name": "提案委员会"}]
    assert seat["status"] == "active" and seat["ended_on"] is None


def test_the_member_list_takes_the_member_filters(world):
    api = Api(world.staff)

    def names(**params):
        return sorted(item["name"] for item in api.get("/members/", params).json()["items"])

    assert names() == ["李明", "王芳", "陈静"]
    assert names(committee="620600") == ["李明", "王芳", "陈静"]  # by code, with its counties
    assert names(committee=str(world.liangzhou.pk)) == ["王芳"]  # by id
    assert names(committee="620800") == []  # 平凉 is not in this officer's scope
    assert names(sector=str(world.sector.pk)) == ["李明", "陈静"]
    assert names(party=str(world.party.pk)) == ["李明"]
    assert names(special_committee=str(world.special.pk)) == ["李明"]
    assert names(studio=str(world.studio.pk)) == ["李明"]
    assert names(q="lm") == ["李明"]
    assert names(q="陈") == ["陈静"]
    assert names(role="chair") == []
    item = api.get("/members/", {"q": "李明"}).json()["items"][0]
    assert item["id"] == world.member_person.pk
    assert item["membership"]["id"] == world.seat.pk


def test_lists_take_a_committee_by_id_or_code(world):
    api = Api(world.staff)
    by_code = api.get("/sectors/", {"committee": "620602"}).json()
    assert [s["name"] for s in by_code["items"]] == ["农业界"]
    assert api.get("/sectors/", {"committee": str(world.liangzhou.pk)}).json() == by_code
    assert api.get("/sectors/", {"committee": "620800"}).json() == {"items": [], "count": 0}
    tree = api.get("/committees/", {"committee": "620600"}).json()
    assert [c["code"] for c in tree["items"]] == ["620600", "620602"]


def test_lists_page(world):
    api = Api(world.staff)
    first = api.get("/members/", {"page_size": 2}).json()
    second = api.get("/members/", {"page_size": 2, "page": 2}).json()
    assert first["count"] == second["count"] == 3
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert api.get("/members/", {"page": 99}).json() == {"items": [], "count": 3}


# --- Scope isolation ---------------------------------------------------------------------------


def test_a_pingliang_officer_gets_404_for_every_wuwei_record(world, openapi):
    api = Api(world.other_staff)
    for kind, path in wuwei_records(world).items():
        response = api.get(path)
        assert response.status_code == 404, kind
        assert response.json() == {"code": "not_found", "message": "未找到。"}, kind
        assert_documented(openapi, "get", path, response)


def test_a_pingliang_officer_can_write_no_wuwei_record(world):
    api = Api(world.other_staff)
    before = counts()
    for kind, path in wuwei_records(world).items():
        response = api.patch(path, patch_for(path))
        assert response.status_code == 404, (kind, response.content)
    assert api.post(f"/members/{world.member_person.pk}/reveal").status_code == 404
    ended = api.post(f"/memberships/{world.seat.pk}/end", {"status": "resigned", "ended_on": "2025-01-01"})
    assert ended.status_code == 404
    wuwei = str(world.wuwei.pk)
    creates = {
        "/sectors/": {"committee": wuwei, "name": "新界别"},
        "/special-committees/": {"committee": "620600", "name": "新委员会"},
        "/parties/": {"committee": wuwei, "name": "新党派"},
        "/branches/": {"committee": wuwei, "name": "新支部"},
        "/units/": {"committee": wuwei, "name": "新单位"},
        "/studios/": {"committee": wuwei, "name": "新工作室"},
        "/terms/": {"committee": wuwei, "number": 6, "start_date": "2027-01-01"},
        "/sessions/": {"term": world.term.pk, "number": 4, "start_date": "2025-01-01", "end_date": "2025-01-03"},
        "/members/": {"committee": wuwei, "name": "新委员"},
        "/memberships/": {"committee": wuwei, "member": world.pingliang_person.pk},
    }
    for path, data in creates.items():
        response = api.post(path, data)
        assert response.status_code == 422, (path, response.content)
        assert set(response.json()["errors"]) & {"committee", "term"}, path
    own_seat = {"committee": str(world.pingliang.pk), "member": world.member_person.pk}  # a 武威 person
    assert api.post("/memberships/", own_seat).json()["errors"] == {"member": ["请选择您范围内的委员。"]}
    studio = {"committee": str(world.pingliang.pk), "name": "借用", "lead": world.member_person.pk}
    assert api.post("/studios/", studio).status_code == 422
    # nothing written but the audit entry of the refused unmasking (refusals of a reveal are audited)
    assert counts() == {**before, "audit": before["audit"] + 1}


def test_a_pingliang_officer_lists_nothing_of_wuwei(world):
    api = Api(world.other_staff)
    wuwei_ids = {world.gansu.pk, world.wuwei.pk, world.liangzhou.pk}
    for path in LISTS:
        body = api.get(path).json()
        assert not [item for item in body["items"] if item["committee"] in wuwei_ids], path
    assert [m["name"] for m in api.get("/members/").json()["items"]] == ["赵强"]


def test_a_county_officer_sees_nothing_of_the_city(world):
    api = Api(world.county_staff)
    for path in LISTS:
        body = api.get(path).json()
        assert {item["committee"] for item in body["items"]} <= {world.liangzhou.pk}, path
    assert [m["name"] for m in api.get("/members/").json()["items"]] == ["王芳"]
    for kind, path in wuwei_records(world).items():
        if kind not in ("county committee", "county member"):
            assert api.get(path).status_code == 404, kind
    assert api.get(f"/members/{world.county_person.pk}").status_code == 200
    assert api.post("/sectors/", {"committee": "620600", "name": "城里的界别"}).status_code == 422


def test_a_county_officer_sees_only_county_seats_of_a_person_seated_in_both(world):
    Api(world.staff).post("/memberships/", {"committee": "620602", "member": world.member_person.pk})
    assert len(Api(world.staff).get(f"/members/{world.member_person.pk}").json()["memberships"]) == 2
    seats = Api(world.county_staff).get(f"/members/{world.member_person.pk}").json()["memberships"]
    assert [s["committee"] for s in seats] == [world.liangzhou.pk]


# --- Each role's refusals ----------------------------------------------------------------------


def test_a_member_reads_their_own_record_but_not_the_member_list(world):
    api = Api(world.member)
    assert api.get("/members/").status_code == 403
    assert api.get("/members/").json()["code"] == "forbidden"
    assert api.get("/memberships/").status_code == 403
    assert api.get(f"/members/{world.member_person.pk}").status_code == 200
    assert api.get(f"/members/{world.colleague.pk}").status_code == 404
    assert api.get(f"/memberships/{world.seat.pk}").status_code == 404
    assert api.get("/sectors/").json()["count"] == 1  # the lists of their own committee


def test_a_member_cannot_write(world):
    api = Api(world.member)
    before = counts()
    assert api.post("/sectors/", {"committee": "620600", "name": "新界别"}).status_code == 403
    assert api.patch(f"/sectors/{world.sector.pk}", {"name": "改名"}).status_code == 403
    assert api.post("/members/", {"committee": "620600", "name": "新委员"}).status_code == 403
    assert api.patch(f"/members/{world.member_person.pk}", {"workplace": "自己改"}).status_code == 403
    assert api.post(f"/members/{world.member_person.pk}/reveal").status_code == 403
    assert api.post("/terms/", {"committee": "620600", "number": 6, "start_date": "2027-01-01"}).status_code == 403
    assert (
        api.post("/committees/", {"code": "620621", "name": "x", "short_name": "x", "level": "county"}).status_code
        == 403
    )
    assert counts()["Sector"] == before["Sector"] and counts()["Member"] == before["Member"]


def test_a_unit_user_sees_no_members(world):
    api = Api(world.unit_user)
    assert api.get("/members/").status_code == 403
    assert api.get(f"/members/{world.member_person.pk}").status_code == 404
    for path in LISTS:
        if path not in ("/members/", "/memberships/"):
            assert api.get(path).json() == {"items": [], "count": 0}, path
    assert api.post("/sectors/", {"committee": "620600", "name": "x"}).status_code == 422


@pytest.mark.parametrize("admin", ["sysadmin", "secadmin", "auditor"])
def test_the_administrators_see_no_business_data(world, admin):
    api = Api(getattr(world, admin))
    assert api.get("/members/").status_code == 403
    assert api.get("/memberships/").status_code == 403
    for kind, path in wuwei_records(world).items():
        if "committee" not in path:
            assert api.get(path).status_code == 404, kind
    for path in LISTS:
        if path not in ("/members/", "/memberships/", "/committees/"):
            assert api.get(path).json() == {"items": [], "count": 0}, path
    assert api.post(f"/members/{world.member_person.pk}/reveal").status_code == 404


def test_only_the_system_administrator_reads_and_keeps_the_whole_committee_tree(world, openapi):
    assert Api(world.sysadmin).get("/committees/").json()["count"] == 4
    assert Api(world.secadmin).get("/committees/").json()["count"] == 0
    assert Api(world.auditor).get("/committees/").json()["count"] == 0
    data = {"code": "620621", "name": "民勤县政协", "short_name": "民勤县", "level": "county", "parent": "620600"}
    assert Api(world.staff).post("/committees/", data).status_code == 403
    response = Api(world.sysadmin).post("/committees/", data)
    assert response.status_code == 201, response.content
    assert_documented(openapi, "post", "/committees/", response)
    created = Committee.objects.get(code="620621")
    assert created.parent == world.wuwei and created.path == "/620000/620600/620621/"
    assert response.json()["parent"] == world.wuwei.pk
    renamed = Api(world.sysadmin).patch(f"/committees/{created.pk}", {"short_name": "民勤"})
    assert renamed.json()["short_name"] == "民勤"
    assert AuditEntry.objects.filter(action="committee.update", object_id=str(created.pk)).exists()
    # the new county is now in the city officer's scope (with descendants)
    assert Api(world.staff).get(f"/committees/{created.pk}").status_code == 200


def test_a_leader_reads_but_does_not_write(world):
    api = Api(world.leader)
    assert api.get("/members/").json()["count"] == 3
    assert api.patch(f"/members/{world.member_person.pk}", {"workplace": "x"}).status_code == 403
    assert api.post("/sectors/", {"committee": "620600", "name": "新界别"}).status_code == 403
