"""Elections (选举): candidates for a number of seats, 等额 (as many candidates as seats) or 差额
(more candidates), by secret ballot from the phone or on paper, with write-ins where allowed.

The workflow (ELECTION_FLOW): draft → open (phone ballots) → counting (voting closed; the counting
group, 计票, enters the paper ballots' figures) → entered → confirmed by a second staff user (not the
one who entered; a rejection sends the figures back to counting). Confirming writes the result:
each person's votes (phone tally + paper), elected when more than half of those voting (ballots
returned) voted for them and they rank within the seats; a tie at the last seat elects neither.

A phone ballot writes an `ElectionParticipation` row (THAT the member voted) and adds one to the
tally of each chosen candidate or write-in name: no per-ballot row, as anonymous votes
(docs/meetings.md)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Attendance
from lvzhi.core import audit, registry
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.meetings.choices import ElectionKind, ElectionState
from lvzhi.meetings.models import (
    AgendaItem,
    Candidate,
    Election,
    ElectionParticipation,
    ElectionTally,
    ElectionWriteIn,
    Meeting,
)
from lvzhi.meetings.services.base import attendee_users, can_manage, is_member_user, member_ids, my_url, require_manage

E = ElectionState


def _manages(user, election) -> bool:
    return can_manage(user, election.committee_id)


def _second_person(user, election) -> bool:
    return _manages(user, election) and election.entered_by_id != user.pk


ELECTION_FLOW = Workflow(
    rules=[
        Rule("open", [E.DRAFT], E.OPEN, _manages, None, gettext_lazy("开始投票")),
        Rule("close", [E.OPEN], E.COUNTING, _manages, None, gettext_lazy("结束投票")),
        Rule("enter", [E.COUNTING], E.ENTERED, _manages, None, gettext_lazy("录入计票结果")),
        Rule("confirm", [E.ENTERED], E.CONFIRMED, _second_person, None, gettext_lazy("复核确认")),
        Rule("reject", [E.ENTERED], E.COUNTING, _second_person, None, gettext_lazy("退回重新计票")),
    ]
)


def _ids(value, field):
    if isinstance(value, (list, tuple)):
        return member_ids(list(value), field)
    return member_ids(value, field)


@transaction.atomic
def create_election(*, actor, meeting: Meeting, data: dict) -> Election:
    require_manage(actor, meeting.committee_id)
    clean = Cleaner(data)
    title = clean.text("title", required=True, max_length=200, label=_("选举事项"))
    seats = clean.integer("seats", required=True, low=1, high=500)
    kind = clean.choice("kind", ElectionKind.values)
    write_in = str(data.get("write_in", "")).lower() in ("1", "true", "on", "yes")
    item_ids = _ids([data.get("agenda_item")] if data.get("agenda_item") not in (None, "") else [], "agenda_item")
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_ids[0]).first() if item_ids else None
    if item is None:
        clean.error("agenda_item", _("请选择本次会议的议程。"))
    candidate_ids = _ids(data.get("candidates"), "candidates")
    invited = set(
        Attendance.objects.filter(activity_id=meeting.activity_id, member_id__in=candidate_ids).values_list(
            "member_id", flat=True
        )
    )
    if not candidate_ids:
        clean.error("candidates", _("请选择候选人。"))
    elif len(invited) != len(candidate_ids):
        clean.error("candidates", _("候选人须为本次会议的参会委员。"))
    if seats and candidate_ids:
        derived = ElectionKind.EQUAL if len(candidate_ids) == seats else ElectionKind.COMPETITIVE
        if len(candidate_ids) < seats:
            clean.error("candidates", _("候选人数不能少于应选名额。"))
        elif kind and kind != derived:
            clean.error(
                "kind",
                _("等额选举的候选人数应等于应选名额。")
                if kind == ElectionKind.EQUAL
                else _("差额选举的候选人数应多于应选名额。"),
            )
        kind = derived
    clean.done()
    election = Election.objects.create(
        committee_id=meeting.committee_id,
        meeting=meeting,
        agenda_item=item,
        title=title,
        seats=seats,
        kind=kind,
        write_in=write_in,
    )
    Candidate.objects.bulk_create(
        [Candidate(election=election, member_id=pk, position=i) for i, pk in enumerate(candidate_ids, start=1)]
    )
    audit.record("election.create", actor=actor, obj=election, after=audit.snapshot(election))
    return election


def open_election(*, actor, election: Election, note: str = "") -> Election:
    with transaction.atomic():

        def apply(obj):
            obj.opened_at = timezone.now()

        ELECTION_FLOW.perform(election, "open", actor=actor, note=note, apply=apply)
        ElectionTally.objects.bulk_create(
            [ElectionTally(election=election, candidate=c) for c in Candidate.objects.filter(election=election)]
        )
        notify(
            attendee_users(election.meeting),
            title=_("选举开始：%(t)s") % {"t": election.title},
            url=my_url(election.meeting),
            kind="meetings.election_open",
            committee=election.meeting.committee,
        )
    return election


def close_election(*, actor, election: Election, note: str = "") -> Election:
    with transaction.atomic():

        def apply(obj):
            attendances = Attendance.objects.filter(activity_id=obj.meeting.activity_id)
            obj.eligible_count = attendances.count()
            obj.present_count = attendances.filter(state=AttendanceState.PRESENT).count()
            obj.closed_at = timezone.now()

        ELECTION_FLOW.perform(election, "close", actor=actor, note=note, apply=apply)
        registry.sync_derived(election)  # the voters' duty events (duty.py)
    return election


@transaction.atomic
def cast_election_ballot(*, actor, election: Election, data: dict) -> Election:
    """A registered member's secret ballot from the phone: up to `seats` candidates and, where the
    rule allows, write-in names; more marks than seats is refused (on paper it would be invalid)."""
    if not is_member_user(actor):
        raise Forbidden(_("请使用委员本人账号投票。"))
    if Election.objects.filter(pk=election.pk).values_list("state", flat=True).first() != E.OPEN:
        raise IllegalTransition(_("选举未开始或投票已结束。"))
    attendance = Attendance.objects.filter(activity_id=election.meeting.activity_id, member_id=actor.member_id).first()
    if attendance is None:
        raise Forbidden(_("您不是本次会议的参会委员。"))
    if attendance.state != AttendanceState.PRESENT:
        raise IllegalTransition(_("请先报到，再参加选举。"))
    chosen = _ids(data.get("candidates"), "candidates")
    candidates = dict(Candidate.objects.filter(election=election).values_list("pk", "member__name"))
    names = [str(n).strip() for n in (data.get("write_ins") or []) if str(n).strip()]
    errors = {}
    if any(pk not in candidates for pk in chosen):
        errors["candidates"] = [_("请在本次选举的候选人中选择。")]
    if names and not election.write_in:
        errors["write_ins"] = [_("本次选举不能另选他人。")]
    elif any(len(n) > 50 for n in names) or len(set(names)) != len(names):
        errors["write_ins"] = [_("另选人姓名不能重复，且不超过50字。")]
    elif set(names) & set(candidates.values()):
        errors["write_ins"] = [_("另选人不能是候选人，请直接选择候选人。")]
    if len(chosen) + len(names) > election.seats:
        errors["candidates"] = [_("所选人数不能超过应选名额（%(n)s名）。") % {"n": election.seats}]
    if errors:
        raise Invalid(errors=errors)
    try:
        with transaction.atomic():
            ElectionParticipation.objects.create(
                election=election, member_id=actor.member_id, committee_id=election.committee_id
            )
    except IntegrityError:
        raise IllegalTransition(_("您已参加本次选举。")) from None
    if chosen:
        ElectionTally.objects.filter(election=election, candidate_id__in=chosen).update(count=F("count") + 1)
    for name in names:
        row, _created = ElectionWriteIn.objects.get_or_create(election=election, name=name)
        ElectionWriteIn.objects.filter(pk=row.pk).update(count=F("count") + 1)
    audit.record("election.cast", actor=actor, obj=election, note=_("无记名"))
    return election


def enter_paper_count(*, actor, election: Election, data: dict) -> Election:
    """The counting group enters the paper ballots: issued, returned, invalid, each candidate's
    votes and the write-ins' (a dict name → votes)."""
    require_manage(actor, election.committee_id)
    election.refresh_from_db()
    clean = Cleaner(data)
    issued = clean.integer("paper_issued", low=0, high=100_000) or 0
    returned = clean.integer("paper_returned", low=0, high=100_000) or 0
    invalid = clean.integer("paper_invalid", low=0, high=100_000) or 0
    if returned > issued:
        clean.error("paper_returned", _("收回的选票不能多于发出的选票。"))
    if invalid > returned:
        clean.error("paper_invalid", _("无效票不能多于收回的选票。"))
    phone = ElectionParticipation.objects.filter(election=election).count()
    room = max(election.present_count - phone, 0) if election.present_count else None
    if room is not None and issued > room:
        clean.error("paper_issued", _("发出的纸质选票不能多于未用手机投票的出席人数（%(n)s）。") % {"n": room})
    valid = max(returned - invalid, 0)
    counts = {str(k): v for k, v in (data.get("counts") or {}).items()}
    candidates = list(Candidate.objects.filter(election=election).select_related("member"))
    per_candidate = {}
    for c in candidates:
        n = clean.integer(f"count_{c.pk}", low=0, high=100_000, value=counts.get(str(c.pk), data.get(f"count_{c.pk}")))
        per_candidate[c.pk] = n or 0
        if (n or 0) > valid:
            clean.error(f"count_{c.pk}", _("得票不能多于有效票数。"))
    write_ins = {str(k).strip(): v for k, v in (data.get("write_in_counts") or {}).items() if str(k).strip()}
    if write_ins and not election.write_in:
        clean.error("write_in_counts", _("本次选举不能另选他人。"))
    paper_write_ins = {}
    for name, value in write_ins.items():
        n = clean.integer("write_in_counts", low=0, high=valid, value=value)
        if len(name) > 50:
            clean.error("write_in_counts", _("另选人姓名不超过50字。"))
        paper_write_ins[name[:50]] = n or 0
    if sum(per_candidate.values()) + sum(paper_write_ins.values()) > valid * election.seats:
        clean.error("paper_invalid", _("各人得票之和超过有效票数乘以应选名额，请核对。"))
    clean.done()
    with transaction.atomic():

        def apply(obj):
            obj.paper_issued, obj.paper_returned, obj.paper_invalid = issued, returned, invalid
            obj.entered_by = actor

        ELECTION_FLOW.perform(election, "enter", actor=actor, note=data.get("note", ""), apply=apply)
        for c in candidates:
            c.paper_votes = per_candidate[c.pk]
        Candidate.objects.bulk_update(candidates, ["paper_votes"])
        ElectionWriteIn.objects.filter(election=election).update(paper_count=0)
        for name, n in paper_write_ins.items():
            ElectionWriteIn.objects.update_or_create(election=election, name=name, defaults={"paper_count": n})
    return election


def reject_count(*, actor, election: Election, note: str = "") -> Election:
    election.refresh_from_db()

    def apply(obj):
        obj.entered_by = None

    ELECTION_FLOW.perform(election, "reject", actor=actor, note=note, apply=apply)
    return election


def results(election: Election) -> list[dict]:
    """Everyone who received votes, most first: candidates and write-ins with phone + paper votes."""
    return results_of([election])[election.pk]


def results_of(elections) -> dict[int, list[dict]]:
    """`results` of each election, by its id, in three queries whatever their number."""
    ids = [e.pk for e in elections]
    tallies = dict(ElectionTally.objects.filter(election_id__in=ids).values_list("candidate_id", "count"))
    found: dict[int, list[dict]] = {pk: [] for pk in ids}
    for c in Candidate.objects.filter(election_id__in=ids).select_related("member"):
        found[c.election_id].append(
            {
                "name": c.member.name,
                "candidate": c.pk,
                "votes": tallies.get(c.pk, 0) + c.paper_votes,
                "elected": c.elected,
            }
        )
    for w in ElectionWriteIn.objects.filter(election_id__in=ids):
        found[w.election_id].append(
            {"name": w.name, "candidate": None, "votes": w.count + w.paper_count, "elected": None}
        )
    return {
        pk: sorted(rows, key=lambda r: (-r["votes"], r["candidate"] is None, r["name"])) for pk, rows in found.items()
    }


def confirm_count(*, actor, election: Election, note: str = "") -> Election:
    """A second staff user confirms the figures; the result is written."""
    election.refresh_from_db()
    with transaction.atomic():

        def apply(obj):
            phone = ElectionParticipation.objects.filter(election=obj).count()
            obj.voters_count = phone + obj.paper_returned
            obj.invalid_count = obj.paper_invalid
            obj.valid_count = obj.voters_count - obj.invalid_count
            obj.confirmed_by = actor
            rows = results(obj)
            over_half = [r for r in rows if 2 * r["votes"] > obj.voters_count]
            elected, tie = over_half[: obj.seats], []
            if len(over_half) > obj.seats and over_half[obj.seats]["votes"] == elected[-1]["votes"]:
                tie_votes = elected[-1]["votes"]
                tie = [r for r in over_half if r["votes"] == tie_votes]
                elected = [r for r in elected if r["votes"] != tie_votes]
            winners = {r["candidate"] for r in elected if r["candidate"]}
            for c in Candidate.objects.filter(election=obj):
                c.votes = next(r["votes"] for r in rows if r["candidate"] == c.pk)
                c.elected = c.pk in winners
                c.save(update_fields=["votes", "elected"])
            parts = [
                _("投票%(v)s人，有效票%(ok)s张，无效票%(bad)s张。")
                % {"v": obj.voters_count, "ok": obj.valid_count, "bad": obj.invalid_count}
            ]
            if elected:
                parts.append(_("当选：%(names)s。") % {"names": "、".join(r["name"] for r in elected)})
            if tie:
                parts.append(_("%(names)s得票相等，需就其再次投票。") % {"names": "、".join(r["name"] for r in tie)})
            if len(elected) < obj.seats and not tie:
                parts.append(_("当选人数不足应选名额，不足名额另行选举。"))
            obj.decision = "".join(str(p) for p in parts)[:500]

        ELECTION_FLOW.perform(election, "confirm", actor=actor, note=note, apply=apply)
    return election


def has_cast(election: Election, member_id) -> bool:
    return ElectionParticipation.objects.filter(election=election, member_id=member_id or 0).exists()
