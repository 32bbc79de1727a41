"""The ledger: kept current by the source services in their own transaction (removals included),
equal to a rebuild after any series of source changes, checked and rebuilt by commands."""

import datetime
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.activities import services as activities
from lvzhi.activities.models import Attendance
from lvzhi.core.errors import ServiceError
from lvzhi.duties import ledger, services
from lvzhi.duties.models import DutyEvent
from lvzhi.org import services as org
from lvzhi.org.models import Studio
from lvzhi.proposals import services as proposals
from lvzhi.proposals.models import Proposal


def kinds_of(person):
    return sorted(DutyEvent.objects.filter(member=person).values_list("kind", flat=True))


def test_filing_a_proposal_records_first_and_co_proposers(world):
    first, co = world.people[0], world.people[1]
    world.proposal(first, co=[co])
    assert kinds_of(first) == ["proposals.first"]
    assert kinds_of(co) == ["proposals.co"]
    event = DutyEvent.objects.get(member=first)
    assert event.year == world.year and event.points == 5 and event.committee == world.committee


def test_a_withdrawn_filing_removes_its_events(world):
    proposal = world.proposal(world.people[0], co=[world.people[1]])
    proposals.withdraw_proposal(actor=world.staff, proposal=proposal, note="提案人申请撤回")
    assert not DutyEvent.objects.exists()


def test_an_unfiled_proposal_records_nothing(world):
    world.proposal(world.people[0], file=False)
    assert not DutyEvent.objects.exists()


def test_key_and_excellent_flags_come_and_go(world):
    proposal = world.proposal(world.people[0])
    proposals.set_flags(actor=world.staff, proposal=proposal, is_key=True, is_excellent=True)
    assert kinds_of(world.people[0]) == ["proposals.excellent", "proposals.first", "proposals.key"]
    proposals.set_flags(actor=world.staff, proposal=proposal, is_excellent=False)
    assert kinds_of(world.people[0]) == ["proposals.first", "proposals.key"]


def test_finishing_an_activity_records_attendance_and_unexcused_absence(world):
    world.finished("plenary", present=world.people[:2])
    assert kinds_of(world.people[0]) == ["activities.attended.plenary"]
    assert kinds_of(world.people[2]) == ["activities.absent.plenary"]
    assert DutyEvent.objects.get(member=world.people[2]).points == -10


def test_a_corrected_attendance_replaces_the_absence(world):
    activity = world.finished("plenary", present=[world.people[0]])
    activities.manual_check_in(actor=world.staff, activity=activity, member=world.people[2])
    assert kinds_of(world.people[2]) == ["activities.attended.plenary"]


def test_a_planned_activity_records_nothing_until_it_finishes(world):
    activity = world.activity("consultation")
    activities.invite(actor=world.staff, activity=activity, values=[world.people[0].pk])
    activities.manual_check_in(actor=world.staff, activity=activity, member=world.people[0])
    assert not DutyEvent.objects.exists()
    activities.finish_activity(actor=world.staff, activity=activity)
    assert kinds_of(world.people[0]) == ["activities.attended.consultation"]


def test_changing_an_activity_kind_moves_its_events(world):
    activity = world.finished("consultation", present=[world.people[0]])
    activities.update_activity(actor=world.staff, activity=activity, data={"kind": "inspection", "subkind": ""})
    assert kinds_of(world.people[0]) == ["activities.attended.inspection"]


def test_speeches_outcomes_and_studio_activities_are_credited(world):
    activity = world.finished("studio", present=[world.people[1]], organiser_studio=world.studio.pk, subkind="送医")
    activities.record_speech(actor=world.staff, activity=activity, data={"member": world.people[1].pk, "title": "发言"})
    activities.record_outcome(
        actor=world.staff, activity=activity, data={"title": "调研报告", "authors": [world.people[1].pk]}
    )
    assert kinds_of(world.people[1]) == ["activities.attended.studio", "activities.outcome", "activities.spoke"]
    assert kinds_of(world.people[0]) == ["activities.absent.studio", "activities.organised_studio"]
    org.save_list_item(
        actor=world.staff,
        committee=world.committee,
        model=Studio,
        data={"lead": world.people[3]},
        instance=world.studio,
    )
    assert kinds_of(world.people[0]) == ["activities.absent.studio"]
    assert kinds_of(world.people[3]) == ["activities.absent.studio", "activities.organised_studio"]


def test_a_failed_source_write_leaves_the_ledger_as_it_was(world):
    proposal = world.proposal(world.people[0])
    with pytest.raises(RuntimeError), transaction.atomic():
        proposals.withdraw_proposal(actor=world.staff, proposal=proposal)
        raise RuntimeError("rolled back")
    assert kinds_of(world.people[0]) == ["proposals.first"]


def test_a_submitted_annual_report_counts_for_its_year_until_returned(world):
    user = world.users[1]
    report = services.save_report(actor=user, year=world.year - 1, text="述职报告正文")
    services.submit_report(actor=user, report=report)
    event = DutyEvent.objects.get(kind="duties.annual_report")
    assert event.year == world.year - 1
    services.return_report(actor=world.staff, report=report, note="请补充提案情况")
    assert not DutyEvent.objects.filter(kind="duties.annual_report").exists()


def _random_series(world, rng: random.Random, steps: int):
    """A seeded random series of real service calls on proposals, activities, reports and studios."""
    people = world.people
    made = {"proposals": [], "activities": [], "reports": {}}
    for _ in range(steps):
        op = rng.choice(
            [
                "proposal",
                "proposal",
                "withdraw",
                "flags",
                "activity",
                "activity",
                "correct",
                "edit",
                "record",
                "report",
                "studio",
                "merge",
                "cancel",
            ]
        )
        try:
            if op == "proposal":
                first = rng.choice(people)
                co = rng.sample([p for p in people if p != first], rng.randint(0, 2))
                made["proposals"].append(world.proposal(first, co=co, file=rng.random() < 0.8))
            elif op == "withdraw" and made["proposals"]:
                proposals.withdraw_proposal(actor=world.staff, proposal=rng.choice(made["proposals"]))
            elif op == "merge" and len(made["proposals"]) > 1:
                a, b = rng.sample(made["proposals"], 2)
                proposals.merge_proposal(actor=world.staff, proposal=a, into=b.pk)
            elif op == "flags" and made["proposals"]:
                proposals.set_flags(
                    actor=world.staff,
                    proposal=rng.choice(made["proposals"]),
                    is_key=rng.random() < 0.5,
                    is_excellent=rng.random() < 0.3,
                )
            elif op == "activity":
                kind = rng.choice(["plenary", "consultation", "inspection", "studio", "study"])
                extra = {"organiser_studio": world.studio.pk} if kind == "studio" and rng.random() < 0.5 else {}
                activity = world.activity(kind, days_ago=rng.randint(1, 20), **extra)
                activities.invite(actor=world.staff, activity=activity, values=[p.pk for p in people])
                for person in rng.sample(people, rng.randint(0, len(people))):
                    activities.manual_check_in(actor=world.staff, activity=activity, member=person)
                leave = rng.choice(people)
                row = Attendance.objects.get(activity=activity, member=leave)
                if row.state != "present":
                    activities.respond(actor=world.user_of(leave), activity=activity, answer="leave", reason="出差")
                    activities.decide_leave(
                        actor=world.staff, attendance=Attendance.objects.get(pk=row.pk), approved=rng.random() < 0.7
                    )
                if rng.random() < 0.85:
                    activities.finish_activity(actor=world.staff, activity=activity)
                made["activities"].append(activity)
            elif op == "cancel" and made["activities"]:
                activities.cancel_activity(actor=world.staff, activity=rng.choice(made["activities"]))
            elif op == "correct" and made["activities"]:
                activities.manual_check_in(
                    actor=world.staff, activity=rng.choice(made["activities"]), member=rng.choice(people)
                )
            elif op == "edit" and made["activities"]:
                activity = rng.choice(made["activities"])
                activity.refresh_from_db()
                activities.update_activity(
                    actor=world.staff,
                    activity=activity,
                    data={"kind": rng.choice(["consultation", "inspection", "plenary"]), "subkind": ""},
                )
            elif op == "record" and made["activities"]:
                activity = rng.choice(made["activities"])
                person = rng.choice(people)
                if rng.random() < 0.5:
                    activities.record_speech(
                        actor=world.staff, activity=activity, data={"member": person.pk, "title": "发言"}
                    )
                else:
                    authors = [p.pk for p in rng.sample(people, rng.randint(1, 3))]
                    activities.record_outcome(
                        actor=world.staff, activity=activity, data={"title": "成果", "authors": authors}
                    )
            elif op == "report":
                user = rng.choice(world.users)
                report = services.save_report(actor=user, year=world.year, text="述职报告")
                if report.state in ("draft", "returned"):
                    services.submit_report(actor=user, report=report)
                else:
                    action = rng.choice([services.return_report, services.accept_report])
                    action(actor=world.staff, report=report, note="审核意见")
            elif op == "studio":
                org.save_list_item(
                    actor=world.staff,
                    committee=world.committee,
                    model=Studio,
                    data={"lead": rng.choice(people)},
                    instance=Studio.objects.get(pk=world.studio.pk),
                )
        except ServiceError:
            pass  # an illegal step in this state: refused, nothing changed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_upkeep_equals_a_rebuild_after_a_random_series(world, seed):
    rng = random.Random(seed)
    for _ in range(4):
        _random_series(world, rng, 12)
        assert not ledger.differences(), ledger.differences().lines()
    assert DutyEvent.objects.count() > 10
    before = sorted(
        DutyEvent.objects.values_list(
            "kind", "source_type", "source_id", "member", "committee", "year", "date", "points"
        )
    )
    DutyEvent.objects.all().delete()
    ledger.rebuild()
    after = sorted(
        DutyEvent.objects.values_list(
            "kind", "source_type", "source_id", "member", "committee", "year", "date", "points"
        )
    )
    assert after == before


def test_check_duties_reports_drift_and_changes_nothing(world, capsys):
    world.proposal(world.people[0])
    call_command("check_duties")
    assert "一致" in capsys.readouterr().out
    DutyEvent.objects.all().delete()
    with pytest.raises(SystemExit) as exc:
        call_command("check_duties")
    assert exc.value.code == 1
    assert "proposals.first" in capsys.readouterr().out
    assert not DutyEvent.objects.exists()


def test_rebuild_duties_restores_the_ledger_for_one_committee_and_year(world, capsys):
    world.proposal(world.people[0])
    DutyEvent.objects.all().delete()
    call_command("rebuild_duties", "--committee", "620800", "--year", str(world.year))
    assert not DutyEvent.objects.exists()
    call_command("rebuild_duties", "--committee", "620600", "--year", str(world.year))
    assert DutyEvent.objects.count() == 1
    assert "新增 1" in capsys.readouterr().out


def test_rebuild_removes_rows_no_source_supports(world):
    world.proposal(world.people[0])
    extra = DutyEvent.objects.get()
    extra.pk = None
    extra.member = world.people[2]
    extra.save()
    changes = ledger.rebuild()
    assert len(changes.delete) == 1
    assert DutyEvent.objects.count() == 1


def test_it_rebuilds_in_place_of_a_bulk_loader(world):
    """Demo loaders write with bulk_create (no upkeep): a rebuild makes the ledger whole."""
    proposal = world.proposal(world.people[0])
    Proposal.objects.filter(pk=proposal.pk).update(is_key=True, filed_at=timezone.now())
    assert ledger.differences()
    ledger.rebuild()
    assert kinds_of(world.people[0]) == ["proposals.first", "proposals.key"]


def _ledger_rows_read(queries):
    """Statements that read ledger rows themselves (not the checksums' GROUP BY)."""
    return [q["sql"] for q in queries.captured_queries if "duties_dutyevent" in q["sql"] and "GROUP BY" not in q["sql"]]


def test_a_check_of_an_unchanged_ledger_reads_only_its_checksums(world):
    world.proposal(world.people[0], co=[world.people[1]])
    world.finished("plenary", present=world.people[:2])
    with CaptureQueriesContext(connection) as queries:
        assert not ledger.differences()
    assert not _ledger_rows_read(queries)


def test_a_check_compares_checksums_once_for_its_whole_scope_and_walks_only_what_differs(world, monkeypatch):
    """However many passes the committees would take, an unchanged ledger costs one round of
    checksum queries; a drift in one committee is compared there alone."""
    world.proposal(world.people[0], co=[world.people[1]])
    world.finished("plenary", present=world.people[:2])
    statements = {}
    for per_pass in (10**9, 1):  # every committee in one pass; each committee a pass of its own
        monkeypatch.setattr(ledger, "MEMBERS_PER_PASS", per_pass)
        with CaptureQueriesContext(connection) as queries:
            assert not ledger.differences()
        statements[per_pass] = len(queries)
    assert ledger.Member.objects.values("committee_id").distinct().count() > 1
    assert statements[1] == statements[10**9]
    event = DutyEvent.objects.order_by("pk").first()
    DutyEvent.objects.filter(pk=event.pk).delete()
    visited = []
    original = ledger._pass_changes
    monkeypatch.setattr(ledger, "_pass_changes", lambda ids, *a, **k: visited.append(ids) or original(ids, *a, **k))
    (missing,) = ledger.differences().add
    assert missing[2] == (event.source_id, event.member_id)
    assert visited == [frozenset([event.committee_id])]


def test_the_checksums_see_every_kind_of_drift(world):
    """Swapped members, a moved date, changed points, a changed committee or year: each makes the
    sums differ, and the row-by-row comparison of that kind and committee names it."""
    world.proposal(world.people[0], co=[world.people[1]])
    world.finished("plenary", present=world.people[:2])
    attended = DutyEvent.objects.filter(kind="activities.attended.plenary").order_by("pk")
    one, two = list(attended)
    drifts = [
        lambda: (  # two events swap their members (a sum linear in the fields would not see it)
            DutyEvent.objects.filter(pk=two.pk).update(member=one.member),
            DutyEvent.objects.filter(pk=one.pk).update(member=two.member),
        ),
        lambda: attended.filter(pk=one.pk).update(date=one.date - datetime.timedelta(days=1)),
        lambda: attended.filter(pk=one.pk).update(points=one.points + Decimal("0.5")),
        lambda: attended.filter(pk=one.pk).update(year=one.year - 1),
    ]
    for drift in drifts:
        with transaction.atomic():
            drift()
            found = ledger.differences().lines()
            assert found and all("activities.attended.plenary" in line for line in found), found
            transaction.set_rollback(True)
    assert not ledger.differences()
