"""Party building over the API: the same registers, filters, visibility and services as the pages.
The office's party staff (staff with the party permission) write within their scope; leaders read.

Resources under /api/v1/party/: members/ (支部党员), meetings/ (组织生活), talks/ (谈心谈话 — the
confidential notes only for the office's party staff, `null` for anyone else), pairs/ (两个全覆盖结对;
POST /pairs/{id}/contact records a contact, /end and /resume its workflow), contacts/ (联系记录, read
and PATCH; created through their pair), and coverage (GET: per kind, pairs, contacted, percentage and
the pairs without a contact in the period)."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from lvzhi.core.api import READ_ERRORS, Day, DayText, Id, In, QueryIn, Ref
from lvzhi.core.errors import Invalid
from lvzhi.core.periods import parse_day, parse_period
from lvzhi.core.register_api import RegisterApi, plain, ref
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.core.workflow import timeline_steps
from lvzhi.party import services
from lvzhi.party.actions import ACTION_TABLES, RESOURCES
from lvzhi.party.choices import BranchRole, ContactWay, MeetingKind, PairKind, PairState
from lvzhi.party.registers import REGISTERS
from lvzhi.party.selectors import can_read, coverage

router = Router(tags=["party"])
API = RegisterApi(
    router,
    REGISTERS,
    prefix="Party",
    resources=RESOURCES,
    tables=ACTION_TABLES,
    filters=("kind", "role", "way"),
    can_read=can_read,
    require_manage=services.require_manage,
)


class BranchRef(Schema):
    id: int
    name: str


class PartyMemberOut(Schema):
    id: int
    committee: int
    branch: BranchRef
    name: str
    position: str
    role: BranchRole
    joined_on: datetime.date
    left_on: datetime.date | None
    note: str


class PartyMemberIn(In):
    branch: Id | None = None
    name: str | None = Field(None, max_length=50)
    position: str | None = Field(None, max_length=100)
    role: BranchRole | None = None
    joined_on: Day | None = None
    left_on: Day | None = None
    note: str | None = Field(None, max_length=5000)


class PartyMeetingOut(Schema):
    id: int
    committee: int
    branch: BranchRef
    kind: MeetingKind
    held_on: datetime.date
    topic: str
    place: str
    attendees: list[Ref]
    minutes: str
    note: str


class PartyMeetingIn(In):
    branch: Id | None = None
    kind: MeetingKind | None = None
    held_on: Day | None = None
    topic: str | None = Field(None, max_length=200)
    place: str | None = Field(None, max_length=100)
    attendees: list[Id] | None = Field(None, max_length=500, description="支部党员（members/）的 id")
    minutes: str | None = Field(None, max_length=20000)
    note: str | None = Field(None, max_length=5000)


class PartyTalkOut(Schema):
    id: int
    committee: int
    talked_on: datetime.date
    talker: str
    talkee: str
    topic: str
    summary: str
    confidential_note: str | None = Field(..., description="保密记录：仅本委员会机关党建工作人员可见，其他人为 null")


class PartyTalkIn(In):
    talked_on: Day | None = None
    talker: str | None = Field(None, max_length=50)
    talkee: str | None = Field(None, max_length=50)
    topic: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=5000)
    confidential_note: str | None = Field(None, max_length=5000)


class PartyPairOut(Schema):
    id: int
    committee: int
    term: int
    kind: PairKind
    contactor: Ref
    contacted: Ref
    assigned_on: datetime.date
    state: PairState
    ended_on: datetime.date | None
    note: str
    contacts: int


class PartyPairDetail(PartyPairOut):
    timeline: list[API.StepOut]


class PartyPairIn(In):
    term: Id | None = None
    kind: PairKind | None = None
    contactor: Id | None = None
    contacted: Id | None = None
    assigned_on: Day | None = None
    note: str | None = Field(None, max_length=5000)


class PartyContactOut(Schema):
    id: int
    committee: int
    pair: int
    contactor: Ref
    contacted: Ref
    contacted_on: datetime.date
    way: ContactWay
    content: str


class PartyContactIn(In):
    contacted_on: Day | None = None
    way: ContactWay | None = None
    content: str | None = Field(None, max_length=5000)


def _member(o, user, detail=False):
    data = plain(o, ("id", "name", "position", "role", "joined_on", "left_on", "note"))
    return {**data, "committee": o.committee_id, "branch": ref(o.branch)}


def _meeting(o, user, detail=False):
    data = plain(o, ("id", "kind", "held_on", "topic", "place", "minutes", "note"))
    return {
        **data,
        "committee": o.committee_id,
        "branch": ref(o.branch),
        "attendees": [ref(m) for m in o.attendees.all()],
    }


def _talk(o, user, detail=False):
    data = plain(o, ("id", "talked_on", "talker", "talkee", "topic", "summary"))
    secret = o.confidential_note if services.can_see_confidential(user, o) else None
    return {**data, "committee": o.committee_id, "confidential_note": secret}


def _pair(o, user, detail=False):
    data = plain(o, ("id", "kind", "assigned_on", "state", "ended_on", "note"))
    data.update(
        committee=o.committee_id,
        term=o.term_id,
        contactor=ref(o.contactor),
        contacted=ref(o.contacted),
        contacts=len(o.contacts.all()),
    )
    if detail:
        data["timeline"] = timeline_steps(o)
    return data


def _contact(o, user, detail=False):
    data = plain(o, ("id", "contacted_on", "way", "content"))
    return {
        **data,
        "committee": o.committee_id,
        "pair": o.pair_id,
        "contactor": ref(o.pair.contactor),
        "contacted": ref(o.pair.contacted),
    }


API.mount("member", _member, PartyMemberOut, PartyMemberIn)
API.mount("meeting", _meeting, PartyMeetingOut, PartyMeetingIn)
API.mount("talk", _talk, PartyTalkOut, PartyTalkIn)
API.mount("pair", _pair, PartyPairOut, PartyPairIn, detail_out=PartyPairDetail, prefetch=("contacts",))
API.mount("contact", _contact, PartyContactOut, PartyContactIn)


# --- Coverage ---------------------------------------------------------------------------------------


class PartyCoverageQuery(QueryIn):
    committee: str = Field("", description="委员会 id 或行政区划代码；默认本人所在委员会")
    scope: str = Field("self", pattern="^(self|tree)$", description="self：本级；tree：含下级")
    period: str = Field("year", max_length=40, description="current、year、year:2024、since:…、range:A..B、term")
    as_of: DayText = Field("", description="统计日 YYYY-MM-DD，默认今天")


class PartyUncoveredOut(Schema):
    pair: int
    committee: int
    contactor: Ref
    contacted: Ref
    assigned_on: datetime.date


class PartyCoverageLineOut(Schema):
    kind: PairKind
    pairs: int
    contacted: int
    percent: float | None
    uncovered: list[PartyUncoveredOut]


class PartyCoverageOut(Schema):
    committee: int
    scope: str
    period: str
    start: datetime.date | None
    end: datetime.date
    lines: list[PartyCoverageLineOut]


@router.get("/party/coverage", response={200: PartyCoverageOut, **READ_ERRORS}, operation_id="get_party_coverage")
def get_coverage(request, filters: Query[PartyCoverageQuery]):
    """两个全覆盖: per kind, the pairs in force in the period, those contacted at least once in it,
    the percentage, and the pairs without a contact."""
    user = request.auth
    API.require_reader(user)
    allowed = committee_ids(user)
    Committee = services.Committee
    wanted = filters.committee.strip() or str(user.committee_id or "")
    chosen = committee_named(wanted, allowed) if wanted else None
    if chosen is None:
        raise Invalid(errors={"committee": [_("请选择您范围内的委员会。")]})
    term = chosen.current_term()
    period = parse_period(
        filters.period, as_of=parse_day(filters.as_of or None), term_start=term.start_date if term else None
    )
    ids = (
        set(Committee.objects.descendants_of(chosen.pk).filter(id__in=allowed).values_list("id", flat=True))
        if filters.scope == "tree"
        else {chosen.pk}
    )
    lines = [] if period.is_empty else coverage(ids, period)
    return {
        "committee": chosen.pk,
        "scope": filters.scope,
        "period": period.text,
        "start": period.start,
        "end": period.end,
        "lines": [
            {
                "kind": line.kind,
                "pairs": line.pairs,
                "contacted": line.contacted,
                "percent": line.percent,
                "uncovered": [
                    {
                        "pair": p.pk,
                        "committee": p.committee_id,
                        "contactor": ref(p.contactor),
                        "contacted": ref(p.contacted),
                        "assigned_on": p.assigned_on,
                    }
                    for p in line.uncovered
                ],
            }
            for line in lines
        ],
    }
