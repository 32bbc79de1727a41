"""Votes: opened and closed by staff, one ballot per present member, changed only where the rule
allows, results with quorum and majority; anonymous ballots that cannot be linked to a member;
the duty ledger."""

import pytest
from django.apps import apps
from django.db import connection

from lvzhi.activities import services as activity_services
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry, Notification
from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent
from lvzhi.meetings import services
from lvzhi.meetings.models import AnonymousTally, OpenBallot, Participation, Vote

pytestmark = pytest.mark.django_db


def _run(world, vote, choices):
    """Open the vote, cast {person: choice}, close it; returns the fresh vote."""
    services.open_vote(actor=world.staff, vote=vote)
    for person, choice in choices.items():
        services.cast_vote(actor=world.user(person), vote=vote, choice=choice)
    services.close_vote(actor=world.staff, vote=vote)
    return Vote.objects.get(pk=vote.pk)


def test_it_counts_a_named_vote_and_passes_it_by_a_majority_of_all_members(world):
    world.register_all()
    vote = _run(world, world.vote(), {world.li: "yes", world.zhou: "yes", world.wang: "yes", world.zhao: "no"})
    assert (vote.yes_count, vote.no_count, vote.abstain_count) == (3, 1, 0)
    assert (vote.eligible_count, vote.present_count, vote.voters_count) == (5, 5, 4)
    assert vote.passed is True and vote.decision == "通过。"
    assert OpenBallot.objects.get(vote=vote, member=world.zhao).choice == "no"


def test_it_fails_a_vote_without_a_majority_of_all_members_though_most_voters_agreed(world):
    world.register_all()
    vote = _run(world, world.vote(), {world.li: "yes", world.zhou: "yes", world.wang: "abstain"})
    assert vote.passed is False  # 2 of 5 is not more than half of all members


def test_a_majority_of_those_present_counts_only_the_registered(world):
    world.register_all([world.li, world.zhou, world.wang])
    vote = _run(world, world.vote(base="present", quorum="half"), {world.li: "yes", world.zhou: "yes"})
    assert (vote.present_count, vote.eligible_count) == (3, 5)
    assert vote.passed is True  # 2 of 3 present


def test_without_a_quorum_the_vote_is_void(world):
    world.register_all([world.li, world.zhou])
    vote = _run(world, world.vote(base="present"), {world.li: "yes", world.zhou: "yes"})
    assert vote.passed is False
    assert "法定人数" in vote.decision


def test_two_thirds_needs_two_thirds(world):
    world.register_all()
    vote = _run(world, world.vote(majority="two_thirds"), dict.fromkeys(world.people[:3], "yes"))
    assert vote.passed is False  # 3 of 5 < 2/3
    vote2 = _run(world, world.vote(title="第二项", majority="two_thirds"), dict.fromkeys(world.people[:4], "yes"))
    assert vote2.passed is True


def test_a_member_votes_once_and_cannot_change_unless_the_rule_allows(world):
    world.register_all()
    vote = world.vote()
    services.open_vote(actor=world.staff, vote=vote)
    services.cast_vote(actor=world.p.member, vote=vote, choice="yes")
    with pytest.raises(IllegalTransition):
        services.cast_vote(actor=world.p.member, vote=vote, choice="no")
    assert OpenBallot.objects.get(vote=vote, member=world.li).choice == "yes"
    assert Participation.objects.filter(vote=vote).count() == 1

    changeable = world.vote(title="可改票", allow_change=True)
    services.open_vote(actor=world.staff, vote=changeable)
    services.cast_vote(actor=world.p.member, vote=changeable, choice="yes")
    assert services.cast_vote(actor=world.p.member, vote=changeable, choice="no") is True
    ballot = OpenBallot.objects.get(vote=changeable, member=world.li)
    assert (ballot.choice, ballot.changed) == ("no", 1)
    assert Participation.objects.filter(vote=changeable).count() == 1


def test_it_refuses_a_ballot_before_opening_after_closing_and_from_the_unregistered(world):
    world.register_all([world.zhou])
    vote = world.vote()
    with pytest.raises(IllegalTransition):
        services.cast_vote(actor=world.user(world.zhou), vote=vote, choice="yes")
    services.open_vote(actor=world.staff, vote=vote)
    with pytest.raises(IllegalTransition, match="报到"):
        services.cast_vote(actor=world.p.member, vote=vote, choice="yes")
    with pytest.raises(Invalid):
        services.cast_vote(actor=world.user(world.zhou), vote=vote, choice="maybe")
    with pytest.raises(Forbidden):
        services.cast_vote(actor=world.staff, vote=vote, choice="yes")
    services.close_vote(actor=world.staff, vote=vote)
    with pytest.raises(IllegalTransition):
        services.cast_vote(actor=world.user(world.zhou), vote=vote, choice="yes")
    with pytest.raises(IllegalTransition):
        services.close_vote(actor=world.staff, vote=vote)
    assert not Participation.objects.filter(vote=vote).exists()


def test_only_the_office_opens_and_closes(world):
    vote = world.vote()
    for user in (world.p.member, world.p.other_staff, world.p.leader):
        with pytest.raises(Forbidden):
            services.open_vote(actor=user, vote=vote)
    assert Vote.objects.get(pk=vote.pk).state == "draft"


def test_opening_a_vote_tells_the_attendees(world, django_capture_on_commit_callbacks):
    vote = world.vote()
    with django_capture_on_commit_callbacks(execute=True):
        services.open_vote(actor=world.staff, vote=vote)
    assert Notification.objects.filter(user=world.p.member, title__contains="表决开始").exists()


def test_staff_enter_a_paper_ballot(world):
    world.register_all()
    vote = world.vote()
    services.open_vote(actor=world.staff, vote=vote)
    services.enter_paper_ballot(actor=world.staff, vote=vote, member=world.wang.pk, choice="abstain")
    assert Participation.objects.get(vote=vote, member=world.wang).on_paper is True
    with pytest.raises(IllegalTransition):
        services.cast_vote(actor=world.user(world.wang), vote=vote, choice="yes")


def test_an_anonymous_vote_cannot_allow_changes(world):
    with pytest.raises(Invalid) as exc:
        world.vote(mode="anonymous", allow_change=True)
    assert "allow_change" in exc.value.errors
    assert not Vote.objects.exists()


def test_an_anonymous_vote_is_counted_and_refuses_a_second_ballot(world):
    world.register_all()
    vote = world.vote(mode="anonymous")
    services.open_vote(actor=world.staff, vote=vote)
    services.cast_vote(actor=world.p.member, vote=vote, choice="no")
    with pytest.raises(IllegalTransition):
        services.cast_vote(actor=world.p.member, vote=vote, choice="yes")
    for person in world.people[1:]:
        services.cast_vote(actor=world.user(person), vote=vote, choice="yes")
    services.close_vote(actor=world.staff, vote=vote)
    vote.refresh_from_db()
    assert (vote.yes_count, vote.no_count, vote.voters_count, vote.passed) == (4, 1, 5, True)
    assert services.has_voted(vote, world.li.pk) and services.my_choice(vote, world.li.pk) == ""


def _linkable_columns(model):
    return [f.column for f in model._meta.concrete_fields]


def test_the_database_cannot_link_an_anonymous_ballot_to_a_member(world):
    """Read every table the vote touched: a choice must never sit in a row (or an audit entry) that
    names a member, and the rows that name a member carry no choice, time or ordering to join on."""
    world.register_all()
    vote = world.vote(mode="anonymous")
    services.open_vote(actor=world.staff, vote=vote)
    services.cast_vote(actor=world.p.member, vote=vote, choice="no")  # the only "no"
    for person in world.people[1:]:
        services.cast_vote(actor=world.user(person), vote=vote, choice="yes")
    services.close_vote(actor=world.staff, vote=vote)

    # 1. No table of the meetings app has both a member column and a choice column with a row of this vote.
    for model in apps.get_app_config("meetings").get_models():
        columns = _linkable_columns(model)
        if "member_id" in columns and "choice" in columns:
            assert not model.objects.filter(vote=vote).exists(), model
    # 2. The rows that say who voted hold nothing but the vote, the member, the committee and paper/not.
    assert set(_linkable_columns(Participation)) == {"id", "vote_id", "member_id", "committee_id", "on_paper"}
    # 3. The counts hold no member and no time; every choice row existed before the first ballot.
    assert set(_linkable_columns(AnonymousTally)) == {"id", "vote_id", "choice", "count"}
    # 4. No table anywhere stores the member's choice next to the member: search raw rows for the
    #    one "no" voter's id together with "no".
    with connection.cursor() as cursor:
        for model in apps.get_models():
            columns = _linkable_columns(model)
            if "member_id" not in columns:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} WHERE member_id = %s", [world.li.pk])  # noqa: S608
            for row in cursor.fetchall():
                assert "no" not in [v for v in row if isinstance(v, str)], model
    # 5. The audit log holds no entry per phone ballot (no time per member to line up), and the one
    #    entry of the result carries the counts, never a member.
    entries = AuditEntry.objects.filter(object_id=str(vote.pk), object_type="meetings.vote")
    assert not entries.filter(action__in=["vote.cast", "vote.change"]).exists()
    result = entries.get(action="vote.result")
    assert result.after["voters"] == 5 and result.after["no"] == 1
    assert str(world.li.pk) not in str(result.after.get("member", "")) and "member" not in result.after
    for entry in entries:
        assert "'no'" not in str(entry.before) + str(entry.after) or entry.action == "vote.result"


def test_votes_become_duty_events_and_a_rebuild_agrees(world):
    world.register_all()
    vote = _run(world, world.vote(mode="anonymous"), {world.li: "yes", world.zhou: "no"})
    events = DutyEvent.objects.filter(kind="meetings.voted")
    assert sorted(events.values_list("member_id", flat=True)) == sorted([world.li.pk, world.zhou.pk])
    assert not ledger.differences()
    # attendance: the registration checked the member in; finishing the plenary makes the event
    activity_services.finish_activity(actor=world.staff, activity=world.activity)
    assert DutyEvent.objects.filter(kind="activities.attended.plenary", member=world.ding).exists()
    assert not ledger.differences()
    assert vote.state == "closed"


def test_a_meetings_api_page_reads_its_votes_and_the_callers_ballots_in_the_same_statements_for_any_number(
    world, client
):
    """The caller's own ballot and each vote's timeline are read for all the meeting's votes at once
    (they were read vote by vote, and the vote's committee with them)."""
    from django.test.utils import CaptureQueriesContext

    world.register_all()
    path = f"/api/v1/meetings/{world.meeting.pk}"
    client.force_login(world.p.member)

    def statements():
        client.get(path)  # the session's first reads done
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        votes = response.json()["votes"]
        return len(queries), {v["title"]: (v["my_choice"], v["voted"], len(v["timeline"])) for v in votes}

    _run(world, world.vote(title="一"), {world.li: "yes"})
    _run(world, world.vote(title="二", mode="anonymous"), {world.li: "abstain"})
    two, seen = statements()
    assert seen == {"一": ("yes", True, 2), "二": ("", True, 2)}
    _run(world, world.vote(title="三"), {world.li: "no"})
    _run(world, world.vote(title="四", mode="anonymous"), {world.zhou: "yes"})
    _run(world, world.vote(title="五"), {world.zhou: "yes"})
    five, seen = statements()
    assert seen == {
        "一": ("yes", True, 2),
        "二": ("", True, 2),
        "三": ("no", True, 2),
        "四": ("", False, 2),
        "五": ("", False, 2),
    }
    assert five == two
