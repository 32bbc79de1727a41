"""The pages: who sees what, forms, exports, figures with drill-down, and query counts that do not
grow with the rows."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lvzhi.supervision import services
from lvzhi.supervision.factories import make_demo_point, make_service_item
from lvzhi.supervision.models import MediationCase
from lvzhi.supervision.urls import PREFIXES

DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def as_user(client):
    def _as(user):
        client.force_login(user)
        return client

    return _as


@pytest.fixture
def records(world):
    """One record of every register, in 武威."""
    s, w = world.staff, world.wuwei
    pair = services.create_liaison_pair(
        actor=s, committee=w, data={"leader": world.m1.pk, "enterprise": "某公司", "started_on": DAY}
    )
    visit = services.create_investment_visit(
        actor=s, committee=w, data={"started_on": DAY, "destination": "上海", "enterprises": "甲公司"}
    )
    return {
        "mediation": world.case,
        "clue": world.new_clue(),
        "post": services.create_supervisor_post(
            actor=s,
            committee=w,
            data={"member": world.m1.pk, "body": "中院", "role": "reviewer", "recommended_on": DAY},
        ),
        "visit": visit,
        "project": services.create_investment_project(
            actor=s,
            committee=w,
            data={"name": "光伏项目", "investor": "某公司", "amount_wan": "100", "signed_on": DAY, "visit": visit.pk},
        ),
        "pair": pair,
        "problem": services.raise_enterprise_problem(
            actor=s, pair=pair, data={"description": "用工难", "raised_on": DAY}
        ),
        "support": services.create_support_item(
            actor=s, committee=w, data={"kind": "rural_funds", "title": "帮扶资金", "amount": "10", "occurred_on": DAY}
        ),
        "partner": services.create_partner_committee(
            actor=s, committee=w, data={"partner": "乌鲁木齐市政协", "kind": "friendly", "agreement_on": DAY}
        ),
        "service": make_service_item(s, w, [world.m1]),
        "point": make_demo_point(s, w, [world.m1]),
    }


def test_staff_see_every_list_and_detail(world, records, as_user):
    c = as_user(world.staff)
    for key, prefix in PREFIXES.items():
        r = c.get(f"/supervision/{prefix}/")
        assert r.status_code == 200, key
        assert c.get(f"/supervision/{prefix}/{records[key].pk}/").status_code == 200, key
    assert c.get("/supervision/").status_code == 200


def test_a_leader_reads_but_gets_no_forms(world, records, as_user):
    c = as_user(world.p.leader)
    assert c.get(f"/supervision/mediation/{world.case.pk}/").status_code == 200
    assert c.get("/supervision/mediation/new/").status_code == 403
    assert c.post(f"/supervision/mediation/{world.case.pk}/conclude/", {"result": "failed"}).status_code == 403


def test_another_committees_staff_get_404_for_every_record(world, records, as_user):
    c = as_user(world.p.other_staff)
    for key, prefix in PREFIXES.items():
        pk = records[key].pk
        assert c.get(f"/supervision/{prefix}/{pk}/").status_code == 404, key
        assert c.get(f"/supervision/{prefix}/{pk}/edit/").status_code == 404, key
        assert c.post(f"/supervision/{prefix}/{pk}/conclude/").status_code == 404, key
    assert "甘06民诉前调" not in c.get("/supervision/mediation/").content.decode()


def test_county_staff_do_not_see_the_citys_records(world, records, as_user):
    c = as_user(world.p.county_staff)
    assert c.get(f"/supervision/mediation/{world.case.pk}/").status_code == 404


def test_units_members_and_administrators_are_refused(world, records, as_user):
    for user in (world.p.unit_user, world.p.member, *world.p.admins):
        c = as_user(user)
        assert c.get("/supervision/mediation/").status_code == 403
        assert c.get(f"/supervision/mediation/{world.case.pk}/").status_code == 403
        assert c.get("/supervision/").status_code == 403


def test_anonymous_users_are_sent_to_log_in(world, client):
    r = client.get("/supervision/mediation/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_the_list_and_detail_show_the_parties_masked(world, as_user):
    c = as_user(world.staff)
    for url in ("/supervision/mediation/", f"/supervision/mediation/{world.case.pk}/"):
        page = c.get(url).content.decode()
        assert "张*、李*" in page and "张三" not in page and "李四" not in page
    assert 'data-testid="reveal"' not in c.get(f"/supervision/mediation/{world.case.pk}/").content.decode()
    assert c.post(f"/supervision/mediation/{world.case.pk}/reveal/").status_code == 403


def test_staff_with_the_permission_unmask_the_parties(world, as_user):
    from lvzhi.accounts.choices import Permission
    from lvzhi.accounts.models import UserPermission

    UserPermission.objects.create(user=world.staff, permission=Permission.VIEW_PII)
    c = as_user(world.staff)
    page = c.post(f"/supervision/mediation/{world.case.pk}/reveal/").content.decode()
    assert "张三、李四" in page


def test_staff_register_a_case_and_bad_input_writes_nothing(world, as_user):
    c = as_user(world.staff)
    count = MediationCase.objects.count()
    form = {
        "committee": world.wuwei.pk,
        "court": "武威市中级人民法院",
        "case_number": "（2024）甘06民诉前调9号",
        "dispute_kind": "family",
        "received_on": "2024-04-01",
        "parties": "王五",
        "mediators": [world.m3.pk],
    }
    r = c.post("/supervision/mediation/new/", form)
    assert r.status_code == 200 and "至少两方" in r.content.decode()
    assert MediationCase.objects.count() == count
    r = c.post("/supervision/mediation/new/", {**form, "parties": "王五、赵六"})
    assert r.status_code == 302
    case = MediationCase.objects.get(case_number="（2024）甘06民诉前调9号")
    assert list(case.mediators.all()) == [world.m3]


def test_an_action_with_bad_input_shows_the_error_and_changes_nothing(world, as_user):
    c = as_user(world.staff)
    r = c.post(f"/supervision/mediation/{world.case.pk}/conclude/", {"result": "", "closed_on": ""}, follow=True)
    assert "输入有误" in r.content.decode()
    assert MediationCase.objects.get(pk=world.case.pk).state == "open"
    r = c.post(f"/supervision/mediation/{world.case.pk}/conclude/", {"result": "successful", "closed_on": "2024-03-10"})
    assert r.status_code == 302
    assert MediationCase.objects.get(pk=world.case.pk).state == "concluded"
    assert "流程记录" in c.get(f"/supervision/mediation/{world.case.pk}/").content.decode()


def test_the_list_filters_and_exports_the_filter(world, as_user):
    world.new_case(number="（2024）甘06民诉前调2号", dispute_kind="family")
    c = as_user(world.staff)
    page = c.get("/supervision/mediation/?dispute_kind=family").content.decode()
    assert "调2号" in page and "调1号" not in page
    r = c.get("/supervision/mediation/?dispute_kind=family&export=xlsx")
    rows = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert len(rows) == 2 and rows[1][0].endswith("调2号")
    assert "张三" not in str(rows)
    assert c.get("/supervision/mediation/?q=调1号").content.decode().count("调1号") >= 1
    assert c.get("/supervision/mediation/?date_from=nonsense&page=x").status_code == 200


def test_the_figures_page_shows_each_figure_and_its_records(world, as_user):
    services.conclude_mediation_case(
        actor=world.staff, case=world.case, data={"result": "successful", "closed_on": "2024-03-10"}
    )
    c = as_user(world.staff)
    page = c.get("/supervision/?period=since:2024-01-01").content.decode()
    assert 'data-figure="supervision.mediators"' in page
    r = c.get("/supervision/?period=since:2024-01-01&figure=supervision.mediators")
    body = r.content.decode()
    assert 'data-testid="figure-value">2<' in body and "李明" in body and "周敏" in body
    assert c.get("/supervision/?figure=nope").status_code == 404
    assert c.get("/supervision/?period=garbage").status_code == 200


def _bulk(world, n, start):
    for i in range(n):
        world.new_case(number=f"（2024）甘06民诉前调{start + i}号", mediators=[world.m1, world.m2, world.m3])


def test_the_list_query_count_does_not_grow_with_the_rows(world, as_user):
    c = as_user(world.staff)
    _bulk(world, 3, 100)
    with CaptureQueriesContext(connection) as few:
        assert c.get("/supervision/mediation/").status_code == 200
    _bulk(world, 30, 200)
    with CaptureQueriesContext(connection) as many:
        assert c.get("/supervision/mediation/").status_code == 200
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as figures:
        c.get("/supervision/")
    assert len(figures) < 40
