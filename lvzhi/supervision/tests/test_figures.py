"""Each figure counts its own records, over the period's dates and the chosen scope."""

import datetime

from lvzhi.core.periods import parse_period
from lvzhi.core.registry import figures
from lvzhi.supervision import services

SINCE_2024 = parse_period("since:2024-01-01", as_of=datetime.date(2024, 12, 31))


def value(key, ids, period=SINCE_2024):
    figure = figures()[f"supervision.{key}"]
    return figure.compute(ids, period), figure.records(ids, period)


def test_mediators_are_counted_once_and_only_for_cases_of_the_period(world):
    p = world.p
    world.new_case(number="2", mediators=[world.m1, world.m3])  # 李明 twice: once
    old = world.new_case(number="3", mediators=[world.m3], received_on=datetime.date(2023, 5, 1))
    services.conclude_mediation_case(
        actor=world.staff, case=old, data={"result": "successful", "closed_on": "2023-06-01"}
    )
    n, records = value("mediators", {p.wuwei.pk})
    assert n == 3 and set(records) == {world.m1, world.m2, world.m3}
    # the 2023 case alone: closed before the period, its mediator (also in a 2024 case) is still 3 people
    assert value("mediators", {p.liangzhou.pk})[0] == 0


def test_concluded_and_successful_follow_the_closing_date_and_result(world):
    services.conclude_mediation_case(
        actor=world.staff, case=world.case, data={"result": "failed", "closed_on": "2024-03-09"}
    )
    other = world.new_case(number="2")
    services.return_mediation_case(actor=world.staff, case=other, data={"closed_on": "2024-03-09"})
    ids = {world.wuwei.pk}
    assert value("mediation_concluded", ids)[0] == 1
    assert value("mediation_successful", ids)[0] == 0
    before = parse_period("range:2024-01-01..2024-03-08")
    assert value("mediation_concluded", ids, before)[0] == 0


def test_project_investment_is_the_sum_in_yi_yuan(world):
    for amount in ("450000", "466900"):
        services.create_investment_project(
            actor=world.staff,
            committee=world.wuwei,
            data={"name": "项目", "investor": "公司", "amount_wan": amount, "signed_on": "2024-05-01"},
        )
    n, records = value("project_investment", {world.wuwei.pk})
    assert str(n) == "91.69" and records.count() == 2
    assert value("projects", {world.p.pingliang.pk})[0] == 0


def test_party_reviewers_are_members_of_democratic_parties_counted_once(world):
    # personas.member_person (李明) belongs to 民盟, a democratic party; 周敏 has no party
    for member, role in (
        (world.m1, "project_review"),
        (world.m1, "exam"),
        (world.m2, "trial"),
        (world.m1, "supervisor"),
    ):
        services.create_supervisor_post(
            actor=world.staff,
            committee=world.wuwei,
            data={"member": member.pk, "body": "发改委", "role": role, "recommended_on": "2024-02-01"},
        )
    assert value("party_reviewers", {world.wuwei.pk})[0] == 1
    assert value("supervisor_posts", {world.wuwei.pk})[0] == 1
