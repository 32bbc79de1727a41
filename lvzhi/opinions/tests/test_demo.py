"""The demo data reproduces the opinions figures of seed-figures.md as of 2024-12-31, and every
figure equals the count of the records behind it."""

import datetime

import pytest  # noqa: F401

from lvzhi.core.periods import parse_period
from lvzhi.opinions.choices import OpinionState
from lvzhi.opinions.figures import FIGURES, SEED_FIGURES
from lvzhi.opinions.models import Adoption, OpinionReport
from lvzhi.org.models import Committee

AS_OF = datetime.date(2024, 12, 31)
EXPECTED = {"W14": 28, "P21": 32, "P24": 31}


def compute(key, code, scope, period_text, as_of=AS_OF):
    committee = Committee.objects.get(code=code)
    ids = (
        set(Committee.objects.descendants_of(committee.pk).values_list("pk", flat=True))
        if scope == "tree"
        else {committee.pk}
    )
    term = committee.current_term(on=as_of)
    period = parse_period(period_text, as_of=as_of, term_start=term.start_date)
    figure = next(f for f in FIGURES if f.key == key)
    return figure, figure.compute(ids, period), figure.records(ids, period)


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo.results["opinions"]


def test_the_demo_reproduces_the_opinions_figures(demo):
    got = {seed: compute(*SEED_FIGURES[seed])[1] for seed in EXPECTED}
    assert got == EXPECTED
    for seed in EXPECTED:
        assert compute(*SEED_FIGURES[seed])[2].count() == EXPECTED[seed]
    every_figure_equals_its_records()
    the_demo_has_items_at_every_stage(demo)
    the_county_item_went_up_to_the_city_and_was_adopted_by_the_province()
    as_of_another_date_the_figures_are_that_dates_counts()


def every_figure_equals_its_records():
    for code in ("620600", "620800"):
        for period in ("term", "year:2024", "cumulative"):
            for figure in FIGURES:
                if figure.value is not None:
                    continue
                _f, value, records = compute(figure.key, code, "tree", period)
                assert value == records.count() == len({r.pk for r in records}), figure.key


def the_demo_has_items_at_every_stage(counts):
    assert counts["reports"] > 150
    states = set(OpinionReport.objects.values_list("state", flat=True))
    assert states == set(OpinionState.values)
    mine = set(OpinionReport.objects.filter(created_by__username="wuwei_member").values_list("state", flat=True))
    assert {"draft", "submitted", "accepted", "rejected", "sent", "closed"} <= mine


def the_county_item_went_up_to_the_city_and_was_adopted_by_the_province():
    copy = OpinionReport.objects.get(committee__code="620600", source__committee__code="620602")
    assert Adoption.objects.filter(report=copy, level="provincial").exists()
    assert Adoption.objects.filter(report=copy.source, level="city").exists()


def as_of_another_date_the_figures_are_that_dates_counts():
    _f, value, _r = compute("opinions.sent_local", "620600", "self", "year:2024", as_of=datetime.date(2024, 6, 30))
    assert 0 < value < EXPECTED["W14"]
