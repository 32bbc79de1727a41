"""Duty events of opinion reports come from the reports: submitted, used, instructed and adopted (by
level), for the members credited; the ledger follows every service's write, removals included, and
equals a rebuild after any series of real service calls."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from lvzhi.core.errors import ServiceError
from lvzhi.duties import ledger, scoring
from lvzhi.duties.models import DutyEvent
from lvzhi.opinions import services
from lvzhi.opinions.choices import OpinionState
from lvzhi.opinions.duty import PRODUCERS
from lvzhi.opinions.models import Credit, OpinionReport

TODAY = datetime.date.today


def kinds_of(person, **filters):
    return sorted(DutyEvent.objects.filter(member=person, **filters).values_list("kind", flat=True))


def opinion_events():
    return sorted(
        DutyEvent.objects.filter(kind__startswith="opinions.").values_list("kind", "member_id", "source_id", "date")
    )


def instruct(world, report, level="city", leader="王书记"):
    return services.record_instruction(
        actor=world.staff, report=report, leader=leader, position="书记", level=level, date=TODAY(), text="请研究。"
    )


def test_the_producers_follow_the_contract():
    kinds = [p.kind for p in PRODUCERS]
    assert kinds[:2] == ["opinions.submitted", "opinions.used"]
    assert set(kinds[2:]) == {
        "opinions.instructed.national",
        "opinions.instructed.provincial",
        "opinions.instructed.city",
        "opinions.instructed.county",
        "opinions.adopted.national",
        "opinions.adopted.provincial",
        "opinions.adopted.city",
    }
    assert all(scoring.kind_matches("opinions.*", kind) for kind in kinds)
    assert set(ledger.kinds()) >= set(kinds)


def test_submitting_records_the_members_event_dated_by_the_submission(world):
    report = world.report()
    event = DutyEvent.objects.get(kind="opinions.submitted")
    assert (event.member, event.source_id, event.committee) == (world.p.member_person, report.pk, world.p.wuwei)
    assert event.date == timezone.localdate(report.submitted_at) and event.points == 2


def test_a_draft_records_nothing(world):
    world.report(submit=False)
    assert not DutyEvent.objects.filter(kind__startswith="opinions.").exists()


def test_a_returned_report_loses_its_event_until_resubmitted(world):
    report = world.report()
    services.return_report(actor=world.staff, report=report, note="请补充数据")
    assert kinds_of(world.p.member_person) == []
    report.refresh_from_db()
    services.submit_report(actor=world.member, report=report)
    assert kinds_of(world.p.member_person) == ["opinions.submitted"]


def test_a_rejected_report_still_counts_as_submitted_but_not_used(world):
    report = world.report()
    services.reject_report(actor=world.staff, report=report, reason="与已编发信息重复")
    assert kinds_of(world.p.member_person) == ["opinions.submitted"]


def test_publishing_records_use_for_every_credited_submitter_of_the_item(world):
    item = world.accepted()
    other = world.report(world.member2, title="关于农村清洁取暖的建议")
    services.combine_reports(actor=world.staff, report=item, others=[other.pk])
    assert not DutyEvent.objects.filter(kind="opinions.used").exists()
    issue = services.create_issue(actor=world.staff, committee=world.p.wuwei)
    services.publish_report(actor=world.staff, report=item, issue=issue)
    item.refresh_from_db()
    day = timezone.localdate(item.published_at)
    assert opinion_events() == sorted(
        [
            ("opinions.submitted", world.p.member_person.pk, item.pk, timezone.localdate(item.submitted_at)),
            ("opinions.submitted", world.person2.pk, other.pk, timezone.localdate(other.submitted_at)),
            ("opinions.used", world.p.member_person.pk, item.pk, day),
            ("opinions.used", world.person2.pk, item.pk, day),
        ]
    )
    services.send_report(actor=world.staff, report=item, recipients=[world.party_committee.pk], date=TODAY())
    services.give_feedback(actor=world.staff, report=item, text="已落实。")
    assert len(opinion_events()) == 4  # sending and feedback keep the item used


def test_each_instruction_and_adoption_records_an_event_of_its_level(world):
    report = world.sent()
    first = instruct(world, report, "city")
    second = instruct(world, report, "provincial", leader="省领导")
    third = instruct(world, report, "city", leader="市长")
    adoption = services.record_adoption(actor=world.staff, report=report, by="provincial", reference="第5期")
    rows = DutyEvent.objects.filter(member=world.p.member_person).exclude(
        kind__in=["opinions.submitted", "opinions.used"]
    )
    assert sorted(rows.values_list("kind", "source_id")) == sorted(
        [
            ("opinions.adopted.provincial", adoption.pk),
            ("opinions.instructed.city", first.pk),
            ("opinions.instructed.city", third.pk),
            ("opinions.instructed.provincial", second.pk),
        ]
    )
    assert rows.get(source_id=second.pk, kind="opinions.instructed.provincial").points == 8


def test_organisations_officers_and_committees_are_not_members_and_record_nothing(world, personas):
    contact = services.add_party_contact(
        actor=world.staff, committee=personas.wuwei, party=personas.party, user=world.city_staff_only
    )
    assert contact.pk
    services.create_report(
        actor=world.city_staff_only,
        data={"title": "民盟的建议", "category": "社会民生", "content": "内容" * 20},
        submit=True,
    )
    assert not DutyEvent.objects.exists()


def test_a_forwarded_county_item_adopted_by_the_city_counts_for_the_county_member(world, personas):
    county = services.create_report(
        actor=world.county_member,
        data={"title": "凉州区农村供水问题", "category": "社会民生", "content": "内容" * 30},
        submit=True,
    )
    services.accept_report(actor=personas.county_staff, report=county)
    copy = services.forward_report(actor=personas.county_staff, report=county)
    services.accept_report(actor=world.staff, report=copy)
    issue = services.create_issue(actor=world.staff, committee=personas.wuwei)
    services.publish_report(actor=world.staff, report=copy, issue=issue)
    assert kinds_of(personas.county_person) == ["opinions.adopted.city", "opinions.submitted"]
    assert set(DutyEvent.objects.values_list("committee__code", flat=True)) == {"620602"}
    assert not DutyEvent.objects.filter(source_id=copy.pk, kind__in=["opinions.submitted", "opinions.used"]).exists()


def test_the_baseline_target_counts_a_submitted_report(world):
    year = timezone.localdate().year
    member = world.p.member_person

    def opinion_target():
        standing = scoring.standings(world.p.wuwei.pk, year, [member.pk])[member.pk]
        return next(t for t in standing.targets if "社情民意" in t.name)

    assert opinion_target().counted and not opinion_target().met
    world.report()
    assert opinion_target().met


def test_a_failed_write_leaves_the_ledger_as_it_was(world):
    report = world.report()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.return_report(actor=world.staff, report=report, note="请修改")
        assert not DutyEvent.objects.exists()
        raise RuntimeError("rolled back")
    assert kinds_of(world.p.member_person) == ["opinions.submitted"]


NEXT = {"draft": "submit", "submitted": "accept", "accepted": "publish", "published": "send", "sent": "instruct"}


def _random_series(world, rng: random.Random, steps: int, made: list):
    """A seeded random series of real opinions service calls, legal or not."""
    authors = [world.member, world.member2]
    levels = ["national", "provincial", "city", "county"]
    for _ in range(steps):
        op = rng.choice(["create", "create", "submit", "accept", "reject", "return", "combine", "publish", "send",
                         "instruct", "adopt", "feedback", "forward"])  # fmt: skip
        report = OpinionReport.objects.get(pk=rng.choice(made).pk) if made else None
        if report is not None and rng.random() < 0.5:  # mostly move reports on, so that every stage is reached
            op = NEXT.get(report.state, op)
        try:
            if op == "create" or report is None:
                made.append(world.report(rng.choice(authors), submit=rng.random() < 0.7, title=f"信息{len(made)}"))
            elif op == "submit":
                services.submit_report(actor=report.created_by, report=report)
            elif op == "accept":
                services.accept_report(actor=world.staff, report=report)
            elif op == "reject":
                services.reject_report(actor=world.staff, report=report, reason="不采用")
            elif op == "return":
                services.return_report(actor=world.staff, report=report, note="请修改")
            elif op == "combine":
                others = [r.pk for r in rng.sample(made, min(2, len(made)))]
                services.combine_reports(actor=world.staff, report=report, others=others)
            elif op == "publish":
                issue = services.create_issue(actor=world.staff, committee=world.p.wuwei)
                services.publish_report(actor=world.staff, report=report, issue=issue)
            elif op == "send":
                services.send_report(
                    actor=world.staff,
                    report=report,
                    recipients=[rng.choice([world.party_committee, world.province]).pk],
                )
            elif op == "instruct":
                instruct(world, report, rng.choice(levels))
            elif op == "adopt":
                services.record_adoption(actor=world.staff, report=report, by=rng.choice(["national", "provincial"]))
            elif op == "feedback":
                services.give_feedback(actor=world.staff, report=report, text="已反馈")
            elif op == "forward":
                services.forward_report(actor=world.staff, report=report)
        except ServiceError:
            pass  # an illegal step in this state: refused, nothing changed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_upkeep_equals_a_rebuild_after_a_random_series(world, seed):
    rng = random.Random(seed)
    made: list = []
    for _ in range(5):
        _random_series(world, rng, 15, made)
        assert not ledger.differences(), ledger.differences().lines()
    kinds = set(DutyEvent.objects.values_list("kind", flat=True))
    assert {"opinions.submitted", "opinions.used"} <= kinds
    assert OpinionReport.objects.filter(state=OpinionState.DRAFT).exists() or len(made) > 5
    before = sorted(DutyEvent.objects.values_list("kind", "source_type", "source_id", "member", "committee", "date"))
    DutyEvent.objects.all().delete()
    ledger.rebuild()
    after = sorted(DutyEvent.objects.values_list("kind", "source_type", "source_id", "member", "committee", "date"))
    assert after == before


def test_the_demo_ledger_includes_opinion_events_and_check_duties_finds_no_difference(shared_demo, db, capsys):
    submitted = Credit.objects.filter(member__isnull=False, via_combine=False, report__submitted_at__year=2024)
    assert DutyEvent.objects.filter(kind="opinions.submitted", year=2024).count() == submitted.count() > 20
    assert DutyEvent.objects.filter(kind="opinions.used").exists()
    assert DutyEvent.objects.filter(kind__startswith="opinions.instructed.").exists()
    assert DutyEvent.objects.filter(kind__startswith="opinions.adopted.").exists()
    capsys.readouterr()
    call_command("check_duties")  # exits 1 on any difference
    assert not ledger.differences()
