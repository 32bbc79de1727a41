"""What one phone ballot costs, and that the cheap path keeps every rule.

`POST /api/v1/meetings/votes/{id}/cast` with a bearer token (as the phones send it, and as
bench/votes.py measures it) is a fixed number of statements whoever casts and however many have
voted: the token (with its user and the user's roles), the vote with the member's attendance, the
vote's state under a share lock, the participation row and one more in the choice's count (with the
transaction's BEGIN and COMMIT outside a test: seven). It answers the caller's own ballot, not the
whole vote."""

import json
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.accounts.models import ApiToken, User
from lvzhi.accounts.services import create_api_token
from lvzhi.core.api import openapi_mismatches
from lvzhi.core.errors import IllegalTransition
from lvzhi.core.tests.openapi import openapi_document
from lvzhi.meetings import services
from lvzhi.meetings.factories import MeetingWorld
from lvzhi.meetings.models import AnonymousTally, Participation, Vote
from lvzhi.meetings.services.votes import tally
from lvzhi.org.factories import Personas, make_member, make_user

pytestmark = pytest.mark.django_db

SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT")
# In a test's transaction, without BEGIN and COMMIT: the caller, the vote with the member's
# attendance, then the writes — on PostgreSQL one statement (the lock, the participation, the count),
# elsewhere the lock and two writes.
ONE_STATEMENT = connection.vendor == "postgresql"
CAST_WRITES = 1 if ONE_STATEMENT else 2
CAST_STATEMENTS = 2 + (1 if ONE_STATEMENT else 3)


def _statements(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(SAVEPOINTS)]


def _writes(statements) -> list[str]:
    """The statements that write: INSERT, UPDATE or DELETE, alone or inside a WITH."""
    return [
        s
        for s in statements
        if s.lstrip("(").startswith(("INSERT", "UPDATE", "DELETE")) or (s.startswith("WITH") and "INSERT INTO" in s)
    ]


def _key(user) -> str:
    """A bearer token whose use was just recorded (a phone that has shown the vote before the member
    presses a button: the cast is not the token's first request)."""
    token, key = create_api_token(actor=user, name="phone")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return key


def _cast(client, vote, key, choice):
    return client.post(
        f"/api/v1/meetings/votes/{vote.pk}/cast",
        data=json.dumps({"choice": choice}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


@pytest.fixture
def open_vote(world):
    world.register_all()
    vote = world.vote(mode="anonymous")
    services.open_vote(actor=world.staff, vote=vote)
    return vote


def test_a_phone_ballot_is_the_same_few_statements_for_every_member(world, client, open_vote):
    """One read for the caller, one for the vote and the member's attendance, then the lock and two
    writes — no audit entry, no timeline, nothing read back for the answer."""
    document = openapi_document()
    counts = []
    for person, choice in ((world.li, "yes"), (world.zhou, "no"), (world.wang, "yes")):
        key = _key(world.user(person))
        with CaptureQueriesContext(connection) as ctx:
            response = _cast(client, open_vote, key, choice)
        assert response.status_code == 200, response.content
        answer = response.json()
        assert answer == {
            "id": open_vote.pk,
            "committee": open_vote.committee_id,
            "meeting": open_vote.meeting_id,
            "mode": "anonymous",
            "allow_change": False,
            "state": "open",
            "voted": True,
            "my_choice": "",
        }
        assert openapi_mismatches(document, "post", "/api/v1/meetings/votes/{pk}/cast", 200, answer) == []
        statements = _statements(ctx)
        writes = _writes(statements)
        assert len(writes) == CAST_WRITES, writes  # the participation and the count
        counts.append(len(statements))
    assert counts == [CAST_STATEMENTS] * 3, counts
    assert tally(open_vote) == {"yes": 2, "no": 1, "abstain": 0}


def test_the_service_alone_reads_the_attendance_once_and_writes_under_the_lock(world):
    """Called with a vote loaded elsewhere (the page, a paper ballot): the roles, the attendance, the
    lock, then two writes for an anonymous ballot; a named one also writes its ballot and its audit."""
    world.register_all()
    for mode, person, budget, writes_wanted in (("anonymous", world.zhou, 5, CAST_WRITES), ("open", world.wang, 7, 3)):
        vote = world.vote(mode=mode)
        services.open_vote(actor=world.staff, vote=vote)
        loaded = Vote.objects.select_related("meeting", "committee").get(pk=vote.pk)
        actor = User.objects.get(pk=world.user(person).pk)  # as a request has it: roles not yet read
        with CaptureQueriesContext(connection) as ctx:
            services.cast_vote(actor=actor, vote=loaded, choice="no")
        statements = _statements(ctx)
        writes = _writes(statements)
        assert len(statements) <= budget, statements
        assert len(writes) == writes_wanted, writes
        assert any("core_auditentry" in s for s in writes) == (mode == "open")


def test_a_second_press_is_refused_and_counts_once(world, client, open_vote):
    key = _key(world.p.member)
    assert _cast(client, open_vote, key, "yes").status_code == 200
    again = _cast(client, open_vote, key, "no")
    assert again.status_code == 409, again.content
    assert again.json()["code"] == "illegal_transition"
    assert Participation.objects.filter(vote=open_vote).count() == 1
    assert tally(open_vote) == {"yes": 1, "no": 0, "abstain": 0}


def test_who_may_not_cast_is_refused_as_before_and_nothing_is_written(world, client):
    """Not invited: 404 (the vote is not theirs to see); invited but not registered: 409; an
    officer who sees the vote: 403; an officer of another committee: 404; a closed vote: 409."""
    world.register_all([world.li, world.zhou])
    vote = world.vote(mode="anonymous")
    services.open_vote(actor=world.staff, vote=vote)
    outsider = make_user(
        "outsider", roles=[Role.MEMBER], committee=world.p.wuwei, member=make_member(world.p.wuwei, "孙立")
    )
    refusals = [
        (outsider, 404),
        (world.user(world.wang), 409),  # invited, not registered
        (world.staff, 403),
        (world.p.other_staff, 404),
    ]
    for user, status in refusals:
        response = _cast(client, vote, _key(user), "yes")
        assert response.status_code == status, (user.username, response.content)
    assert not Participation.objects.filter(vote=vote).exists()
    services.close_vote(actor=world.staff, vote=vote)
    assert _cast(client, vote, _key(world.p.member), "yes").status_code == 409
    assert not Participation.objects.filter(vote=vote).exists()
    assert sum(AnonymousTally.objects.filter(vote=vote).values_list("count", flat=True)) == 0


def test_a_ballot_after_the_close_is_refused_and_leaves_nothing(world):
    world.register_all()
    vote = world.vote(mode="anonymous")
    services.open_vote(actor=world.staff, vote=vote)
    stale = Vote.objects.select_related("meeting", "committee").get(pk=vote.pk)
    services.close_vote(actor=world.staff, vote=vote)
    with pytest.raises(IllegalTransition):
        services.cast_vote(actor=world.p.member, vote=stale, choice="yes")
    assert not stale.participations.exists()
    assert sum(t.count for t in stale.tallies.all()) == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks: SQLite's write lock orders ballots anyway")
def test_a_ballot_that_comes_while_the_vote_is_closing_waits_and_is_refused():
    """The close holds the vote's row lock while it counts; a ballot arriving then waits for it
    (its share lock) and, once the close has committed, reads the closed state: refused, nothing
    written, the result and the counts agree. (Before, such a ballot committed after the close.)"""
    world = MeetingWorld(Personas())
    world.register_all()
    vote = world.vote(mode="anonymous")
    services.open_vote(actor=world.staff, vote=vote)
    locked, release, outcome = threading.Event(), threading.Event(), {}

    def close():
        try:
            with transaction.atomic():
                Vote.objects.select_for_update().get(pk=vote.pk)  # as the close's transition does first
                locked.set()
                release.wait(60)
                services.close_vote(actor=world.staff, vote=Vote.objects.get(pk=vote.pk))
        finally:
            connection.close()

    def ballot():
        try:
            loaded = services.vote_for_ballot(vote.pk, world.li.pk)
            services.cast_vote(actor=world.p.member, vote=loaded, choice="yes")
            outcome["ballot"] = "accepted"
        except IllegalTransition:
            outcome["ballot"] = "refused"
        finally:
            connection.close()

    closer = threading.Thread(target=close)
    closer.start()
    assert locked.wait(60)
    voter = threading.Thread(target=ballot)
    voter.start()
    waiting = False
    for _ in range(600):  # until the ballot's connection waits for the close's lock
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            waiting = cursor.fetchone()[0] > 0
        if waiting or not voter.is_alive():
            break
        threading.Event().wait(0.05)
    release.set()
    closer.join(60)
    voter.join(60)
    assert waiting and outcome == {"ballot": "refused"}
    vote.refresh_from_db()
    assert vote.state == "closed" and vote.voters_count == 0
    assert not Participation.objects.filter(vote=vote).exists()
    assert tally(vote) == {"yes": 0, "no": 0, "abstain": 0}
