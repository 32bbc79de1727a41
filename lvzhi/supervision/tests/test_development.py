"""Special supervisors, investment visits and projects, enterprise liaison and problems, support items
and partner committees: the services, their rules and their refusals."""

import datetime
import decimal

import pytest

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.supervision import services
from lvzhi.supervision.models import EnterpriseProblem, InvestmentProject, SupportItem, VisitEnterprise

DAY = datetime.date(2024, 3, 1)


def test_a_supervisor_post_is_recommended_and_ended(world):
    post = services.create_supervisor_post(
        actor=world.staff,
        committee=world.wuwei,
        data={"member": world.m1.pk, "body": "武威市中级人民法院", "role": "supervisor", "recommended_on": DAY},
    )
    services.end_supervisor_post(actor=world.staff, post=post, data={"end_on": "2024-12-31"})
    post.refresh_from_db()
    assert post.state == "ended"
    with pytest.raises(IllegalTransition):
        services.end_supervisor_post(actor=world.staff, post=post, data={"end_on": "2024-12-31"})


def test_a_post_needs_a_member_of_the_committee_and_a_role(world):
    with pytest.raises(Invalid) as exc:
        services.create_supervisor_post(
            actor=world.staff,
            committee=world.wuwei,
            data={"member": world.p.pingliang_person.pk, "body": "", "role": "king", "recommended_on": DAY},
        )
    assert set(exc.value.errors) == {"member", "body", "role"}


def test_a_visit_keeps_its_enterprises_once_each(world):
    visit = services.create_investment_visit(
        actor=world.staff,
        committee=world.wuwei,
        data={
            "started_on": DAY,
            "destination": "上海",
            "delegation": [world.m1.pk, world.m2.pk],
            "enterprises": "甲公司\n乙公司\n甲公司",
        },
    )
    assert sorted(VisitEnterprise.objects.filter(visit=visit).values_list("name", flat=True)) == ["乙公司", "甲公司"]
    services.update_investment_visit(actor=world.staff, visit=visit, data={"enterprises": ["乙公司", "丙公司"]})
    assert sorted(visit.enterprises.values_list("name", flat=True)) == ["丙公司", "乙公司"]


def test_a_visit_returns_after_it_leaves(world):
    with pytest.raises(Invalid) as exc:
        services.create_investment_visit(
            actor=world.staff,
            committee=world.wuwei,
            data={"started_on": DAY, "ended_on": "2024-02-01", "destination": "上海"},
        )
    assert "ended_on" in exc.value.errors


def test_a_project_amount_is_kept_in_wan_yuan_and_must_be_a_number(world):
    project = services.create_investment_project(
        actor=world.staff,
        committee=world.wuwei,
        data={"name": "光伏项目", "investor": "某新能源公司", "amount_wan": "12345.678", "signed_on": DAY},
    )
    assert project.amount_wan == decimal.Decimal("12345.68")
    for bad in ("abc", "-1", "NaN", "1e20"):
        with pytest.raises(Invalid) as exc:
            services.create_investment_project(
                actor=world.staff,
                committee=world.wuwei,
                data={"name": "x", "investor": "y", "amount_wan": bad, "signed_on": DAY},
            )
        assert "amount_wan" in exc.value.errors
    assert InvestmentProject.objects.count() == 1


def test_a_project_can_only_come_from_a_visit_of_its_committee(world, personas):
    other = services.create_investment_visit(
        actor=personas.other_staff, committee=personas.pingliang, data={"started_on": DAY, "destination": "西安"}
    )
    with pytest.raises(Invalid) as exc:
        services.create_investment_project(
            actor=world.staff,
            committee=world.wuwei,
            data={"name": "x", "investor": "y", "amount_wan": "1", "signed_on": DAY, "visit": other.pk},
        )
    assert "visit" in exc.value.errors


def test_an_enterprise_problem_is_handled_and_solved(world):
    pair = services.create_liaison_pair(
        actor=world.staff,
        committee=world.wuwei,
        data={"leader": world.m1.pk, "enterprise": "某公司", "started_on": DAY},
    )
    with pytest.raises(Invalid):  # the same pair twice
        services.create_liaison_pair(
            actor=world.staff,
            committee=world.wuwei,
            data={"leader": world.m1.pk, "enterprise": "某公司", "started_on": DAY},
        )
    problem = services.raise_enterprise_problem(
        actor=world.staff, pair=pair, data={"description": "用工难", "raised_on": "2024-03-10"}
    )
    services.handle_problem(actor=world.staff, problem=problem, data={"handling": "协调人社局"})
    services.solve_problem(
        actor=world.staff, problem=problem, data={"resolution": "已解决", "resolved_on": "2024-04-01"}
    )
    problem.refresh_from_db()
    assert (problem.state, problem.resolved_on) == ("solved", datetime.date(2024, 4, 1))
    with pytest.raises(IllegalTransition):
        services.handle_problem(actor=world.staff, problem=problem, data={"handling": "再协调"})
    services.reopen_problem(actor=world.staff, problem=problem, note="企业反映未彻底解决")
    assert EnterpriseProblem.objects.get(pk=problem.pk).state == "handling"


def test_support_items_of_other_kinds_are_named_by_staff(world):
    with pytest.raises(Invalid) as exc:
        services.create_support_item(
            actor=world.staff,
            committee=world.wuwei,
            data={"kind": "other", "title": "x", "amount": "3", "occurred_on": DAY},
        )
    assert set(exc.value.errors) == {"kind_name", "unit"}
    item = services.create_support_item(
        actor=world.staff,
        committee=world.wuwei,
        data={"kind": "rural_funds", "title": "帮扶资金", "amount": "45.5", "unit": "元", "occurred_on": DAY},
    )
    assert item.unit == "万元"  # the built-in kinds have their units
    assert SupportItem.objects.count() == 1


def test_partner_committees_and_their_joint_activities(world):
    partner = services.create_partner_committee(
        actor=world.staff,
        committee=world.wuwei,
        data={"partner": "乌鲁木齐市政协", "kind": "friendly", "agreement_on": "2023-06-16"},
    )
    services.add_partner_activity(actor=world.staff, partner=partner, data={"title": "座谈交流", "held_on": DAY})
    assert partner.activities.count() == 1
    with pytest.raises(Invalid):
        services.create_partner_committee(
            actor=world.staff,
            committee=world.wuwei,
            data={"partner": "乌鲁木齐市政协", "kind": "friendly", "agreement_on": "2023-06-16"},
        )
    with pytest.raises(Forbidden):
        services.add_partner_activity(actor=world.p.leader, partner=partner, data={"title": "x", "held_on": DAY})


def test_committees_are_named_by_code_too(world):
    item = services.create_support_item(
        actor=world.staff,
        committee="620602",
        data={"kind": "rural_funds", "title": "帮扶资金", "amount": "1", "occurred_on": DAY},
    )
    assert item.committee == world.p.liangzhou
    with pytest.raises(Invalid):
        services.create_support_item(actor=world.staff, committee="620800", data={})
