"""Baseline targets over the API, as on the targets page: the first edit turns the default template
of eight into the committee's own rows; bad input is 422 and writes nothing; another committee's
staff and members are refused."""

from lvzhi.core.models import AuditEntry
from lvzhi.duties.models import Target


def test_the_default_template_is_listed_until_the_first_edit(world, api):
    status, body = api(world.staff, "get", "/duty-targets/?committee=620600")
    assert status == 200
    assert body["is_default"] and body["count"] == 8
    assert all(item["id"] is None for item in body["items"])


def test_create_edit_delete_and_reset(world, api):
    status, body = api(
        world.staff,
        "post",
        "/duty-targets/",
        {"committee": "620600", "name": "参加读书活动", "kinds": ["activities.attended.reading"], "required": 2},
    )
    assert status == 201, body
    assert not body["is_default"] and body["count"] == 9
    created = Target.objects.get(committee=world.committee, name="参加读书活动")
    assert created.required == 2

    status, body = api(world.staff, "patch", f"/duty-targets/{created.pk}", {"required": 3})
    assert status == 200
    created.refresh_from_db()
    assert (created.required, created.kinds) == (3, ["activities.attended.reading"])

    status, body = api(world.staff, "delete", f"/duty-targets/{created.pk}")
    assert status == 200 and body["count"] == 8
    assert not Target.objects.filter(pk=created.pk).exists()

    status, body = api(world.staff, "post", "/duty-targets/reset", {"committee": "620600"})
    assert status == 200 and body["count"] == 8
    actions = set(AuditEntry.objects.filter(object_type="duties.target").values_list("action", flat=True))
    assert {"target.create", "target.update", "target.delete", "target.reset"} <= actions


def test_bad_input_is_refused_and_writes_nothing(world, api):
    status, body = api(
        world.staff, "post", "/duty-targets/", {"committee": "620600", "name": "某项", "kinds": ["no.such.kind"]}
    )
    assert status == 422
    assert "kinds" in body["errors"]
    status, body = api(world.staff, "post", "/duty-targets/", {"committee": "620600", "name": "", "kinds": []})
    assert status == 422
    assert not Target.objects.exists()


def test_others_are_refused(world, api):
    status, _ = api(world.p.other_staff, "get", "/duty-targets/?committee=620600")
    assert status == 404
    status, _ = api(
        world.p.other_staff,
        "post",
        "/duty-targets/",
        {"committee": "620600", "name": "越权", "kinds": ["activities.attended.reading"]},
    )
    assert status == 404
    status, _ = api(world.users[0], "get", "/duty-targets/")
    assert status == 403
    status, _ = api(world.p.leader, "post", "/duty-targets/reset", {"committee": "620600"})
    assert status == 403
    assert not Target.objects.exists()
