"""The activities API: the same rules as the pages, errors as DESIGN.md says."""

import pytest

from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Activity, Attendance


def test_the_whole_flow_through_the_api(world, api):
    a = world.activity.pk
    status, body = api(world.staff, "post", f"/activities/{a}/invite", {"members": [world.person.pk, world.person2.pk]})
    assert status == 200 and len(body["invitees"]) == 2
    assert api(world.member, "post", f"/activities/{a}/respond", {"answer": "leave", "reason": "出差"})[0] == 200
    status, body = api(
        world.staff, "post", f"/activities/{a}/approve_leave", {"member": world.person.pk, "approved": True}
    )
    assert status == 200 and body["attendance"]["excused"] == 1
    status, token = api(world.staff, "post", f"/activities/{a}/checkin_token")
    assert status == 200 and token["url"].endswith(f"/activities/{a}/checkin/{token['token']}/")
    status, body = api(world.member2, "post", f"/activities/{a}/checkin", {"token": token["token"]})
    assert status == 200 and body == {**body, "already": False} and body["attendance"]["state"] == "present"
    assert api(world.member2, "post", f"/activities/{a}/checkin", {"token": token["token"]})[1]["already"] is True
    status, body = api(world.staff, "post", f"/activities/{a}/speeches/", {"member": world.person2.pk, "title": "发言"})
    assert status == 201
    status, body = api(world.staff, "post", f"/activities/{a}/outcomes/", {"title": "成果"})
    assert status == 201 and body["state"] == "draft"
    status, body = api(world.staff, "post", f"/activities/{a}/finish")
    assert status == 200 and body["state"] == "finished" and body["timeline"][-1]["to"] == "finished"
    assert api(world.staff, "post", f"/activities/{a}/finish")[0] == 409


def test_a_member_sees_only_their_own_attendance(world, api):
    world.invite_all()
    status, body = api(world.member, "get", f"/activities/{world.activity.pk}")
    assert status == 200 and [i["member"]["name"] for i in body["invitees"]] == ["李明"]
    assert api(world.member, "get", f"/activities/{world.activity.pk}/outcomes/")[0] == 404
    assert (
        api(world.member, "post", f"/activities/{world.activity.pk}/invite", {"members": [world.person.pk]})[0] == 403
    )


def test_another_committees_staff_get_404_and_nothing_is_written(world, api):
    a = world.activity.pk
    for method, path, body in [
        ("get", f"/activities/{a}", None),
        ("post", f"/activities/{a}/invite", {"members": [world.person.pk]}),
        ("post", f"/activities/{a}/checkin_token", None),
        ("post", f"/activities/{a}/finish", None),
        ("get", f"/activities/{a}/speeches/", None),
    ]:
        assert api(world.p.other_staff, method, path, body)[0] == 404, path
    assert api(world.p.other_staff, "get", "/activities/")[1]["count"] == 0
    assert not Attendance.objects.exists()


def test_units_admins_and_anonymous_are_refused(world, api):
    for user in (world.p.unit_user, *world.p.admins):
        assert api(user, "get", "/activities/")[0] == 403
    assert api(None, "get", "/activities/")[0] == 401


@pytest.mark.parametrize(
    "path, body, field",
    [
        ("/activities/", {"committee": "620600", "kind": "party", "topic": "x", "start": "2024-01-01T09:00"}, "kind"),
        ("/activities/", {"committee": "620600", "kind": "study", "topic": "", "start": "2024-01-01T09:00"}, "topic"),
        (
            "/activities/",
            {"committee": "620800", "kind": "study", "topic": "x", "start": "2024-01-01T09:00"},
            "committee",
        ),
        ("/activities/", {"committee": "620600", "kind": "study", "topic": "x", "start": "nope"}, "start"),
        ("/activities/{a}/invite", {"members": []}, "members"),
        ("/activities/{a}/invite", {"members": ["x"]}, "members"),  # a list with a wrong item is refused as a whole
        ("/activities/{a}/checkin", {"token": "forged"}, "token"),
        ("/activities/{a}/manual_checkin", {"member": 999999}, "member"),
        ("/activities/{a}/outcomes/", {"title": "x", "authors": [-1]}, "authors.0"),
    ],
)
def test_bad_input_is_422_and_writes_nothing(world, api, path, body, field):
    activities = Activity.objects.count()
    user = world.member if "checkin" in path and "manual" not in path else world.staff
    status, answer = api(user, "post", path.format(a=world.activity.pk), body)
    assert status == 422 and field in answer["errors"], answer
    assert (
        Activity.objects.count() == activities and not Attendance.objects.filter(state=AttendanceState.PRESENT).exists()
    )


def test_lists_filter_by_committee_code_and_kind(world, api):
    world.new_activity(committee=world.p.liangzhou, kind="study", subkind="研讨")
    assert api(world.staff, "get", "/activities/?committee=620602")[1]["count"] == 1
    assert api(world.staff, "get", "/activities/?kind=consultation")[1]["count"] == 1
    assert api(world.staff, "get", "/activities/?subkind=研讨&page_size=1")[1]["count"] == 1
