"""The register of regulations: services (legal and illegal), its figures against independent
counts with boundaries, and its pages."""

import datetime

import pytest

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.models import AuditEntry
from lvzhi.stats import selectors, services
from lvzhi.stats.models import Regulation, RegulationRevision

END = datetime.date(2024, 12, 31)


def value(key, committee, scope="self", period="term", as_of=END):
    return selectors.evaluate(key, committee, scope, period, as_of).value


def test_it_registers_revises_and_repeals_with_an_audit_entry_each(world):
    services.revise_regulation(actor=world.staff, regulation=world.system, data={"revised_on": "2024-12-31"})
    services.repeal_regulation(actor=world.staff, regulation=world.mechanism, data={"repealed_on": "2025-01-02"})
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"stats.regulation.create", "stats.regulation.revise", "stats.regulation.repeal"} <= actions
    with pytest.raises(IllegalTransition):
        services.repeal_regulation(actor=world.staff, regulation=world.mechanism, data={"repealed_on": "2025-02-01"})
    with pytest.raises(Invalid) as caught:
        services.revise_regulation(actor=world.staff, regulation=world.mechanism, data={"revised_on": "2025-03-01"})
    assert "revised_on" in caught.value.errors


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "kind": "system", "adopted_on": "2024-01-01"},
        {"title": "规则", "kind": "rule", "adopted_on": "2024-01-01"},
        {"title": "规则", "kind": "system", "adopted_on": "2024-13-01"},
        {"title": "规则" * 200, "kind": "system", "adopted_on": "2024-01-01"},
    ],
)
def test_bad_input_writes_nothing_and_says_why(world, data):
    before = Regulation.objects.count()
    with pytest.raises(Invalid) as caught:
        services.create_regulation(actor=world.staff, committee=world.p.wuwei, data=data)
    assert caught.value.errors
    assert Regulation.objects.count() == before


def test_a_revision_before_adoption_is_refused(world):
    with pytest.raises(Invalid):
        services.revise_regulation(actor=world.staff, regulation=world.system, data={"revised_on": "2010-01-01"})
    assert RegulationRevision.objects.filter(regulation=world.system).count() == 1


def test_only_statistics_staff_of_the_committee_may_write(world):
    with pytest.raises(NotFound):  # another committee: as if it did not exist
        services.create_regulation(
            actor=world.p.other_staff,
            committee=world.p.wuwei,
            data={"title": "x", "kind": "system", "adopted_on": "2024-01-01"},
        )
    for user in (world.p.leader, world.p.member):
        with pytest.raises(Forbidden):
            services.revise_regulation(actor=user, regulation=world.system, data={"revised_on": "2024-01-01"})


def test_mechanisms_in_force_follow_adoption_and_repeal_day_by_day(world):
    wuwei = world.p.wuwei
    assert value("regulations.mechanisms", wuwei, period="current") == 1
    assert value("regulations.mechanisms", wuwei, period="current", as_of=datetime.date(2023, 6, 7)) == 0
    assert value("regulations.mechanisms", wuwei, period="current", as_of=datetime.date(2023, 6, 8)) == 1
    services.repeal_regulation(actor=world.staff, regulation=world.mechanism, data={"repealed_on": "2024-06-30"})
    assert value("regulations.mechanisms", wuwei, period="current", as_of=datetime.date(2024, 6, 29)) == 1
    assert value("regulations.mechanisms", wuwei, period="current", as_of=datetime.date(2024, 6, 30)) == 0
    # the lower committee counts with tree only; another committee never
    assert value("regulations.mechanisms", wuwei, "tree", "current", datetime.date(2024, 6, 29)) == 2
    assert value("regulations.mechanisms", wuwei, "lower", "current", datetime.date(2024, 6, 29)) == 1


def test_revised_counts_a_system_once_within_the_term_boundaries_included(world):
    wuwei = world.p.wuwei  # the term starts 2022-01-10: the first revision is on its first day
    assert value("regulations.revised", wuwei) == 1
    services.revise_regulation(actor=world.staff, regulation=world.system, data={"revised_on": "2024-12-31"})
    assert value("regulations.revised", wuwei) == 1  # twice revised, one system
    assert value("regulations.revised", wuwei, period="year:2024") == 1
    assert value("regulations.revised", wuwei, period="year:2023") == 0
    assert value("regulations.revised", wuwei, period="range:2022-01-11..2024-12-30") == 0
    other = services.create_regulation(
        actor=world.staff, committee=wuwei, data={"title": "学习制度", "kind": "system", "adopted_on": "2010-01-01"}
    )
    services.revise_regulation(actor=world.staff, regulation=other, data={"revised_on": "2022-01-09"})
    assert value("regulations.revised", wuwei) == 1  # the day before the term is the previous term
    assert value("regulations.revised", wuwei, period="cumulative") == 2
    records = selectors.records(selectors.evaluate("regulations.revised", wuwei, "self", "cumulative", END))
    assert set(records) == {world.system, other}


def test_the_pages_list_export_and_show_a_regulation(world, client):
    client.force_login(world.staff)
    response = client.get("/stats/regulations/?kind=mechanism")
    assert response.status_code == 200
    assert "招商引资工作机制" in response.content.decode() and "常委会工作规则" not in response.content.decode()
    assert client.get("/stats/regulations/?format=xlsx")["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(f"/stats/regulations/{world.system.pk}/").status_code == 200
    response = client.post(
        f"/stats/regulations/{world.system.pk}/revise/", {"revised_on": "2024-05-01", "note": "修订"}
    )
    assert response.status_code == 302 and world.system.revisions.count() == 2
    response = client.post(
        "/stats/regulations/new/",
        {"committee": world.p.wuwei.pk, "title": "新机制", "kind": "mechanism", "adopted_on": "2024-02-02"},
    )
    assert response.status_code == 302 and Regulation.objects.filter(title="新机制").exists()


def test_another_committee_cannot_open_a_regulation(world, client):
    client.force_login(world.p.other_staff)
    assert client.get(f"/stats/regulations/{world.system.pk}/").status_code == 404
    client.force_login(world.p.member)
    assert client.get("/stats/regulations/").status_code == 403
