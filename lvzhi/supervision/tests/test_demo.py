"""The demo data reproduces every supervision figure of seed-figures.md as of 2024-12-31, each equal
to an independent count of its records."""

import datetime
import decimal

import pytest
from django.db.models import Sum

from lvzhi.core.periods import parse_period
from lvzhi.org.models import Committee, Membership
from lvzhi.supervision.figures import FIGURES, SEED_FIGURES
from lvzhi.supervision.models import (
    DemoPoint,
    EnterpriseProblem,
    InvestmentProject,
    InvestmentVisit,
    LitigationClue,
    MediationCase,
    ServiceItem,
    SupervisorPost,
    SupportItem,
    VisitEnterprise,
)

AS_OF = datetime.date(2024, 12, 31)


def scope_of(code, scope):
    committee = Committee.objects.get(code=code)
    if scope == "tree":
        return committee, set(Committee.objects.descendants_of(committee.pk).values_list("pk", flat=True))
    return committee, {committee.pk}


def compute(seed, as_of=AS_OF):
    key, code, scope, period_text, _expected = SEED_FIGURES[seed]
    committee, ids = scope_of(code, scope)
    period = parse_period(period_text, as_of=as_of, term_start=committee.current_term(on=as_of).start_date)
    figure = next(f for f in FIGURES if f.key == key)
    return figure.compute(ids, period)


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


def test_the_demo_reproduces_the_supervision_figures(demo):
    got = {seed: compute(seed) for seed in SEED_FIGURES}
    assert got == {seed: row[4] for seed, row in SEED_FIGURES.items()}
    each_figure_equals_an_independent_count()
    an_earlier_date_gives_that_dates_counts()


def each_figure_equals_an_independent_count():
    """The same numbers counted straight from the tables, without the figures' code."""
    wuwei, tree = scope_of("620600", "tree")
    pingliang, p_tree = scope_of("620800", "tree")
    year = {"received_on__lte": AS_OF}
    in_2024 = [
        c
        for c in MediationCase.objects.filter(committee__in=tree, **year).prefetch_related("mediators")
        if c.closed_on is None or c.closed_on >= datetime.date(2024, 1, 1)
    ]
    assert len({m.pk for c in in_2024 for m in c.mediators.all()}) == 124
    assert sum(1 for c in in_2024 if c.state == "concluded") == 35
    assert sum(1 for c in in_2024 if c.result == "successful") == 27
    w_term = wuwei.current_term(on=AS_OF).start_date
    clues = LitigationClue.objects.filter(committee__in=tree)
    term = (w_term, AS_OF)  # the records after 2024 are not counted as of 2024-12-31
    assert clues.filter(recorded_on__range=term).count() == 78
    assert clues.filter(filed_on__range=term).count() == 69
    assert clues.filter(suggestion_on__range=term).count() == 57
    projects = InvestmentProject.objects.filter(committee__in=tree, signed_on__gte=w_term)
    assert projects.count() == 23
    assert projects.aggregate(s=Sum("amount_wan"))["s"] == decimal.Decimal("916900")
    solved = EnterpriseProblem.objects.filter(committee=wuwei, state="solved", resolved_on__gte=w_term)
    assert solved.count() == 23
    p_term = pingliang.current_term(on=AS_OF).start_date
    items = SupportItem.objects.filter(committee=pingliang, occurred_on__gte=p_term)
    assert items.filter(kind="rural_funds").aggregate(s=Sum("amount"))["s"] == decimal.Decimal("263.80")
    points = DemoPoint.objects.filter(committee=pingliang, built_on__gte=p_term)
    assert points.count() == 16 and all(p.supervisors.exists() for p in points)
    done = {"kind": "matter", "state": "done", "done_on__lte": AS_OF}
    matters = ServiceItem.objects.filter(**done, done_on__gte=p_term, committee__in=p_tree)
    assert matters.count() == 765
    assert not matters.filter(members=None).exists() and not matters.filter(activity=None).exists()
    w_matters = ServiceItem.objects.filter(**done, done_on__gte=w_term, committee__in=tree)
    assert w_matters.count() == 397
    problems = ServiceItem.objects.filter(kind="problem", state="done", done_on__lte=AS_OF, committee__in=tree)
    assert problems.count() == 19_038
    visits = InvestmentVisit.objects.filter(committee=pingliang, started_on__gte=p_term)
    assert visits.count() == 21
    assert len(set(VisitEnterprise.objects.filter(visit__in=visits).values_list("name", flat=True))) == 94
    assert InvestmentProject.objects.filter(committee=pingliang, signed_on__gte=p_term).count() == 22
    posts = SupervisorPost.objects.filter(committee=pingliang, recommended_on__gte=p_term)
    assert posts.filter(role__in=["supervisor", "reviewer"]).count() == 102
    democratic = set(
        Membership.objects.filter(committee=pingliang, party__kind="democratic").values_list("member_id", flat=True)
    )
    reviewers = set(
        posts.filter(role__in=["project_review", "trial", "plan_review", "exam"]).values_list("member_id", flat=True)
    )
    assert len(reviewers & democratic) == 29


def an_earlier_date_gives_that_dates_counts():
    assert compute("W5", as_of=datetime.date(2024, 6, 30)) < 35
    assert compute("W11", as_of=datetime.date(2023, 12, 31)) < 23
