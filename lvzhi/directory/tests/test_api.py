"""The directory's API: statuses, scopes, contact fields only when shared, the member's profile, the
change requests and their actions, all checked against the OpenAPI document."""

import json

import pytest
from django.test import Client

from lvzhi.accounts.factories import PASSWORD
from lvzhi.core.api import openapi_mismatches
from lvzhi.directory import services
from lvzhi.directory.choices import ChangeState
from lvzhi.directory.factories import png_upload
from lvzhi.directory.models import Profile, ProfileChangeRequest

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user, openapi, *, session=False):
        self.client, self.openapi = Client(), openapi
        if session:  # the administrators' logins need a second factor: their page session calls the API
            self.client.force_login(user)
            self.headers = {}
            return
        response = self.client.post(
            "/api/v1/auth/token",
            json.dumps({"username": user.username, "password": PASSWORD}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}

    def check(self, method, template, response):
        body = response.json() if response.content else None
        problems = openapi_mismatches(self.openapi, method, f"/api/v1{template}", response.status_code, body)
        assert not problems, problems
        return response

    def get(self, path, template=None, **params):
        return self.check("get", template or path, self.client.get(f"/api/v1{path}", params, **self.headers))

    def send(self, method, path, data=None, template=None):
        body = json.dumps(data if data is not None else {})
        response = getattr(self.client, method)(f"/api/v1{path}", body, content_type="application/json", **self.headers)
        return self.check(method, template or path, response)


def names(response):
    return {item["name"] for item in response.json()["items"]}


def test_the_list_is_scoped_and_searchable_by_pinyin(world, openapi):
    api = Api(world.p.member, openapi)
    assert names(api.get("/directory/")) == {"李明", "刘洋", "王芳"}
    assert names(api.get("/directory/", q="ly")) == {"刘洋"}
    assert names(api.get("/directory/", committee="620602")) == {"王芳"}
    assert names(api.get("/directory/", committee="620800")) == set()
    assert names(Api(world.pingliang_member, openapi).get("/directory/")) == {"赵强"}
    assert api.get("/directory/", page_size=500).status_code == 422


def test_a_member_of_pingliang_gets_404_for_a_wuwei_member(world, openapi):
    api = Api(world.pingliang_member, openapi)
    assert api.get(f"/directory/{world.p.member_person.pk}", "/directory/{member_id}").status_code == 404
    assert api.get("/directory/abc", "/directory/{member_id}").status_code == 404


def test_unshared_contact_fields_never_appear_in_the_api(world, openapi):
    api = Api(world.p.member, openapi)
    path, template = f"/directory/{world.colleague_person.pk}", "/directory/{member_id}"
    detail = api.get(path, template).json()
    assert detail["contacts"] == {"mobile": None, "email": None, "workplace": None}
    assert "13912345678" not in json.dumps(api.get("/directory/").json())
    services.update_profile(actor=world.colleague, data={"share_email": True, "bio": "校长"})
    detail = api.get(path, template).json()
    assert detail["contacts"]["email"] == "liuyang@example.cn" and detail["contacts"]["mobile"] is None
    assert detail["bio"] == "校长" and detail["studios"][0]["name"] == "教育界别委员工作室"
    assert set(detail["highlights"]) == {"proposals", "opinions", "activities", "speeches"}


@pytest.mark.parametrize("who", ["unit_user", "sysadmin", "auditor"])
def test_units_and_administrators_are_refused(world, openapi, who):
    api = Api(getattr(world.p, who), openapi, session=who != "unit_user")
    assert api.get("/directory/").status_code == 403
    assert api.get("/me/profile").status_code == 403


def test_anonymous_callers_are_refused(world):
    assert Client().get("/api/v1/directory/").status_code == 401
    assert Client().get("/api/v1/me/profile").status_code == 401


def test_a_member_reads_and_patches_their_profile(world, openapi):
    api = Api(world.p.member, openapi)
    assert api.get("/me/profile").json()["bio"] == ""
    assert not Profile.objects.exists()  # reading writes nothing
    body = api.send("patch", "/me/profile", {"bio": "简介", "share_mobile": True}).json()
    assert body["bio"] == "简介" and body["share_mobile"] and not body["share_email"]
    bad = api.send("patch", "/me/profile", {"bio": "字" * 2001, "share_email": "perhaps"})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"bio", "share_email"}
    assert Profile.objects.get().bio == "简介"


def test_a_member_uploads_and_removes_a_photo(world, openapi):
    api = Api(world.p.member, openapi)
    response = api.client.post("/api/v1/me/profile/photo", {"photo": png_upload()}, **api.headers)
    assert response.status_code == 200 and response.json()["photo_url"]
    bad = api.client.post("/api/v1/me/profile/photo", {"photo": png_upload("a.txt")}, **api.headers)
    assert bad.status_code == 422 and "photo" in bad.json()["errors"]
    assert api.send("delete", "/me/profile/photo").json()["photo_url"] is None


def test_a_change_request_from_creation_to_approval(world, openapi):
    member = Api(world.p.member, openapi)
    created = member.send("post", "/profile-change-requests/", {"title": "市政协常委", "sector": world.sector2.pk})
    assert created.status_code == 201
    body = created.json()
    assert body["state"] == "pending" and body["actions"] == ["withdraw"] and len(body["timeline"]) == 1
    pk, template = body["id"], "/profile-change-requests/{request_id}"
    office = Api(world.p.staff, openapi)
    assert [i["id"] for i in office.get("/profile-change-requests/", state="pending").json()["items"]] == [pk]
    approved = office.send("post", f"/profile-change-requests/{pk}/approve", {"note": "同意"}, f"{template}/approve")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert [s["to"] for s in approved.json()["timeline"]] == ["pending", "approved"]
    again = office.send("post", f"/profile-change-requests/{pk}/reject", {"note": "x"}, f"{template}/reject")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
    world.p.member_person.refresh_from_db()
    assert world.p.member_person.title == "市政协常委"


def test_change_requests_are_refused_clearly(world, openapi):
    member = Api(world.p.member, openapi)
    bad = member.send("post", "/profile-change-requests/", {"sector": 999999, "title": "x" * 101})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"title"}  # the schema first
    bad = member.send("post", "/profile-change-requests/", {"sector": 999999})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"sector"}
    assert not ProfileChangeRequest.objects.exists()
    pk = member.send("post", "/profile-change-requests/", {"title": "新职务"}).json()["id"]
    template = "/profile-change-requests/{request_id}"
    other = Api(world.p.other_staff, openapi)
    assert other.get(f"/profile-change-requests/{pk}", template).status_code == 404
    assert other.send("post", f"/profile-change-requests/{pk}/approve", {}, f"{template}/approve").status_code == 404
    colleague = Api(world.colleague, openapi)
    assert colleague.get(f"/profile-change-requests/{pk}", template).status_code == 404
    refused = member.send("post", f"/profile-change-requests/{pk}/approve", {}, f"{template}/approve")
    assert refused.status_code == 403
    rejected = Api(world.p.staff, openapi).send(
        "post", f"/profile-change-requests/{pk}/reject", {}, f"{template}/reject"
    )
    assert rejected.status_code == 422 and "note" in rejected.json()["errors"]
    assert ProfileChangeRequest.objects.get().state == ChangeState.PENDING
    assert Api(world.p.unit_user, openapi).send("post", "/profile-change-requests/", {"title": "x"}).status_code == 403
