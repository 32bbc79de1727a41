"""The organisation API's writes through the services, bad input answered 422 with nothing written,
and list query counts that do not grow with the rows."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core.models import AuditEntry
from lvzhi.core.pii import id_check_digit
from lvzhi.org.factories import make_member
from lvzhi.org.models import Member, PartyBranch, Sector, Session, Studio
from lvzhi.org.tests.api_support import LISTS, Api, assert_documented, counts, session_client

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
    assert body["mobile_masked"] == "138********"
    assert body["gender"] == "male" and body["birth_month"] == "1980-01"  # read from the ID number
    assert body["birth_date"] is None  # the full date only for holders of the personal-information permission
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
    for path in LISTS:  # and across requests: a list's count kept until its table is written
        _queries(api, path)
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
