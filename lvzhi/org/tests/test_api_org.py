"""The organisation API: reads within scope, writes through the services, every role's refusals,
bad input answered 422 with nothing written, the OpenAPI document against real responses, and
list query counts that do not grow with the rows."""

import datetime
import json
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lvzhi.accounts.middleware import LOGIN_AT_KEY
from lvzhi.core.api import openapi_mismatches
from lvzhi.core.models import AuditEntry
from lvzhi.core.pii import id_check_digit
from lvzhi.org.factories import make_member
from lvzhi.org.models import (
    Committee,
    Member,
    Membership,
    Party,
    PartyBranch,
    Sector,
    Session,
    SpecialCommittee,
    Studio,
    Term,
    Unit,
)

PASSWORD = "Lvzhi-test-2026!"
ORG_MODELS = [Committee, Term, Session, Member, Membership, Sector, SpecialCommittee, Party, PartyBranch, Unit, Studio]
LISTS = ["/committees/", "/terms/", "/sessions/", "/members/", "/memberships/"] + [
    f"/{name}/" for name in ("sectors", "special-committees", "parties", "branches", "units", "studios")
]


class Api:
    """A client calling /api/v1 with the bearer token POST /api/v1/auth/token gave this user."""

    def __init__(self, user):
        self.client = Client()
        response = self.client.post(
            "/api/v1/auth/token",
            json.dumps({"username": user.username, "password": PASSWORD}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}

    def get(self, path, params=None):
        return self.client.get(f"/api/v1{path}", params or {}, **self.headers)

    def send(self, method, path, data=None):
        body = data if isinstance(data, (str, bytes)) else json.dumps(data if data is not None else {})
        return getattr(self.client, method)(f"/api/v1{path}", body, content_type="application/json", **self.headers)

    def post(self, path, data=None):
        return self.send("post", path, data)

    def patch(self, path, data=None):
        return self.send("patch", path, data)


@pytest.fixture
def world(personas):
    p = personas
    p.colleague = make_member(p.wuwei, "陈静", sector=p.sector)
    p.studio = Studio.objects.create(committee=p.wuwei, name="李明委员工作室", lead=p.member_person)
    p.studio.members.add(p.member_person)
    p.branch = PartyBranch.objects.create(committee=p.wuwei, name="机关第一党支部")
    p.group = PartyBranch.objects.create(committee=p.wuwei, name="第一党小组", kind="group", parent=p.branch)
    p.county_sector = Sector.objects.create(committee=p.liangzhou, name="农业界")
    p.pingliang_sector = Sector.objects.create(committee=p.pingliang, name="教育界")
    p.seat = p.member_person.memberships.get()
    p.seat.special_committees.add(p.special)
    p.term = p.wuwei.terms.get()
    p.session = p.term.sessions.get()
    return p


@pytest.fixture
def openapi(db):
    return Client().get("/api/v1/openapi.json").json()


def template_of(openapi, path):
    """The document's path template for a concrete path: /members/12 → /api/v1/members/{member_id}."""
    parts = f"/api/v1{path.split('?')[0]}".split("/")
    for template in openapi["paths"]:
        pieces = template.split("/")
        if len(pieces) == len(parts) and all(a == b or a.startswith("{") for a, b in zip(pieces, parts, strict=True)):
            return template
    raise AssertionError(f"{path} is not documented")


def assert_documented(openapi, method, path, response):
    problems = openapi_mismatches(openapi, method, template_of(openapi, path), response.status_code, response.json())
    assert not problems, problems


def wuwei_records(w):
    """Every kind of 武威 record, by the API path of its detail."""
    return {
        "committee": f"/committees/{w.wuwei.pk}",
        "county committee": f"/committees/{w.liangzhou.pk}",
        "term": f"/terms/{w.term.pk}",
        "session": f"/sessions/{w.session.pk}",
        "member": f"/members/{w.member_person.pk}",
        "county member": f"/members/{w.county_person.pk}",
        "membership": f"/memberships/{w.seat.pk}",
        "sector": f"/sectors/{w.sector.pk}",
        "special committee": f"/special-committees/{w.special.pk}",
        "party": f"/parties/{w.party.pk}",
        "branch": f"/branches/{w.branch.pk}",
        "unit": f"/units/{w.unit.pk}",
        "studio": f"/studios/{w.studio.pk}",
    }


PATCHES = {
    "/committees/": {"name": "改名"},
    "/terms/": {"number": 9},
    "/sessions/": {"number": 9},
    "/members/": {"workplace": "改过的单位"},
    "/memberships/": {"role": "standing"},
    "/sectors/": {"name": "改名"},
    "/special-committees/": {"name": "改名"},
    "/parties/": {"name": "改名"},
    "/branches/": {"name": "改名"},
    "/units/": {"name": "改名"},
    "/studios/": {"name": "改名"},
}


def patch_for(path):
    return PATCHES[path.rsplit("/", 1)[0] + "/"]


def counts():
    rows = {model.__name__: model.objects.count() for model in ORG_MODELS}
    rows["audit"] = AuditEntry.objects.exclude(action__in=["login", "token.create"]).count()
    return rows


def session_client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    session = client.session
    session[LOGIN_AT_KEY] = time.time()
    session.save()
    return client


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
    assert body["mobile_masked"] == person.mobile[:3] + "****" + person.mobile[-4:]
    assert body["id_number_masked"] == person.id_number[:4] + "*" * 10 + person.id_number[-4:]
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
    assert counts() == before


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


# --- Writes through the services ---------------------------------------------------------------


def test_staff_create_and_update_every_list(world, openapi):
    api = Api(world.staff)
    creates = {
        "/sectors/": {"name": "科技界", "sort": 3},
        "/special-committees/": {"name": "经济委员会"},
        "/parties/": {"name": "九三学社", "short_name": "九三", "kind": "democratic"},
        "/branches/": {"name": "第二党小组", "kind": "group", "parent": world.branch.pk, "secretary": "张书记"},
        "/units/": {
            "name": "武威市财政局",
            "kind": "government",
            "contact_name": "刘",
            "contact_phone": "0935-1234567",
        },
        "/studios/": {
            "name": "科技界委员工作室",
            "level": "city",
            "sector": world.sector.pk,
            "lead": world.colleague.pk,
            "members": [world.colleague.pk, world.member_person.pk],
        },
    }
    for path, data in creates.items():
        response = api.post(path, {"committee": "620600", **data})
        assert response.status_code == 201, (path, response.content)
        assert_documented(openapi, "post", path, response)
        body = response.json()
        assert body["committee"] == world.wuwei.pk
        assert body["name"] == data["name"]
        detail = f"{path}{body['id']}"
        assert api.get(detail).json() == body
        updated = api.patch(detail, {"name": data["name"] + "（改）"})
        assert updated.status_code == 200, (path, updated.content)
        assert_documented(openapi, "patch", detail, updated)
        assert updated.json() == {**body, "name": data["name"] + "（改）"}
    studio = Studio.objects.get(name__startswith="科技界委员工作室")
    assert studio.lead == world.colleague and set(studio.members.all()) == {world.colleague, world.member_person}
    assert AuditEntry.objects.filter(action="studio.create", actor=world.staff).count() == 1
    assert AuditEntry.objects.filter(action="sector.update", actor=world.staff).count() == 1


def test_staff_create_and_update_terms_and_sessions(world, openapi):
    api = Api(world.staff)
    term = api.post("/terms/", {"committee": "620602", "number": 6, "start_date": "2027-01-10"})
    assert term.status_code == 201, term.content
    assert_documented(openapi, "post", "/terms/", term)
    assert term.json()["name"] == "第六届" and term.json()["committee"] == world.liangzhou.pk
    session = api.post(
        "/sessions/", {"term": term.json()["id"], "number": 1, "start_date": "2027-01-10", "end_date": "2027-01-13"}
    )
    assert session.status_code == 201, session.content
    assert session.json()["name"] == "六届一次会议"
    moved = api.patch(f"/sessions/{session.json()['id']}", {"end_date": "2027-01-14"})
    assert moved.json()["end_date"] == "2027-01-14"
    bad = api.patch(f"/sessions/{session.json()['id']}", {"end_date": "2027-01-01"})
    assert bad.status_code == 422 and "end_date" in bad.json()["errors"]
    assert Session.objects.get(pk=session.json()["id"]).end_date == datetime.date(2027, 1, 14)


def test_staff_register_a_member_with_a_seat(world, openapi):
    api = Api(world.staff)
    data = {
        "committee": "620600",
        "name": "孙立",
        "id_number": "620602198001010011",
        "mobile": "13800001111",
        "workplace": "武威市第一中学",
        "membership": {
            "role": "standing",
            "sector": world.sector.pk,
            "party": world.party.pk,
            "special_committees": [world.special.pk],
        },
    }
    data["id_number"] = data["id_number"][:17] + id_check_digit(data["id_number"][:17])
    response = api.post("/members/", data)
    assert response.status_code == 201, response.content
    assert_documented(openapi, "post", "/members/", response)
    body = response.json()
    assert body["mobile_masked"] == "138****1111"
    assert body["gender"] == "male" and body["birth_date"] == "1980-01-01"  # read from the ID number
    [seat] = body["memberships"]
    assert seat["role"] == "standing" and seat["term"]["id"] == world.term.pk
    assert seat["special_committees"] == [{"id": world.special.pk, "name": "提案委员会"}]
    person = Member.objects.get(pk=body["id"])
    assert person.mobile == "13800001111" and "13800001111" not in person.mobile_encrypted
    assert AuditEntry.objects.filter(action="member.create", object_id=str(person.pk)).exists()
    updated = api.patch(f"/members/{person.pk}", {"title": "校长", "email": "sun@example.cn"})
    assert updated.status_code == 200
    assert updated.json()["title"] == "校长" and updated.json()["workplace"] == "武威市第一中学"


def test_staff_seat_update_and_end_a_membership(world, openapi):
    api = Api(world.staff)
    created = api.post("/memberships/", {"committee": "620602", "member": world.member_person.pk, "role": "member"})
    assert created.status_code == 201, created.content
    assert_documented(openapi, "post", "/memberships/", created)
    seat = created.json()
    assert seat["committee"] == world.liangzhou.pk and seat["member"]["id"] == world.member_person.pk
    again = api.post("/memberships/", {"committee": "620602", "member": world.member_person.pk})
    assert again.status_code == 422 and "term" in again.json()["errors"]
    # a partial update keeps what it does not name
    changed = api.patch(f"/memberships/{world.seat.pk}", {"role": "standing"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["role"] == "standing"
    assert changed.json()["sector"]["id"] == world.sector.pk and changed.json()["party"]["id"] == world.party.pk
    assert changed.json()["special_committees"] == [{"id": world.special.pk, "name": "提案委员会"}]
    ended = api.post(
        f"/memberships/{world.seat.pk}/end", {"status": "resigned", "ended_on": "2025-06-30", "reason": "工作调动"}
    )
    assert ended.status_code == 200, ended.content
    assert_documented(openapi, "post", "/memberships/{membership_id}/end", ended)
    assert ended.json()["status"] == "resigned" and ended.json()["ended_on"] == "2025-06-30"
    refused = api.post(f"/memberships/{world.seat.pk}/end", {"status": "removed", "ended_on": "2025-07-01"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "illegal_transition"
    assert_documented(openapi, "post", "/memberships/{membership_id}/end", refused)
    world.seat.refresh_from_db()
    assert world.seat.status == "resigned" and world.seat.ended_on == datetime.date(2025, 6, 30)


def test_unmasking_is_for_holders_of_the_permission_and_audited(world, openapi):
    person = world.member_person
    response = Api(world.pii_staff).post(f"/members/{person.pk}/reveal")
    assert response.status_code == 200
    assert_documented(openapi, "post", "/members/{member_id}/reveal", response)
    assert response.json() == {"id_number": person.id_number, "mobile": person.mobile}
    assert AuditEntry.objects.filter(action="member.unmask", actor=world.pii_staff, result="ok").count() == 1
    refused = Api(world.staff).post(f"/members/{person.pk}/reveal")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert AuditEntry.objects.filter(action="member.unmask", actor=world.staff, result="denied").count() == 1


def test_a_session_write_without_the_csrf_token_is_refused(world):
    client = session_client(world.staff, enforce_csrf_checks=True)
    assert client.get("/api/v1/sectors/").status_code == 200
    body = json.dumps({"committee": "620600", "name": "会话界别"})
    response = client.post("/api/v1/sectors/", body, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Sector.objects.filter(name="会话界别").exists()


# --- Bad input: 422 (or 404 for a nonsense id), never 500, nothing written --------------------


def test_bad_member_input_is_422_with_every_field_error_and_writes_nothing(world, openapi):
    api = Api(world.staff)
    before = counts()
    data = {"committee": "620600", "name": " ", "id_number": "620602198001010012", "mobile": "12345", "email": "x"}
    response = api.post("/members/", data)
    assert response.status_code == 422
    assert_documented(openapi, "post", "/members/", response)
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"name", "id_number", "mobile", "email"}
    assert body["errors"]["name"] == ["请填写姓名。"]
    seat = {"committee": "620600", "name": "钱多", "membership": {"sector": world.county_sector.pk}}
    assert api.post("/members/", seat).json()["errors"] == {"sector": ["请选择本委员会的界别。"]}
    assert counts() == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/sectors/", "{not json"),
        ("post", "/sectors/", "[]"),
        ("post", "/sectors/", '"sector"'),
        ("post", "/sectors/", b"\xff\xfe"),
        ("post", "/sectors/", {"committee": "620600"}),
        ("post", "/sectors/", {"committee": "620600", "name": ""}),
        ("post", "/sectors/", {"committee": "620600", "name": "x" * 101}),
        ("post", "/sectors/", {"committee": "620600", "name": "经济界"}),  # already there
        ("post", "/sectors/", {"committee": "620600", "name": "x", "sort": "many"}),
        ("post", "/sectors/", {"committee": "620600", "name": "x", "sort": -1}),
        ("post", "/sectors/", {"committee": "9" * 40, "name": "x"}),
        ("post", "/sectors/", {"committee": ["620600"], "name": "x"}),
        ("post", "/sectors/", {"committee": None, "name": "x"}),
        ("post", "/parties/", {"committee": "620600", "name": "x", "kind": "pirate"}),
        ("post", "/branches/", {"committee": "620600", "name": "孤儿小组", "kind": "group"}),
        ("post", "/branches/", {"committee": "620600", "name": "x", "kind": "group", "parent": 2**70}),
        ("post", "/studios/", {"committee": "620600", "name": "x", "members": ["a"]}),
        ("post", "/studios/", {"committee": "620600", "name": "x", "members": [2**62]}),
        ("post", "/studios/", {"committee": "620600", "name": "x", "established_on": "2024-13-40"}),
        ("post", "/members/", {"committee": "620600", "name": "x", "gender": "other"}),
        ("post", "/members/", {"committee": "620600", "name": "x", "birth_date": "yesterday"}),
        ("post", "/members/", {"committee": "620600", "name": "x", "membership": {"role": "king"}}),
        ("post", "/members/", {"committee": "620600", "name": "x", "membership": {"term": 2**63}}),
        ("post", "/members/", {"committee": "620600", "name": "x", "membership": {"special_committees": "x"}}),
        ("post", "/members/", {"committee": "620600", "name": "x", "membership": "yes"}),
        ("post", "/memberships/", {"committee": "620602", "member": "me"}),
        ("post", "/memberships/", {"committee": "620602", "member": 10**30}),
        ("post", "/terms/", {"committee": "620600", "number": 5, "start_date": "2022-01-10"}),  # duplicate
        ("post", "/terms/", {"committee": "620600", "number": 6, "start_date": "2027-01-01", "end_date": "2026-01-01"}),
        ("post", "/sessions/", {"term": 0, "number": 1, "start_date": "2025-01-01", "end_date": "2025-01-02"}),
        ("post", "/committees/", {"code": "abc", "name": "x", "short_name": "x", "level": "county"}),
        ("patch", "/sectors/{sector}", {"name": None}),
        ("patch", "/sectors/{sector}", {"is_active": "perhaps"}),
        ("patch", "/members/{member}", {"mobile": "not a phone"}),
        ("patch", "/members/{member}", {"id_number": "X" * 30}),
        ("patch", "/memberships/{seat}", {"role": None}),
        ("patch", "/memberships/{seat}", {"sector": 999999}),
        ("patch", "/terms/{term}", {"start_date": None}),
        ("post", "/memberships/{seat}/end", {"status": "fired", "ended_on": "2025-01-01"}),
        ("post", "/memberships/{seat}/end", {"status": "resigned", "ended_on": "2000-01-01"}),
        ("post", "/memberships/{seat}/end", {"status": "resigned"}),
        ("patch", "/sectors/abc", {"name": "x"}),
        ("patch", "/sectors/-1", {"name": "x"}),
        ("patch", "/sectors/99999999999999999999999", {"name": "x"}),
        ("get", "/members/abc", None),
        ("get", "/members/0", None),
        ("get", "/members/1e3", None),
        ("get", "/members/99999999999999999999999", None),
        ("get", "/members/?page_size=100000", None),
        ("get", "/members/?page=abc", None),
        ("get", "/members/?page=0", None),
        ("get", "/members/?page=99999999999999999999", None),
        ("get", "/members/?sector=99999999999999999999", None),
        ("get", "/members/?committee=abc", None),
        ("get", "/members/?role=king", None),
        ("get", "/members/?status=fired", None),
        ("get", "/members/?term=%C2%B2", None),
        ("get", "/sectors/?committee=99999999999999999999", None),
        ("get", "/sessions/?term=x", None),
        ("get", "/committees/?level=galaxy", None),
        ("get", "/members/?q=%00", None),
        ("get", "/sectors/?q=a%00b", None),
        ("post", "/sectors/", {"committee": "620600", "name": "nul\u0000"}),
        (
            "post",
            "/members/",
            {"committee": "620600", "name": "x", "membership": {"special_committees": []}, "title": "\u0000"},
        ),
        ("patch", "/studios/{studio}", {"address": "\u0000"}),
    ],
)
def test_no_input_yields_a_500_or_writes_anything(world, method, path, body):
    api = Api(world.staff)
    path = path.format(
        sector=world.sector.pk,
        member=world.member_person.pk,
        seat=world.seat.pk,
        term=world.term.pk,
        studio=world.studio.pk,
    )
    before = counts()
    if method == "get":
        response = api.client.get(f"/api/v1{path}", **api.headers)
    else:
        response = api.send(method, path, body)
    assert response.status_code in (403, 404, 409, 422), (response.status_code, response.content)
    answer = response.json()
    assert answer["code"] in ("forbidden", "not_found", "invalid", "illegal_transition") and answer["message"]
    if response.status_code == 422:
        assert answer["errors"] and all(isinstance(v, list) for v in answer["errors"].values())
    assert counts() == before


# --- Query counts ------------------------------------------------------------------------------


def _queries(api, path):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path, {"page_size": 200})
    assert response.status_code == 200
    return len(captured), response.json()["count"]


def test_list_query_counts_do_not_grow_with_the_rows(world):
    api = Api(world.staff)
    api.get("/me")  # warm up whatever is cached per process
    before = {path: _queries(api, path) for path in LISTS}
    for n in range(12):
        person = make_member(world.wuwei, f"新委员{n}", sector=world.sector, party=world.party)
        person.memberships.get().special_committees.add(world.special)
        studio = Studio.objects.create(committee=world.wuwei, name=f"工作室{n}", sector=world.sector, lead=person)
        studio.members.add(person, world.member_person)
        Sector.objects.create(committee=world.wuwei, name=f"界别{n}")
        PartyBranch.objects.create(committee=world.wuwei, name=f"小组{n}", kind="group", parent=world.branch)
    after = {path: _queries(api, path) for path in LISTS}
    for path in LISTS:
        assert after[path][0] == before[path][0], (path, before[path], after[path])
    assert after["/members/"][1] == before["/members/"][1] + 12
    assert after["/studios/"][1] == before["/studios/"][1] + 12
    assert max(count for count, _rows in after.values()) <= 12
