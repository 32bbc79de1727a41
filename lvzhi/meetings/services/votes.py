"""Votes (表决) on an agenda item: yes/no/abstain, named or anonymous, with a quorum and a majority
counted of those present or of all members; opened and closed by staff, cast from the phone or
entered by staff from paper; one vote per member, changed while open only where the rule allows.

An anonymous ballot writes two unlinked things (docs/meetings.md): a `Participation` row (the
member voted; no choice, no time) and one more in the `AnonymousTally` count of the choice. Its
audit entry names the vote, never the choice."""

import contextlib

from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Attendance
from lvzhi.core import audit, registry
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.meetings.choices import Ratio, VoteBase, VoteChoice, VoteMode, VoteState
from lvzhi.meetings.models import AgendaItem, AnonymousTally, Meeting, OpenBallot, Participation, Vote
from lvzhi.meetings.services.base import (
    VOTE_FLOW,
    attendee_users,
    is_member_user,
    member_ids,
    my_url,
    require_manage,
)

AS = AttendanceState


@transaction.atomic
def create_vote(*, actor, meeting: Meeting, data: dict) -> Vote:
    require_manage(actor, meeting.committee_id)
    clean = Cleaner(data)
    title = clean.text("title", required=True, max_length=200, label=_("表决事项"))
    mode = clean.choice("mode", VoteMode.values) or VoteMode.OPEN
    base = clean.choice("base", VoteBase.values) or VoteBase.ALL
    quorum = clean.choice("quorum", Ratio.values) or Ratio.HALF
    majority = clean.choice("majority", Ratio.values) or Ratio.HALF
    allow_change = str(data.get("allow_change", "")).lower() in ("1", "true", "on", "yes")
    item_ids = member_ids([data.get("agenda_item")] if data.get("agenda_item") not in (None, "") else [], "agenda_item")
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_ids[0]).first() if item_ids else None
    if item is None:
        clean.error("agenda_item", _("请选择本次会议的议程。"))
    if mode == VoteMode.ANONYMOUS and allow_change:
        clean.error("allow_change", _("无记名表决不保存个人选择，不能改票。"))
    clean.done()
    vote = Vote.objects.create(
        committee_id=meeting.committee_id,
        meeting=meeting,
        agenda_item=item,
        title=title,
        mode=mode,
        base=base,
        quorum=quorum,
        majority=majority,
        allow_change=allow_change,
    )
    audit.record("vote.create", actor=actor, obj=vote, after=audit.snapshot(vote))
    return vote


def open_vote(*, actor, vote: Vote, note: str = "") -> Vote:
    with transaction.atomic():

        def apply(obj):
            obj.opened_at = timezone.now()

        VOTE_FLOW.perform(vote, "open", actor=actor, note=note, apply=apply)
        if vote.anonymous:
            AnonymousTally.objects.bulk_create([AnonymousTally(vote=vote, choice=c) for c in VoteChoice.values])
        meeting = vote.meeting
        notify(
            attendee_users(meeting),
            title=_("表决开始：%(t)s") % {"t": vote.title},
            url=my_url(meeting),
            committee=meeting.committee,
            kind="meetings.vote_open",
        )
    return vote


def _reaches(count: int, of: int, ratio: str) -> bool:
    if ratio == Ratio.TWO_THIRDS:
        return 3 * count >= 2 * of and count > 0
    if ratio == Ratio.HALF:
        return 2 * count > of
    return True


def tally(vote: Vote) -> dict:
    """The counts of a vote's choices (from the named ballots or the anonymous counts)."""
    if vote.anonymous:
        counts = dict(AnonymousTally.objects.filter(vote=vote).values_list("choice", "count"))
    else:
        counts = dict(
            OpenBallot.objects.filter(vote=vote).values("choice").annotate(n=Count("id")).values_list("choice", "n")
        )
    return {c: counts.get(c, 0) for c in VoteChoice.values}


def close_vote(*, actor, vote: Vote, note: str = "") -> Vote:
    """Close the vote and write its result: the counts, the quorum and the decision."""
    with transaction.atomic():

        def apply(obj):
            counts = tally(obj)
            attendances = Attendance.objects.filter(activity_id=obj.meeting.activity_id)
            obj.eligible_count = attendances.count()
            obj.present_count = attendances.filter(state=AS.PRESENT).count()
            obj.voters_count = Participation.objects.filter(vote=obj).count()
            obj.yes_count, obj.no_count, obj.abstain_count = counts["yes"], counts["no"], counts["abstain"]
            obj.closed_at = timezone.now()
            base = obj.present_count if obj.base == VoteBase.PRESENT else obj.eligible_count
            if not _reaches(obj.present_count, obj.eligible_count, obj.quorum):
                obj.passed = False
                obj.decision = _("出席人数未达到法定人数，表决无效。")
            elif obj.majority == Ratio.NONE:
                obj.passed = obj.yes_count > obj.no_count
                obj.decision = _("通过。") if obj.passed else _("未通过。")
            else:
                obj.passed = _reaches(obj.yes_count, base, obj.majority)
                obj.decision = _("通过。") if obj.passed else _("未通过。")

        VOTE_FLOW.perform(vote, "close", actor=actor, note=note, apply=apply)
        # the turnout and the result, once per vote (anonymous phone ballots have no entry each)
        audit.record(
            "vote.result",
            actor=actor,
            obj=vote,
            committee=vote.committee,
            after={
                "voters": vote.voters_count,
                "present": vote.present_count,
                "eligible": vote.eligible_count,
                "yes": vote.yes_count,
                "no": vote.no_count,
                "abstain": vote.abstain_count,
                "passed": vote.passed,
            },
        )
        registry.sync_derived(vote)
    return vote


def _cast(vote: Vote, member_id: int, choice: str, *, actor, on_paper: bool) -> bool:
    """Record one ballot. Returns True when it changed an earlier named ballot.

    The checks that only read (the choice, the member's attendance) run before the transaction;
    the transaction — which takes SQLite's write lock at its start — holds only the vote's state
    check and the writes, so concurrent ballots wait for each other as briefly as possible. The
    state is read under the vote's row lock (`_lock_open`), which closing takes too: no ballot lands
    after the close, on SQLite or PostgreSQL."""
    clean = Cleaner({"choice": choice})
    choice = clean.choice("choice", VoteChoice.values, required=True)
    clean.done()
    attendance = _attendance_state(vote, member_id)
    if attendance is None:
        raise Forbidden(_("您不是本次会议的参会委员。"))
    if attendance != AS.PRESENT:
        raise IllegalTransition(_("请先报到，再参加表决。"))
    # a member's own anonymous ballot on PostgreSQL is one statement, committed as it runs (see
    # `_cast_anonymous`); everything else is a transaction of a few. Inside a caller's transaction the
    # statement still gets its savepoint, so a refused second ballot leaves that transaction usable.
    at_once = vote.anonymous and not on_paper and connection.vendor == "postgresql" and not connection.in_atomic_block
    try:
        with contextlib.nullcontext() if at_once else transaction.atomic():
            if vote.anonymous:
                changed = _cast_anonymous(vote, member_id, choice, actor=actor, on_paper=on_paper)
            else:
                changed = _cast_named(vote, member_id, choice, actor=actor, on_paper=on_paper)
        # what this request just wrote, so its answer (has_voted, my_choice) needs no query to read it back
        vote.__dict__.setdefault("_cast_here", {})[member_id] = "" if vote.anonymous else choice
        return changed
    except IntegrityError:  # a second ballot of the same member (the unique key), rolled back whole
        if vote.anonymous:
            raise IllegalTransition(_("您已参加本次表决，无记名表决不能改票。")) from None
        raise IllegalTransition(_("您已参加本次表决。")) from None


# A phone ballot is the one request that 600 members send within seconds, so its statements are
# written out (the tables' names from the models): compiling them through the ORM costs three to
# four times what running them does (docs/meetings.md, Benchmark). Plain SQL that both databases
# run; the row lock's clause only where the database has one.


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def vote_for_ballot(pk: int, member_id: int) -> Vote | None:
    """The vote and, in the same query, the member's attendance state at its meeting (None when not
    invited) — what a phone ballot needs, in one lookup by the attendance's unique key (activity,
    member). None when there is no such vote."""
    sql = (
        f"SELECT v.*, "
        f"(SELECT a.state FROM {_table(Attendance)} a WHERE a.activity_id = m.activity_id AND a.member_id = %s) "
        f"AS ballot_attendance "
        f"FROM {_table(Vote)} v INNER JOIN {_table(Meeting)} m ON m.id = v.meeting_id WHERE v.id = %s"
    )
    vote = next(iter(Vote.objects.raw(sql, [member_id, pk])), None)
    if vote is not None:
        vote.ballot_member = member_id
    return vote


def _attendance_state(vote: Vote, member_id: int) -> str | None:
    """The member's attendance state at the vote's meeting (None: not invited) — already read with
    the vote by `vote_for_ballot`, else one query."""
    if getattr(vote, "ballot_member", None) == member_id:
        return vote.ballot_attendance
    return (
        Attendance.objects.filter(activity_id=vote.meeting.activity_id, member_id=member_id)
        .order_by()
        .values_list("state", flat=True)
        .first()
    )


def _closed():
    return IllegalTransition(_("表决未开始或已结束。"))


def _lock_open(cursor, vote: Vote) -> None:
    """Read the vote's state under a share lock held to the end of the transaction, and refuse unless
    it is open. Closing locks the same row for update (`Workflow.perform`): on PostgreSQL a close
    waits for the ballots under way to commit before it counts, and a ballot that comes during the
    close waits for it and then reads the closed state — never a ballot that lands after the result
    was taken. Ballots share the lock, so they do not wait for each other here. SQLite has no row
    locks: its write lock, taken when the transaction begins, orders ballots and the close alike."""
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    cursor.execute(f"SELECT state FROM {_table(Vote)} WHERE id = %s{lock}", [vote.pk])
    row = cursor.fetchone()
    if row is None or row[0] != VoteState.OPEN:
        raise _closed()


def _cast_anonymous(vote: Vote, member_id: int, choice: str, *, actor, on_paper: bool) -> bool:
    """Under the vote's share lock, two writes: the participation row (the unique key refuses a second
    ballot) and one more in the choice's count.

    A member's own phone ballot writes no audit entry of its own: the participation row is the
    record that (and only that) the member voted, and the close audits the turnout once
    (`close_vote`). A per-ballot entry would add nothing but a time per member — one more thing to
    line up against the counts. A paper ballot entered by an officer is that officer's act and is
    audited (naming the member, never the choice)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The three steps as one statement: the open vote under its share lock, the participation
            # row, one more in the count. Outside a transaction it commits as it runs, so the count's
            # row lock is held for the statement only — never while this thread waits for Python's
            # interpreter lock among the worker's others (held across that wait, every ballot of the
            # same choice queued behind it: a 600-ballot burst spent most of its time so).
            cursor.execute(
                f"WITH open_vote AS (SELECT id FROM {_table(Vote)} WHERE id = %s AND state = %s FOR SHARE), "
                f"voted AS (INSERT INTO {_table(Participation)} (vote_id, member_id, committee_id, on_paper) "
                f"SELECT id, %s, %s, %s FROM open_vote RETURNING vote_id) "
                f"UPDATE {_table(AnonymousTally)} SET count = count + 1 "
                f"WHERE vote_id IN (SELECT vote_id FROM voted) AND choice = %s",
                [vote.pk, VoteState.OPEN, member_id, vote.committee_id, on_paper, choice],
            )
        else:
            _lock_open(cursor, vote)
            cursor.execute(
                f"INSERT INTO {_table(Participation)} (vote_id, member_id, committee_id, on_paper) "
                f"VALUES (%s, %s, %s, %s)",
                [vote.pk, member_id, vote.committee_id, on_paper],
            )
            cursor.execute(
                f"UPDATE {_table(AnonymousTally)} SET count = count + 1 WHERE vote_id = %s AND choice = %s",
                [vote.pk, choice],
            )
        if cursor.rowcount != 1:  # not open (nothing written), or no count row: the counts are made at opening
            raise _closed()
    if on_paper:
        audit.record(
            "vote.paper", actor=actor, obj=vote, committee=vote.committee, after={"member": member_id}, note=_("无记名")
        )
    return False


def _cast_named(vote: Vote, member_id: int, choice: str, *, actor, on_paper: bool) -> bool:
    with connection.cursor() as cursor:
        _lock_open(cursor, vote)
    ballot = OpenBallot.objects.select_for_update().filter(vote=vote, member_id=member_id).first()
    if ballot is not None:
        if not vote.allow_change:
            raise IllegalTransition(_("您已参加本次表决，本次表决不允许改票。"))
        before = ballot.choice
        ballot.choice = choice
        ballot.changed += 1
        ballot.save(update_fields=["choice", "changed"])
        audit.record(
            "vote.change",
            actor=actor,
            obj=vote,
            committee=vote.committee,
            before={"member": member_id, "choice": before},
            after={"choice": choice},
        )
        return True
    Participation.objects.create(vote=vote, member_id=member_id, committee_id=vote.committee_id, on_paper=on_paper)
    OpenBallot.objects.create(vote=vote, member_id=member_id, choice=choice)
    audit.record(
        "vote.cast", actor=actor, obj=vote, committee=vote.committee, after={"member": member_id, "choice": choice}
    )
    return False


def cast_vote(*, actor, vote: Vote, choice: str) -> bool:
    """A member votes from the phone. Returns True when an earlier choice was changed."""
    if not is_member_user(actor):
        raise Forbidden(_("请使用委员本人账号表决。"))
    return _cast(vote, actor.member_id, choice, actor=actor, on_paper=False)


def enter_paper_ballot(*, actor, vote: Vote, member, choice: str) -> bool:
    """Staff enter a member's paper ballot."""
    require_manage(actor, vote.committee_id)
    ids = member_ids([getattr(member, "pk", member)] if member not in (None, "") else [], "member")
    if not ids:
        raise Invalid(errors={"member": [_("请选择委员。")]})
    return _cast(vote, ids[0], choice, actor=actor, on_paper=True)


def has_voted(vote: Vote, member_id) -> bool:
    if member_id and member_id in vote.__dict__.get("_cast_here", {}):
        return True
    return Participation.objects.filter(vote=vote, member_id=member_id or 0).exists()


def my_ballots(votes, member_id) -> tuple[dict, set]:
    """For several votes at once (a meeting's page): the member's own named choice of each (anonymous
    votes keep none) and the votes they have voted in — two statements at most, none for a caller who
    is not a member; what this request just cast is read from the vote itself (`my_choice`,
    `has_voted` for one)."""
    choices: dict = {}
    voted: set = set()
    votes = list(votes)
    if not member_id or not votes:
        return choices, voted
    named = [v.pk for v in votes if not v.anonymous]
    if named:
        ballots = OpenBallot.objects.filter(vote_id__in=named, member_id=member_id).order_by("id")
        for vote_id, choice in ballots.values_list("vote_id", "choice"):
            choices.setdefault(vote_id, choice)
    anonymous = [v.pk for v in votes if v.anonymous]
    if anonymous:
        voted.update(
            Participation.objects.filter(vote_id__in=anonymous, member_id=member_id).values_list("vote_id", flat=True)
        )
    for v in votes:
        cast = v.__dict__.get("_cast_here", {})
        if member_id in cast:
            voted.add(v.pk)
            if not v.anonymous:
                choices[v.pk] = cast[member_id]
    return choices, voted


def my_choice(vote: Vote, member_id) -> str:
    """A member's own named ballot (anonymous votes keep none)."""
    if vote.anonymous:
        return ""
    if member_id and member_id in vote.__dict__.get("_cast_here", {}):
        return vote.__dict__["_cast_here"][member_id]
    return OpenBallot.objects.filter(vote=vote, member_id=member_id or 0).values_list("choice", flat=True).first() or ""
