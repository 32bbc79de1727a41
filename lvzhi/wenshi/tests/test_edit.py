"""Editing the office's registers: plans, calls for material and collection items, through the
services, the pages and `PATCH` — scope, refusals, bad input that writes nothing, the audit entry."""

import pytest

from lvzhi.core.api import openapi_mismatches
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.models import AuditEntry
from lvzhi.core.tests.openapi import openapi_document
from lvzhi.wenshi import services
from lvzhi.wenshi.models import Call, CollectionItem, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    return services.create_plan(
        actor=world.staff,
        committee=world.p.wuwei,
        data={
            "title": "武威文史资料征编五年计划",
            "start_year": 2023,
            "end_year": 2027,
            "adopted_on": "2023-02-01",
            "years": "2024 凉州文化 30\n2025 河西走廊 20",
        },
    )


@pytest.fixture
def call(world, plan):
    return services.create_call(
        actor=world.staff,
        committee=world.p.wuwei,
        data={
            "title": "征集凉州文化史料",
            "body": "欢迎委员投稿。",
            "opens_on": "2024-03-01",
            "closes_on": "2024-09-30",
        },
    )


@pytest.fixture
def item(world):
    return services.create_item(
        actor=world.staff,
        committee=world.p.wuwei,
        data={"kind": "book", "title": "武威文史第一辑", "acquired_on": "2020-05-01", "copies": 2},
    )


def test_a_plan_is_edited_and_its_years_replaced_only_when_given(world, plan):
    services.update_plan(actor=world.staff, plan=plan, data={"title": "武威文史征编计划（修订）"})
    plan.refresh_from_db()
    assert plan.title == "武威文史征编计划（修订）" and plan.years.count() == 2
    services.update_plan(
        actor=world.staff, plan=plan, data={"years": [{"year": 2026, "theme": "西夏文化", "target": 10}]}
    )
    assert list(plan.years.values_list("year", "theme", "target")) == [(2026, "西夏文化", 10)]
    assert AuditEntry.objects.filter(action="wenshi.plan.update", actor=world.staff).count() == 2


def test_a_plan_whose_years_no_longer_fit_is_refused_and_unchanged(world, plan):
    with pytest.raises(Invalid) as caught:
        services.update_plan(actor=world.staff, plan=plan, data={"start_year": 2025})
    assert "years" in caught.value.errors
    plan.refresh_from_db()
    assert plan.start_year == 2023 and plan.years.count() == 2


def test_a_call_is_edited_while_open_but_not_once_closed(world, call):
    services.publish_call(actor=world.staff, call=call)
    services.update_call(actor=world.staff, call=call, data={"closes_on": "2024-10-31"})
    call.refresh_from_db()
    assert str(call.closes_on) == "2024-10-31"
    with pytest.raises(Invalid):
        services.update_call(actor=world.staff, call=call, data={"include_lower": True})
    services.close_call(actor=world.staff, call=call)
    with pytest.raises(IllegalTransition):
        services.update_call(actor=world.staff, call=Call.objects.get(pk=call.pk), data={"title": "新标题"})
    assert Call.objects.get(pk=call.pk).title == "征集凉州文化史料"


def test_a_call_closing_before_it_opens_is_refused(world, call):
    with pytest.raises(Invalid) as caught:
        services.update_call(actor=world.staff, call=call, data={"closes_on": "2024-01-01"})
    assert "closes_on" in caught.value.errors


def test_another_committee_and_members_may_not_edit(world, plan, item):
    with pytest.raises(NotFound):
        services.update_item(actor=world.other_staff, item=item, data={"title": "x"})
    with pytest.raises(Forbidden):
        services.update_plan(actor=world.member, plan=plan, data={"title": "x"})
    assert CollectionItem.objects.get(pk=item.pk).title == "武威文史第一辑"
    assert Plan.objects.get(pk=plan.pk).title == "武威文史资料征编五年计划"


def test_the_edit_pages_save_and_show_problems(world, plan, call, item, client):
    client.force_login(world.staff)
    response = client.post(
        f"/wenshi/collection/{item.pk}/edit/",
        {"kind": "book", "title": "武威文史第一辑（再版）", "acquired_on": "2020-05-01", "copies": 3},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.copies) == ("武威文史第一辑（再版）", 3)
    response = client.post(
        f"/wenshi/calls/{call.pk}/edit/",
        {"title": "征集凉州文化史料", "body": "欢迎。", "opens_on": "2024-03-01", "closes_on": "2024-01-01"},
    )
    assert response.status_code == 200 and "截止日期不能早于开始日期" in response.content.decode()
    page = client.get(f"/wenshi/plans/{plan.pk}/edit/").content.decode()
    assert "2024 凉州文化 30" in page
    client.force_login(world.member)
    assert client.get(f"/wenshi/plans/{plan.pk}/edit/").status_code == 403
    client.force_login(world.other_staff)
    assert client.get(f"/wenshi/collection/{item.pk}/edit/").status_code == 404


def test_patch_edits_and_refuses_as_designed(world, plan, call, item, api):
    status, body = api(world.staff, "patch", f"/wenshi/plans/{plan.pk}", {"summary": "围绕河西历史文化。"})
    assert status == 200 and body["summary"] == "围绕河西历史文化。" and len(body["years"]) == 2
    status, body = api(world.staff, "patch", f"/wenshi/calls/{call.pk}", {"plan": plan.pk})
    assert status == 200 and body["plan"] == plan.pk
    status, body = api(world.staff, "patch", f"/wenshi/items/{item.pk}", {"copies": 0})
    assert status == 422 and "copies" in body["errors"]
    status, body = api(world.staff, "patch", f"/wenshi/items/{item.pk}", {"title": None})
    assert status == 422 and "title" in body["errors"]
    assert CollectionItem.objects.get(pk=item.pk).copies == 2
    assert api(world.other_staff, "patch", f"/wenshi/items/{item.pk}", {"title": "x"})[0] == 404
    assert api(world.member, "patch", f"/wenshi/plans/{plan.pk}", {"title": "x"})[0] == 403
    services.publish_call(actor=world.staff, call=call)
    services.close_call(actor=world.staff, call=call)
    status, body = api(world.staff, "patch", f"/wenshi/calls/{call.pk}", {"title": "x"})
    assert status == 409 and body["code"] == "illegal_transition"


def test_the_patch_responses_match_the_openapi_document(world, plan, call, item, api):
    document = openapi_document()
    for method, path, spec, body in [
        ("patch", f"/wenshi/plans/{plan.pk}", "/api/v1/wenshi/plans/{id}", {"title": "新计划名"}),
        ("patch", f"/wenshi/calls/{call.pk}", "/api/v1/wenshi/calls/{id}", {"body": "新正文。"}),
        ("patch", f"/wenshi/items/{item.pk}", "/api/v1/wenshi/items/{id}", {"location": "二楼书库"}),
        ("patch", f"/wenshi/items/{item.pk}", "/api/v1/wenshi/items/{id}", {"kind": "nope"}),
    ]:
        status, data = api(world.staff, method, path, body)
        assert status in (200, 422)
        assert not openapi_mismatches(document, method, spec, status, data), (path, status)
