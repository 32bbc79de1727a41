"""The figures, counted from records, with their period boundaries and drill-down records."""

import datetime

import pytest

from lvzhi.core import registry
from lvzhi.core.periods import parse_period
from lvzhi.liaison import services

DAY = datetime.date(2024, 3, 1)
pytestmark = pytest.mark.django_db


def value(key, ids, text, as_of=datetime.date(2024, 12, 31)):
    figure = registry.figures()[key]
    return figure.compute(ids, parse_period(text, as_of=as_of))


def test_contacts_made_and_people_reached_count_records_in_the_period(world):
    ids = [world.wuwei.pk]
    world.engage([world.c_member, world.c_outside], kind="talk")
    world.engage([world.c_member], held_on=datetime.date(2024, 12, 31))
    world.engage([world.c_member], held_on=datetime.date(2023, 12, 31))
    assert value("liaison.engagements", ids, "year:2024") == 2
    assert value("liaison.talks", ids, "year:2024") == 1
    assert value("liaison.visits", ids, "year:2024") == 1
    assert value("liaison.people_reached", ids, "year:2024") == 2
    assert value("liaison.people_reached", ids, "year:2023") == 1
    assert value("liaison.engagements", ids, "year:2025", as_of=datetime.date(2025, 12, 31)) == 0


def test_coverage_counts_assignments_whose_leader_met_their_contact(world):
    ids = [world.wuwei.pk]
    assert value("liaison.coverage", ids, "year:2024") == 0
    world.engage([world.c_member])  # the leader met one of two contacts
    assert value("liaison.assignments_covered", ids, "year:2024") == 1
    assert value("liaison.coverage", ids, "year:2024") == 50.0
    other = services.create_contact(
        actor=world.staff, committee=world.wuwei, data={"name": "某人", "group": "new_strata", "listed_on": DAY}
    )
    world.engage([world.c_outside], members=[world.member])  # not by the assigned leader
    assert value("liaison.coverage", ids, "year:2024") == 50.0
    world.engage([world.c_outside, other])
    assert value("liaison.coverage", ids, "year:2024") == 100.0
    assert value("liaison.coverage", ids, "year:2023", as_of=datetime.date(2023, 12, 31)) == 0


def test_hosted_visits_and_accompanying_members(world):
    ids = [world.wuwei.pk]
    world.hosted(members=[world.member, world.leader])
    world.hosted(body="national", started_on=datetime.date(2024, 6, 1), members=[world.member])
    world.hosted(started_on=datetime.date(2023, 6, 1))
    assert value("liaison.hosted_visits", ids, "year:2024") == 2
    assert value("liaison.hosted_national", ids, "year:2024") == 1
    assert value("liaison.hosted_provincial", ids, "year:2024") == 1
    assert value("liaison.hosted_accompanying", ids, "year:2024") == 3
    assert value("liaison.hosted_visits", ids, "cumulative") == 3


def test_reports_sent_replied_awaiting_and_overdue_as_of_the_period_end(world):
    ids = [world.wuwei.pk]
    a, b, c = world.report(), world.report(subject="关于年度协商计划的请示"), world.report(subject="草稿")
    services.send_party_report(actor=world.staff, report=a, data={"sent_on": datetime.date(2024, 3, 2)})
    services.send_party_report(actor=world.staff, report=b, data={"sent_on": datetime.date(2024, 12, 25)})
    services.reply_party_report(
        actor=world.staff,
        report=a,
        data={"replied_on": datetime.date(2025, 1, 5), "reply": "同意", "outcome": "approved"},
    )
    assert value("liaison.reports_sent", ids, "year:2024") == 2
    assert value("liaison.reports_replied", ids, "year:2024") == 0
    # at the end of 2024 both await a reply; a is past its 15 days, b is not
    assert value("liaison.reports_awaiting", ids, "year:2024") == 2
    overdue = registry.figures()["liaison.reports_overdue"]
    assert set(overdue.records(ids, parse_period("year:2024", as_of=datetime.date(2024, 12, 31)))) == {a}
    later = datetime.date(2025, 12, 31)
    assert value("liaison.reports_replied", ids, "year:2025", as_of=later) == 1
    assert value("liaison.reports_awaiting", ids, "year:2025", as_of=later) == 1
    assert value("liaison.reports_overdue", ids, "year:2025", as_of=later) == 1
    assert c.state == "draft"


def test_the_figure_page_opens_each_figure_to_its_records(world, client):
    world.engage([world.c_member])
    world.hosted()
    client.force_login(world.staff)
    page = client.get("/liaison/?period=year:2024")
    assert page.status_code == 200 and 'data-figure="liaison.engagements"' in page.content.decode()
    page = client.get("/liaison/?period=year:2024&figure=liaison.hosted_accompanying")
    assert page.status_code == 200 and "李明 · 戈壁农业发展" in page.content.decode()
    page = client.get("/liaison/?period=year:2024&figure=liaison.coverage")
    assert page.status_code == 200 and "马立 → 李明" in page.content.decode()


def test_every_figure_opens_in_the_statistics_catalogue_and_exports(world, client):
    world.engage([world.c_member])
    world.hosted()
    report = world.report()
    services.send_party_report(actor=world.staff, report=report, data={"sent_on": DAY})
    client.force_login(world.staff)
    for key in [k for k in registry.figures() if k.startswith("liaison.")]:
        for suffix in ("", "&format=xlsx"):
            response = client.get(f"/stats/figures/{key}/?committee=620600&period=year:2024{suffix}")
            assert response.status_code == 200, (key, suffix)
