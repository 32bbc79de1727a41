"""The learning API: the same rules as the pages, statuses and error bodies as DESIGN.md says,
nothing written on bad input, responses as the OpenAPI document says."""

import pytest

from lvzhi.core.api import openapi_mismatches
from lvzhi.learning import services
from lvzhi.learning.factories import REFLECTION
from lvzhi.learning.models import Reflection, StudyMaterial, StudyRecord

pytestmark = pytest.mark.django_db


def test_a_material_through_the_api(world, api, document):
    s = world.staff
    body = {"title": "政协委员履职能力提升讲座", "kind": "video", "media_url": "https://video.example/1.mp4"}
    body |= {"topics": ["履职知识"], "required": True, "deadline": "2099-06-30"}
    status, created = api(s, "post", "/study-materials/", body)
    assert status == 201 and created["state"] == "draft" and created["topics"] == ["履职知识"]
    assert not openapi_mismatches(document, "post", "/api/v1/study-materials/", 201, created)
    pk = created["id"]
    status, patched = api(s, "patch", f"/study-materials/{pk}", {"title": "履职能力提升讲座（视频）"})
    assert status == 200 and patched["title"] == "履职能力提升讲座（视频）" and patched["required"]
    status, published = api(s, "post", f"/study-materials/{pk}/publish")
    assert status == 200 and published["state"] == "published" and published["timeline"][-1]["to"] == "published"
    assert not openapi_mismatches(document, "post", "/api/v1/study-materials/{pk}/publish", 200, published)
    assert api(s, "post", f"/study-materials/{pk}/publish")[0] == 409

    status, listing = api(world.member, "get", "/study-materials/?required=true&studied=false")
    assert status == 200 and [m["id"] for m in listing["items"]] == [pk]
    assert not openapi_mismatches(document, "get", "/api/v1/study-materials/", 200, listing)
    status, studied = api(world.member, "post", f"/study-materials/{pk}/studied", {"seconds": 95})
    assert status == 200 and studied["studied"] and studied["studied_seconds"] == 95
    assert StudyRecord.objects.get().measured_by == "client"
    assert api(world.member, "post", f"/study-materials/{pk}/studied", {"seconds": 95})[0] == 409
    status, detail = api(world.member, "post", f"/study-materials/{pk}/reflect", {"text": REFLECTION})
    assert status == 200 and detail["reflection_state"] == "draft" and detail["timeline"] == []
    reflection = Reflection.objects.get()
    status, submitted = api(world.member, "post", f"/study-reflections/{reflection.pk}/submit")
    assert status == 200 and submitted["state"] == "submitted"
    assert not openapi_mismatches(document, "post", "/api/v1/study-reflections/{pk}/submit", 200, submitted)
    status, rows = api(s, "get", f"/study-materials/{pk}/reflections")
    assert status == 200 and rows["count"] == 1
    status, completion = api(s, "get", f"/study-materials/{pk}/completion")
    assert status == 200 and completion["by_committee"][0]["studied"] == 1
    assert not openapi_mismatches(document, "get", "/api/v1/study-materials/{pk}/completion", 200, completion)
    status, got = api(s, "get", f"/study-materials/{pk}")
    assert not openapi_mismatches(document, "get", "/api/v1/study-materials/{pk}", 200, got)


def test_reading_groups_through_the_api(world, api, document):
    book = world.book()
    body = {"name": "读书群", "book": book.pk, "sessions": [{"date": "2026-04-01", "chapters": "第一章"}]}
    status, group = api(world.staff, "post", "/reading-groups/", body)
    assert status == 201 and group["sessions"][0]["chapters"] == "第一章"
    assert not openapi_mismatches(document, "post", "/api/v1/reading-groups/", 201, group)
    pk = group["id"]
    status, joined = api(world.member, "post", f"/reading-groups/{pk}/join")
    assert status == 200 and joined["joined"] and joined["member_count"] == 1
    assert api(world.member, "post", f"/reading-groups/{pk}/join")[0] == 409
    assert api(world.member, "post", f"/reading-groups/{pk}/post", {"text": "很有收获"})[0] == 200
    status, posts = api(world.member, "get", f"/reading-groups/{pk}/posts")
    assert status == 200 and posts["items"][0]["text"] == "很有收获"
    assert not openapi_mismatches(document, "get", "/api/v1/reading-groups/{pk}/posts", 200, posts)
    assert api(world.member, "post", f"/reading-groups/{pk}/close")[0] == 403
    assert api(world.member, "post", f"/reading-groups/{pk}/leave")[0] == 200
    status, listing = api(world.member2, "get", "/reading-groups/")
    assert status == 200 and listing["count"] == 1
    assert api(world.pingliang_member, "get", f"/reading-groups/{pk}")[0] == 404


def test_who_may_call(world, api):
    material = world.material()
    draft = world.material(publish=False)
    assert api(None, "get", "/study-materials/")[0] == 401
    assert api(world.p.sysadmin, "get", "/study-materials/")[0] == 403
    assert api(world.p.other_staff, "get", f"/study-materials/{material.pk}")[0] == 404
    assert api(world.pingliang_member, "get", f"/study-materials/{material.pk}")[0] == 404
    assert api(world.member, "get", f"/study-materials/{draft.pk}")[0] == 404
    assert api(world.p.other_staff, "patch", f"/study-materials/{material.pk}", {"title": "x"})[0] == 404
    assert api(world.member, "patch", f"/study-materials/{material.pk}", {"title": "x"})[0] == 403
    assert api(world.member, "post", "/study-materials/", {"title": "x"})[0] == 422  # no committee they manage
    status, listing = api(world.p.unit_user, "get", "/study-materials/")
    assert status == 200 and listing["count"] == 0
    assert api(world.p.unit_user, "post", f"/study-materials/{material.pk}/studied")[0] == 404
    assert api(world.member, "post", f"/study-materials/{material.pk}/withdraw", {"reason": "x"})[0] == 403


@pytest.mark.parametrize(
    "body",
    [
        {"title": "", "kind": "article"},
        {"title": "x", "kind": "film"},
        {"title": "x", "deadline": "1800-01-01", "required": True},
        {"title": "x", "topics": ["无此专题"]},
        {"title": "x", "audience": "sectors"},
        "not json",
    ],
)
def test_bad_input_is_422_and_writes_nothing(world, api, body):
    status, error = api(world.staff, "post", "/study-materials/", body)
    assert status == 422 and error["code"] == "invalid" and error.get("errors")
    assert not StudyMaterial.objects.exists()


def test_a_reflection_too_short_is_422(world, api):
    material = world.material()
    status, error = api(world.member, "post", f"/study-materials/{material.pk}/reflect", {"text": "好"})
    assert status == 422 and "text" in error["errors"]
    status, error = api(world.member, "post", f"/study-materials/{material.pk}/studied", {"seconds": 10**9})
    assert status == 422 and "seconds" in error["errors"]
    assert not Reflection.objects.exists() and not StudyRecord.objects.exists()


def test_a_draft_reflection_is_its_authors_own(world, api):
    material = world.material()
    reflection = services.save_reflection(actor=world.member, material=material, text=REFLECTION)
    assert api(world.staff, "get", f"/study-reflections/{reflection.pk}")[0] == 404
    assert api(world.member2, "get", f"/study-reflections/{reflection.pk}")[0] == 404
    assert api(world.member, "get", f"/study-reflections/{reflection.pk}")[0] == 200
    services.submit_reflection(actor=world.member, reflection=reflection)
    assert api(world.staff, "get", f"/study-reflections/{reflection.pk}")[0] == 200
    assert api(world.p.other_staff, "get", f"/study-reflections/{reflection.pk}")[0] == 404
