"""Duty events come from the records: a mediator per case, a contributor per clue, one per post and
per member of a visit's delegation; the ledger follows the services' writes."""

import datetime

from lvzhi.duties.models import DutyEvent
from lvzhi.supervision import services
from lvzhi.supervision.duty import PRODUCERS

DAY = datetime.date(2024, 3, 1)


def facts(kind):
    producer = next(p for p in PRODUCERS if p.kind == kind)
    return sorted((f.member_id, f.source_id, f.date) for f in producer.events())


def test_each_mediator_of_a_case_has_a_duty_event(world):
    assert facts("supervision.mediated") == sorted(
        [(world.m1.pk, world.case.pk, DAY), (world.m2.pk, world.case.pk, DAY)]
    )
    assert set(DutyEvent.objects.filter(kind="supervision.mediated").values_list("member_id", flat=True)) == {
        world.m1.pk,
        world.m2.pk,
    }


def test_clues_posts_and_visits_give_events_too(world):
    clue = world.new_clue()
    post = services.create_supervisor_post(
        actor=world.staff,
        committee=world.wuwei,
        data={"member": world.m2.pk, "body": "中院", "role": "supervisor", "recommended_on": DAY},
    )
    visit = services.create_investment_visit(
        actor=world.staff,
        committee=world.wuwei,
        data={"started_on": DAY, "destination": "上海", "delegation": [world.m3.pk]},
    )
    assert facts("supervision.clue") == [(world.m1.pk, clue.pk, DAY)]
    assert facts("supervision.special_supervisor") == [(world.m2.pk, post.pk, DAY)]
    assert facts("supervision.investment_visit") == [(world.m3.pk, visit.pk, DAY)]
    services.update_investment_visit(actor=world.staff, visit=visit, data={"delegation": [world.m1.pk]})
    assert list(DutyEvent.objects.filter(kind="supervision.investment_visit").values_list("member_id", flat=True)) == [
        world.m1.pk
    ]
