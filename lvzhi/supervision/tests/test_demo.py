"""The demo data reproduces every supervision figure of seed-figures.md as of 2024-12-31, each equal
to an independent count of its records."""

import datetime
import decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Sum
from django.utils import timezone

from lvzhi.core.models import AuditEntry, Transition
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
    projects = InvestmentProject.objects.filter(committee__in=tree, signed_on__range=term)
    assert projects.count() == 23
    assert projects.aggregate(s=Sum("amount_wan"))["s"] == decimal.Decimal("916900")
    solved = EnterpriseProblem.objects.filter(committee=wuwei, state="solved", resolved_on__range=term)
    assert solved.count() == 23
    p_term = pingliang.current_term(on=AS_OF).start_date
    p_range = (p_term, AS_OF)
    items = SupportItem.objects.filter(committee=pingliang, occurred_on__range=p_range)
    assert items.filter(kind="rural_funds").aggregate(s=Sum("amount"))["s"] == decimal.Decimal("263.80")
    points = DemoPoint.objects.filter(committee=pingliang, built_on__range=p_range)
    assert points.count() == 16 and all(p.supervisors.exists() for p in points)
    done = {"kind": "matter", "state": "done", "done_on__lte": AS_OF}
    matters = ServiceItem.objects.filter(**done, done_on__gte=p_term, committee__in=p_tree)
    assert matters.count() == 765
    assert not matters.filter(members=None).exists() and not matters.filter(activity=None).exists()
    w_matters = ServiceItem.objects.filter(**done, done_on__gte=w_term, committee__in=tree)
    assert w_matters.count() == 397
    problems = ServiceItem.objects.filter(kind="problem", state="done", done_on__lte=AS_OF, committee__in=tree)
    assert problems.count() == 19_038
    visits = InvestmentVisit.objects.filter(committee=pingliang, started_on__range=p_range)
    assert visits.count() == 21
    assert len(set(VisitEnterprise.objects.filter(visit__in=visits).values_list("name", flat=True))) == 94
    assert InvestmentProject.objects.filter(committee=pingliang, signed_on__range=p_range).count() == 22
    posts = SupervisorPost.objects.filter(committee=pingliang, recommended_on__range=p_range)
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


REGISTERS = [
    (InvestmentVisit, "started_on", {}),
    (InvestmentProject, "signed_on", {}),
    (EnterpriseProblem, "raised_on", {}),
    (SupervisorPost, "recommended_on", {}),
    (SupportItem, "occurred_on", {"kind": "rural_funds"}),
    (SupportItem, "occurred_on", {"kind": "other"}),  # 平凉's 优化营商环境
    (DemoPoint, "built_on", {}),
]
WUWEI_PLACES = ("武威", "凉州", "民勤", "古浪", "天祝", "祁连山")
PINGLIANG_PLACES = ("平凉", "静宁", "崆峒", "泾川", "灵台", "崇信", "庄浪", "华亭")


def test_the_registers_run_on_after_2024_at_each_committees_pace(demo):
    last = timezone.localdate() - datetime.timedelta(days=1)
    for model, field, only in REGISTERS:
        later = model.objects.filter(**{f"{field}__gt": AS_OF}, **only)
        assert later.filter(**{f"{field}__year": 2025}).exists(), model
        assert not later.filter(**{f"{field}__gt": last}).exists(), model
        if last.year > 2025 and last >= datetime.date(last.year, 7, 1):
            first_half = (datetime.date(last.year, 1, 1), datetime.date(last.year, 6, 30))
            assert later.filter(**{f"{field}__range": first_half}).exists(), model
        # a full year at the committee's own 2024 pace
        count = {
            year: dict(
                model.objects.filter(**{f"{field}__year": year}, **only)
                .values_list("committee_id")
                .annotate(n=Count("id"))
            )
            for year in (2024, 2025)
        }
        assert count[2025] == count[2024], model


def test_the_later_records_are_of_their_own_city_and_as_far_as_the_days_allow(demo):
    last = timezone.localdate() - datetime.timedelta(days=1)
    for code, foreign in (("620600", PINGLIANG_PLACES), ("620800", WUWEI_PLACES)):
        _city, tree = scope_of(code, "tree")
        texts = [
            *InvestmentProject.objects.filter(committee__in=tree, signed_on__gt=AS_OF).values_list("name", flat=True),
            *SupportItem.objects.filter(committee__in=tree, occurred_on__gt=AS_OF).values_list("title", flat=True),
            *DemoPoint.objects.filter(committee__in=tree, built_on__gt=AS_OF).values_list("place", flat=True),
            *InvestmentVisit.objects.filter(committee__in=tree, started_on__gt=AS_OF).values_list("purpose", flat=True),
        ]
        assert texts and not [t for t in texts if any(place in t for place in foreign)], code
    problems = EnterpriseProblem.objects.filter(raised_on__gt=AS_OF)
    long_ago = last - datetime.timedelta(days=61)
    assert not problems.filter(raised_on__lte=long_ago, state__in=["raised", "handling"]).exists()
    assert not problems.filter(raised_on__gt=last - datetime.timedelta(days=2)).exclude(state="raised").exists()
    solved = problems.filter(state="solved")
    assert solved.exists() and not solved.filter(resolved_on__gt=last).exists()
    kind = ContentType.objects.get_for_model(EnterpriseProblem)
    steps = dict(
        Transition.objects.filter(content_type=kind, action="solve", object_id__in=solved.values("pk")).values_list(
            "object_id", "at"
        )
    )
    assert {pk: timezone.localdate(at) for pk, at in steps.items()} == dict(solved.values_list("pk", "resolved_on"))
    visits = InvestmentVisit.objects.filter(started_on__gt=AS_OF)
    created = AuditEntry.objects.filter(
        action="supervision.investmentvisit.create", object_id__in=[str(v.pk) for v in visits]
    )
    assert sorted(timezone.localdate(e.at) for e in created) == sorted(v.started_on for v in visits)
    assert all(timezone.localdate(v.created_at) == v.started_on for v in visits)  # registered then, not at the load
