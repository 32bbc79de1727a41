"""The 文史 API: the review through the action table's endpoints, statuses and error bodies as DESIGN.md
says, scope (another committee's record is 404), and the responses checked against the OpenAPI
document."""

import json

import pytest

from lvzhi.core.api import openapi_mismatches
from lvzhi.core.tests.openapi import openapi_document
from lvzhi.wenshi.choices import ManuscriptState
from lvzhi.wenshi.models import Circulation, Manuscript

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def document():
    return openapi_document()


@pytest.fixture
def api(client, document):
    def call(user, method, path, body=None, spec=None):
        client.logout()
        if user is not None:
            client.force_login(user)
        kwargs = {"content_type": "application/json"}
        if body is not None:
            kwargs["data"] = json.dumps(body)
        response = getattr(client, method)(f"/api/v1{path}", **kwargs)
        data = response.json() if response.content and response["Content-Type"].startswith("application/json") else None
        if spec is not None:
            assert not openapi_mismatches(document, method, spec, response.status_code, data)
        return response.status_code, data

    return call


def test_a_member_submits_and_the_office_reviews_through_the_api(world, api):
    status, body = api(
        world.member,
        "post",
        "/wenshi/manuscripts/",
        {"title": "武威文庙修缮记", "text": "文庙始建于明代。"},
        spec="/api/v1/wenshi/manuscripts/",
    )
    assert status == 201 and body["state"] == "submitted" and body["author_name"] == "李明"
    pk = body["id"]
    status, body = api(
        world.staff,
        "post",
        f"/wenshi/manuscripts/{pk}/pass",
        {"note": "转复审"},
        spec="/api/v1/wenshi/manuscripts/{id}/pass",
    )
    assert status == 200 and body["state"] == "reviewing"
    status, body = api(world.staff, "post", f"/wenshi/manuscripts/{pk}/adopt", {})
    assert status == 200 and body["state"] == "adopted"
    assert [s["action"] for s in body["timeline"]] == ["submit", "pass", "adopt"]
    status, body = api(
        world.staff, "post", f"/wenshi/manuscripts/{pk}/pass", {}, spec="/api/v1/wenshi/manuscripts/{id}/pass"
    )
    assert status == 409 and body["code"] == "illegal_transition"


def test_a_return_without_a_note_is_422_and_changes_nothing(world, api):
    pk = world.manuscript.pk
    status, body = api(world.staff, "post", f"/wenshi/manuscripts/{pk}/return", {"note": ""})
    assert status == 422 and body["code"] == "invalid" and "note" in body["errors"]
    assert Manuscript.objects.get(pk=pk).state == ManuscriptState.SUBMITTED


def test_another_committee_and_other_members_get_404(world, api):
    pk = world.manuscript.pk
    assert api(world.other_staff, "get", f"/wenshi/manuscripts/{pk}")[0] == 404
    assert api(world.member2, "get", f"/wenshi/manuscripts/{pk}")[0] == 404
    assert api(world.other_staff, "post", f"/wenshi/manuscripts/{pk}/pass", {})[0] == 404
    assert api(world.p.unit_user, "get", "/wenshi/manuscripts/")[0] == 403
    assert api(None, "get", "/wenshi/manuscripts/")[0] == 401
    status, body = api(world.other_staff, "get", "/wenshi/manuscripts/", spec="/api/v1/wenshi/manuscripts/")
    assert status == 200 and body["count"] == 0


def test_an_edit_keeps_the_original_as_version_one(world, api):
    pk = world.manuscript.pk
    status, body = api(
        world.staff,
        "patch",
        f"/wenshi/manuscripts/{pk}",
        {"text": "编辑加工后的正文", "note": "编辑加工"},
        spec="/api/v1/wenshi/manuscripts/{id}",
    )
    assert status == 200 and [v["number"] for v in body["versions"]] == [1, 2]
    assert body["versions"][0]["text"].startswith("1247年") and body["text"] == "编辑加工后的正文"


def test_the_office_keeps_the_exchange_register_and_counts_copies(world, api):
    status, body = api(
        world.staff,
        "post",
        "/wenshi/circulations/",
        {
            "kind": "exchange",
            "volume": world.volume.pk,
            "counterpart": "陕西省宝鸡市政协",
            "happened_on": "2024-10-08",
            "copies": 2,
            "received": "《宝鸡文史资料》2册",
        },
        spec="/api/v1/wenshi/circulations/",
    )
    assert status == 201 and body["what"].startswith("《武威文史》第18辑")
    status, body = api(
        world.staff,
        "post",
        "/wenshi/circulations/",
        {"kind": "exchange", "volume": world.volume.pk, "counterpart": "x", "happened_on": "2024-10-08"},
    )
    assert status == 422 and "received" in body["errors"]
    assert api(world.member, "get", "/wenshi/circulations/")[0] == 403
    assert Circulation.objects.count() == 1


def test_a_member_reads_published_volumes_only(world, api):
    api(world.staff, "post", "/wenshi/volumes/", {"kind": "book", "title": "史志武威资料辑录"})
    status, body = api(world.member, "get", "/wenshi/volumes/", spec="/api/v1/wenshi/volumes/")
    assert status == 200 and [v["display_title"] for v in body["items"]] == ["《武威文史》第18辑：凉州文化专辑"]
    assert api(world.pingliang_member, "get", f"/wenshi/volumes/{world.volume.pk}")[0] == 404
