"""Each figure equals the count of its records; the demo data reproduces P17, P18 and P23."""

import datetime

import pytest

from lvzhi.core.periods import parse_period
from lvzhi.core.registry import figures
from lvzhi.proposals import services


def proposal_figures():
    return {k: f for k, f in figures().items() if k.startswith("proposals.")}


def test_every_figure_equals_its_records(world):
    world.assigned()
    world.replied()
    rejected = world.submitted()
    services.reject_proposal(actor=world.p.staff, proposal=rejected, reason="内容空泛、没有具体建议的")
    ids, period = [world.committee.pk], parse_period("term")
    found = proposal_figures()
    assert {"proposals.received", "proposals.handled", "proposals.onsite", "proposals.by_organisation"} <= set(found)
    for key, figure in found.items():
        if figure.value is None:
            assert figure.compute(ids, period) == figure.records(ids, period).count(), key
    assert found["proposals.received"].compute(ids, period) == 3
    assert found["proposals.handled"].compute(ids, period) == 2
    assert found["proposals.rejected"].compute(ids, period) == 1
    assert found["proposals.onsite"].compute(ids, period) == 0


def test_figures_respect_the_committee_scope(world):
    world.assigned()
    period = parse_period("term")
    assert proposal_figures()["proposals.handled"].compute([world.p.pingliang.pk], period) == 0


@pytest.mark.django_db
def test_the_demo_reproduces_the_pingliang_figures(shared_demo):
    from lvzhi.org.models import Committee

    pingliang = Committee.objects.get(code="620800")
    period = parse_period("term", as_of=datetime.date(2024, 12, 31))
    found = proposal_figures()
    assert found["proposals.handled"].compute([pingliang.pk], period) == 452
    assert found["proposals.onsite"].compute([pingliang.pk], period) == 24
    assert found["proposals.by_organisation"].compute([pingliang.pk], period) == 85
