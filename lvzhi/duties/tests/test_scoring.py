"""Scoring schemes (versions, recomputation, caps, negative points, grades) and baseline targets."""

from decimal import Decimal

import pytest

from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.models import AuditEntry
from lvzhi.duties import scoring, services
from lvzhi.duties.choices import Grade
from lvzhi.duties.models import DutyEvent, ScoringScheme, Target


def standing(world, person, year=None):
    return scoring.standings(world.committee.pk, year or world.year, [person.pk])[person.pk]


def test_the_default_scheme_scores_and_grades(world):
    world.proposal(world.people[0])
    s = standing(world, world.people[0])
    assert s.score == 5 and s.grade == Grade.INCOMPETENT


def test_editing_a_scheme_recomputes_the_year_and_keeps_versions(world):
    world.proposal(world.people[0])
    services.save_scheme(
        actor=world.staff,
        committee=world.committee,
        year=world.year,
        data={"rules": {"proposals.first": {"points": 95}}},
    )
    assert DutyEvent.objects.get().points == 95
    s = standing(world, world.people[0])
    assert s.score == 95 and s.grade == Grade.EXCELLENT
    services.save_scheme(
        actor=world.staff,
        committee=world.committee,
        year=world.year,
        data={"excellent_min": 96, "competent_min": 80, "basic_min": 50},
    )
    assert standing(world, world.people[0]).grade == Grade.COMPETENT
    versions = list(ScoringScheme.objects.filter(committee=world.committee, year=world.year).order_by("version"))
    assert [(v.version, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert versions[1].rules.get(kind="proposals.first").points == 95  # the new version starts from the last
    assert AuditEntry.objects.filter(action="scoring_scheme.save").count() == 2


def test_a_new_year_starts_from_the_last_years_scheme(world):
    services.save_scheme(
        actor=world.staff,
        committee=world.committee,
        year=world.year - 1,
        data={"rules": {"proposals.first": {"points": 7}}, "excellent_min": 50, "competent_min": 30, "basic_min": 10},
    )
    world.proposal(world.people[0])  # filed this year: the last year's scheme is in force
    assert DutyEvent.objects.get().points == 7
    s = standing(world, world.people[0])
    assert s.score == 7 and s.grade == Grade.INCOMPETENT
    scheme = services.save_scheme(actor=world.staff, committee=world.committee, year=world.year, data={})
    assert scheme.version == 1 and scheme.excellent_min == 50
    assert scheme.rules.get(kind="proposals.first").points == 7


def test_a_yearly_cap_limits_a_kind(world):
    services.save_scheme(
        actor=world.staff,
        committee=world.committee,
        year=world.year,
        data={"rules": {"activities.attended.consultation": {"points": 8, "cap": 12}}},
    )
    for _ in range(3):
        world.finished("consultation", present=[world.people[0]])
    s = standing(world, world.people[0])
    assert s.counts["activities.attended.consultation"] == 3
    assert s.subtotals["activities.attended.consultation"] == 12
    assert s.score == 12


def test_absence_from_the_plenary_without_leave_costs_points(world):
    world.finished("plenary", present=[world.people[0]])
    world.finished("consultation", present=[world.people[1]])
    s = standing(world, world.people[1])
    assert s.subtotals == {"activities.absent.plenary": Decimal("-10"), "activities.attended.consultation": 8}
    assert s.score == -2


def test_bad_scheme_input_is_refused_and_writes_nothing(world):
    for data in (
        {"rules": {"no.such.kind": {"points": 1}}},
        {"rules": {"proposals.first": {"points": "abc"}}},
        {"rules": {"proposals.first": {"points": 1, "cap": -5}}},
        {"excellent_min": 50, "competent_min": 70},
        {"rules": {"proposals.first": {"points": "NaN"}}},
    ):
        with pytest.raises(Invalid):
            services.save_scheme(actor=world.staff, committee=world.committee, year=world.year, data=data)
    with pytest.raises(Invalid):
        services.save_scheme(actor=world.staff, committee=world.committee, year=99999, data={})
    assert not ScoringScheme.objects.exists()


def test_only_staff_of_the_committee_edit_a_scheme(world):
    for actor in (world.users[0], world.p.other_staff, world.p.leader, world.p.county_staff):
        with pytest.raises(Forbidden):
            services.save_scheme(actor=actor, committee=world.committee, year=world.year, data={})


def test_the_default_targets_are_eight_and_count_what_is_registered(world):
    targets = scoring.targets_for(world.committee.pk)
    assert len(targets) == 8
    world.finished("plenary", present=[world.people[0]])
    world.proposal(world.people[0])
    s = standing(world, world.people[0])
    done = {t.name: t.met for t in s.targets if t.counted}
    assert done["出席全体会议"] and done["提交提案至少 1 件"]
    assert not done["参加协商活动至少 1 次"]
    report = next(t for t in s.targets if t.name == "提交年度述职报告")
    assert not report.counted  # an ordinary member need not report
    assert standing(world, world.people[1]).targets[-1].counted  # a standing-committee member must


def test_a_committee_edits_its_own_targets(world):
    target = services.save_target(
        actor=world.staff,
        committee=world.committee,
        data={"name": "参加协商活动至少 2 次", "kinds": ["activities.attended.consultation"], "required": 2},
    )
    assert Target.objects.filter(committee=world.committee).count() == 9  # the template, then the new one
    world.finished("consultation", present=[world.people[0]])
    s = standing(world, world.people[0])
    mine = next(t for t in s.targets if t.name == target.name)
    assert (mine.done, mine.met) == (1, False)
    world.finished("consultation", present=[world.people[0]])
    assert next(t for t in standing(world, world.people[0]).targets if t.name == target.name).met
    services.delete_target(actor=world.staff, target=target)
    assert Target.objects.filter(committee=world.committee).count() == 8
    assert len(scoring.targets_for(world.p.pingliang.pk)) == 8  # another committee keeps the default


def test_bad_target_input_is_refused_and_writes_nothing(world):
    for data in (
        {"name": "", "kinds": ["proposals.first"], "required": 1},
        {"name": "x", "kinds": [], "required": 1},
        {"name": "x", "kinds": ["nope"], "required": 1},
        {"name": "x", "kinds": ["proposals.first"], "required": 0},
    ):
        with pytest.raises(Invalid):
            services.save_target(actor=world.staff, committee=world.committee, data=data)
    assert not Target.objects.exists()


def test_a_preloaded_point_book_answers_as_the_scheme_in_force_each_year(world):
    """The ledger's check reads every committee's schemes at once (`PointBook.preload`): for every
    year before, between and after two schemes, the points are those of the scheme in force."""
    from lvzhi.duties import ledger

    for year, points in ((world.year - 2, 7), (world.year, 11)):
        services.save_scheme(
            actor=world.staff,
            committee=world.committee,
            year=year,
            data={"rules": {"proposals.first": {"points": points}}},
        )
    services.save_scheme(  # a second version of the first: only the current one counts
        actor=world.staff,
        committee=world.committee,
        year=world.year - 2,
        data={"rules": {"proposals.first": {"points": 8}}},
    )
    lazy, preloaded = ledger.PointBook(), ledger.PointBook()
    preloaded.preload([world.committee.pk])
    kinds = ["proposals.first", "activities.excused", "no.such.kind"]
    for year in range(world.year - 4, world.year + 3):
        for kind in kinds:
            assert preloaded.points(world.committee.pk, year, kind) == lazy.points(world.committee.pk, year, kind)
    assert [
        preloaded.points(world.committee.pk, y, "proposals.first") for y in range(world.year - 3, world.year + 2)
    ] == [
        Decimal("5"),
        Decimal("8"),
        Decimal("8"),
        Decimal("11"),
        Decimal("11"),
    ]
