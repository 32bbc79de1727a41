"""Service to the people as records: each matter done, problem solved and demonstration point is a
row a reader can check, the figures count those rows (never a typed number), and the members who
did the work get their duty events."""

import datetime

import pytest

from lvzhi.activities.factories import make_activity
from lvzhi.core.api import openapi_mismatches
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.periods import parse_period
from lvzhi.core.registry import figures
from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent
from lvzhi.supervision import services
from lvzhi.supervision.factories import make_demo_point, make_service_item
from lvzhi.supervision.models import DemoPoint, ServiceItem

DAY = datetime.date(2024, 3, 1)


def count(key, committee_ids, period="term", as_of=datetime.date(2024, 12, 31)):
    return figures()[key].compute(
        committee_ids, parse_period(period, as_of=as_of, term_start=datetime.date(2022, 1, 1))
    )


def test_a_matter_is_registered_open_then_done_and_only_then_counted(world):
    item = make_service_item(world.staff, world.wuwei, [world.m1, world.m2])
    assert item.state == "open" and count("supervision.matters_done", {world.wuwei.pk}) == 0
    services.complete_service_item(actor=world.staff, item=item, data={"result": "已就医", "done_on": "2024-03-05"})
    item.refresh_from_db()
    assert (item.state, item.done_on) == ("done", datetime.date(2024, 3, 5))
    assert count("supervision.matters_done", {world.wuwei.pk}) == 1
    assert count("supervision.service_problems", {world.wuwei.pk}) == 0
    with pytest.raises(IllegalTransition):
        services.complete_service_item(actor=world.staff, item=item, data={"result": "再次", "done_on": "2024-03-06"})
    services.reopen_service_item(actor=world.staff, item=item, note="群众反映仍未解决")
    item.refresh_from_db()
    assert item.state == "open" and item.done_on is None
    assert count("supervision.matters_done", {world.wuwei.pk}) == 0


def test_a_problem_solved_is_counted_by_the_day_it_was_solved(world):
    make_service_item(world.staff, world.wuwei, [world.m1], kind="problem", done_on="2024-03-02", result="路灯已修复")
    assert count("supervision.service_problems", {world.wuwei.pk}, "year:2024") == 1
    assert count("supervision.service_problems", {world.wuwei.pk}, "year:2023", datetime.date(2023, 12, 31)) == 0


def test_the_figure_counts_records_so_a_typed_number_cannot_move_it(world):
    """The old counters accepted 10,000,000 on one activity; a record is one matter."""
    for i in range(3):
        make_service_item(world.staff, world.wuwei, [world.m1], title=f"事项{i}", done_on=DAY, result="已办")
    records = figures()["supervision.matters_done"].records({world.wuwei.pk}, parse_period("cumulative"))
    assert records.count() == count("supervision.matters_done", {world.wuwei.pk}, "cumulative") == 3
    assert all(r.members.exists() and r.requester for r in records)


def test_bad_input_gets_chinese_messages_and_writes_nothing(world):
    with pytest.raises(Invalid) as exc:
        services.create_service_item(
            actor=world.staff,
            committee=world.wuwei,
            data={
                "kind": "gift",
                "title": "",
                "requester": "",
                "members": [world.p.pingliang_person.pk],
                "raised_on": "2024-03-10",
                "done_on": "2024-03-01",
                "activity": 999999,
            },
        )
    assert set(exc.value.errors) >= {"kind", "title", "requester", "members", "done_on", "activity"}
    assert "只能选择本委员会的委员" in exc.value.errors["members"][0]
    assert not ServiceItem.objects.exists()


def test_a_matter_done_at_an_activity_must_name_one_of_the_committees_activities(world):
    other = make_activity(actor=world.p.other_staff, committee=world.p.pingliang)
    with pytest.raises(Invalid) as exc:
        make_service_item(world.staff, world.wuwei, [world.m1], activity=other.pk)
    assert exc.value.errors["activity"] == ["请选择本委员会的活动。"]
    own = make_activity(actor=world.staff, committee=world.wuwei)
    assert make_service_item(world.staff, world.wuwei, [world.m1], activity=own.pk).activity == own


def test_only_staff_with_the_permission_write(world):
    with pytest.raises(Forbidden):
        make_service_item(world.p.leader, world.wuwei, [world.m1])
    with pytest.raises(Forbidden):
        make_service_item(world.p.member, world.wuwei, [world.m1])
    assert not ServiceItem.objects.exists()


def test_demonstration_points_are_counted_one_by_one_with_their_supervisors(world):
    make_demo_point(world.staff, world.wuwei, [world.m1, world.m2])
    make_demo_point(world.staff, world.wuwei, [world.m3], name="东关街道创城宣传示范点")
    make_demo_point(world.staff, world.wuwei, [world.m3], name="上届示范点", built_on="2021-05-01")
    assert count("supervision.civilised_city_points", {world.wuwei.pk}) == 2
    with pytest.raises(Invalid) as exc:
        make_demo_point(world.staff, world.wuwei, [world.m1])
    assert exc.value.errors == {"name": ["已登记同名的示范点。"]}
    with pytest.raises(Invalid) as exc:
        make_demo_point(world.staff, world.wuwei, [], name="无人督导", ended_on="2020-01-01")
    assert set(exc.value.errors) == {"supervisors", "ended_on"}
    assert DemoPoint.objects.count() == 3


def test_the_members_who_did_the_work_get_duty_events_kept_current(world):
    item = make_service_item(world.staff, world.wuwei, [world.m1, world.m2])
    assert not DutyEvent.objects.filter(kind="supervision.service").exists()  # open: not yet an event
    services.complete_service_item(actor=world.staff, item=item, data={"result": "已办", "done_on": "2024-03-04"})
    assert set(DutyEvent.objects.filter(kind="supervision.service").values_list("member_id", flat=True)) == {
        world.m1.pk,
        world.m2.pk,
    }
    services.update_service_item(actor=world.staff, item=item, data={"members": [world.m3.pk]})
    make_demo_point(world.staff, world.wuwei, [world.m2])
    assert not ledger.differences()
    services.reopen_service_item(actor=world.staff, item=item, note="未办好")
    assert not DutyEvent.objects.filter(kind="supervision.service").exists()
    assert not ledger.differences()


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def test_the_api_registers_completes_and_refuses_like_the_services(world, api, document):
    body = {
        "committee": "620600",
        "kind": "problem",
        "title": "小区停车难",
        "place": "凉州区西关街道",
        "requester": "西关街道居民代表",
        "members": [world.m1.pk],
        "raised_on": "2024-05-01",
    }
    status, item = api(world.staff, "post", "/service-items/", body)
    assert status == 201 and item["state"] == "open", item
    assert not openapi_mismatches(document, "post", "/api/v1/service-items/", 201, item)
    status, done = api(
        world.staff,
        "post",
        f"/service-items/{item['id']}/complete",
        {"result": "新增车位60个", "done_on": "2024-06-01"},
    )
    assert status == 200 and done["state"] == "done" and done["timeline"][0]["to"] == "done", done
    status, error = api(
        world.staff, "post", f"/service-items/{item['id']}/complete", {"result": "x", "done_on": "2024-06-02"}
    )
    assert status == 409 and error["code"] == "illegal_transition"
    status, error = api(world.staff, "post", "/service-items/", {**body, "requester": "", "members": []})
    assert status == 422 and {"requester", "members"} <= set(error["errors"])
    assert api(world.p.other_staff, "get", f"/service-items/{item['id']}")[0] == 404
    assert api(world.p.member, "get", "/service-items/")[0] == 403
    assert ServiceItem.objects.count() == 1


def test_the_list_page_shows_the_records_in_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    client.force_login(world.staff)
    make_service_item(world.staff, world.wuwei, [world.m1])
    with django_assert_max_num_queries(30) as few:
        assert client.get("/supervision/service/").status_code == 200
    for i in range(10):
        make_service_item(world.staff, world.wuwei, [world.m1, world.m2], title=f"事项{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/supervision/service/")
    assert "事项9" in page.content.decode()
