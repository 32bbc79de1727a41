"""The topics API: the same rules as the pages, statuses and error bodies as DESIGN.md says, and the
responses checked against the OpenAPI document."""

import json

import pytest

from lvzhi.core.api import openapi_mismatches
from lvzhi.core.tests.openapi import openapi_document
from lvzhi.deliberation import services
from lvzhi.deliberation.models import Post, Topic


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
        data = response.json() if response.content else None
        if spec is not None:
            assert not openapi_mismatches(document, method, spec, response.status_code, data)
        return response.status_code, data

    return call


def test_the_whole_flow_through_the_api(world, api):
    status, body = api(
        world.staff,
        "post",
        "/topics/",
        {"title": "养老服务", "background": "<p>背景<script>x</script></p>", "opens_on": "2026-01-01",
         "closes_on": "2099-12-31"},
        spec="/api/v1/topics/",
    )  # fmt: skip
    assert status == 201 and body["state"] == "draft" and body["background"] == "<p>背景</p>"
    pk = body["id"]
    assert api(world.member, "get", f"/topics/{pk}")[0] == 404  # a draft is the office's
    status, body = api(world.staff, "post", f"/topics/{pk}/open", spec="/api/v1/topics/{id}/open")
    assert status == 200 and body["state"] == "open" and body["timeline"][-1]["to"] == "open"
    status, post = api(
        world.member, "post", f"/topics/{pk}/posts", {"text": "多建社区食堂"}, spec="/api/v1/topics/{id}/posts"
    )
    assert status == 201 and post["mine"] and post["parent"] is None
    status, reply = api(world.member2, "post", f"/topics/{pk}/posts", {"text": "赞同", "parent": post["id"]})
    assert status == 201 and reply["parent"] == post["id"]
    status, body = api(world.member, "patch", f"/topics/{pk}/posts/{post['id']}", {"text": "多建社区老年食堂"})
    assert status == 200 and body["edited_at"]
    status, body = api(world.member2, "delete", f"/topics/{pk}/posts/{reply['id']}")
    assert status == 204
    status, body = api(world.staff, "post", f"/topics/{pk}/close")
    assert status == 200 and body["state"] == "closed"
    assert api(world.staff, "post", f"/topics/{pk}/close")[0] == 409
    status, body = api(world.staff, "post", f"/topics/{pk}/distil", {"summary": "综述", "posts": [post["id"]]})
    assert status == 200 and body["state"] == "distilled" and body["outcome"]["posts"] == [post["id"]]
    status, body = api(world.staff, "post", f"/topics/{pk}/report", {}, spec="/api/v1/topics/{id}/report")
    assert status == 200 and body["outcome"]["report"]


def test_members_list_only_what_is_addressed_to_them(world, api):
    other = services.create_topic(
        actor=world.p.other_staff,
        committee=world.p.pingliang,
        data={"title": "平凉议题", "opens_on": "2026-01-01", "closes_on": "2099-01-01"},
    )
    services.open_topic(actor=world.p.other_staff, topic=other)
    status, body = api(world.member, "get", "/topics/", spec="/api/v1/topics/")
    assert status == 200 and [t["id"] for t in body["items"]] == [world.topic.pk] and body["count"] == 1
    status, body = api(world.pingliang_member, "get", "/topics/")
    assert [t["id"] for t in body["items"]] == [other.pk]
    assert api(world.pingliang_member, "get", f"/topics/{world.topic.pk}")[0] == 404
    assert api(world.p.other_staff, "get", f"/topics/{world.topic.pk}")[0] == 404
    assert api(world.p.other_staff, "post", f"/topics/{world.topic.pk}/close")[0] == 404
    status, body = api(world.staff, "get", "/topics/?state=open")
    assert status == 200 and [t["id"] for t in body["items"]] == [world.topic.pk]


def test_a_hidden_post_is_invisible_to_members_through_the_api(world, api):
    post = services.create_post(actor=world.member, topic=world.topic, text="不当言论")
    status, body = api(
        world.staff, "post", f"/topics/{world.topic.pk}/hide-post", {"post": post.pk, "reason": "不实"},
        spec="/api/v1/topics/{id}/hide-post",
    )  # fmt: skip
    assert status == 200 and body["thread"][0]["hidden"] and body["thread"][0]["hidden_reason"] == "不实"
    for member in (world.member, world.member2):
        status, body = api(member, "get", f"/topics/{world.topic.pk}", spec="/api/v1/topics/{id}")
        assert status == 200 and body["thread"] == []
        assert body["posts"] == 0


def test_it_refuses_anonymous_units_admins_and_members_writing(world, api):
    path = f"/topics/{world.topic.pk}"
    assert api(None, "get", "/topics/")[0] == 401
    for user in (world.p.unit_user, *world.p.admins):
        assert api(user, "get", "/topics/")[0] == 403
        assert api(user, "get", path)[0] == 403
    assert (
        api(world.member, "post", "/topics/", {"title": "x", "opens_on": "2026-01-01", "closes_on": "2026-01-02"})[0]
        == 403
    )
    assert api(world.member, "patch", path, {"title": "改"})[0] == 403
    assert api(world.member, "post", f"{path}/close")[0] == 403  # the step is not the member's
    assert Topic.objects.get(pk=world.topic.pk).title != "改"


def test_bad_input_is_422_with_field_errors_and_writes_nothing(world, api):
    before = Topic.objects.count()
    status, body = api(
        world.staff, "post", "/topics/", {"title": "", "opens_on": "2026-02-01", "closes_on": "2026-01-01"}
    )
    assert status == 422 and body["code"] == "invalid" and {"title", "closes_on"} <= set(body["errors"])
    status, body = api(world.staff, "post", "/topics/", {"title": "x", "opens_on": "1800-01-01", "closes_on": "x"})
    assert status == 422
    status, body = api(world.member, "post", f"/topics/{world.topic.pk}/posts", {"text": ""})
    assert status == 422 and "text" in body["errors"]
    status, body = api(world.member, "post", f"/topics/{world.topic.pk}/posts", {"text": "a\x00b"})
    assert status == 422
    status, body = api(world.staff, "post", f"/topics/{world.topic.pk}/hide-post", {"post": 1, "reason": ""})
    assert status == 422
    assert api(world.staff, "get", "/topics/99999999999999999999")[0] in (404, 422)
    assert Topic.objects.count() == before and Post.objects.count() == 0
