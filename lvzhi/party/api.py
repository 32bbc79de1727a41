"""Party building over the API: the same registers, filters, visibility and services as the pages.
The office's party staff (staff with the party permission) write within their scope; leaders read.

Resources under /api/v1/party/: members/ (支部党员), meetings/ (组织生活), talks/ (谈心谈话 — the
confidential notes only for the office's party staff, `null` for anyone else), pairs/ (两个全覆盖结对;
POST /pairs/{id}/contact records a contact, /end and /resume its workflow), contacts/ (联系记录, read
and PATCH; created through their pair), and coverage (GET: per kind, pairs, contacted, percentage and
the pairs without a contact in the period)."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from lvzhi.core.actions import mount_api
from lvzhi.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    Day,
    DayText,
    Id,
    In,
    PageQuery,
    QueryIn,
    Ref,
    get_visible,
    page_of,
    paginate,
)
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.periods import parse_day, parse_period
from lvzhi.core.registers import filter_records
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.core.workflow import timeline
from lvzhi.party import services
from lvzhi.party.actions import ACTION_TABLES
from lvzhi.party.choices import BranchRole, ContactWay, MeetingKind, PairKind, PairState
from lvzhi.party.registers import REGISTERS
from lvzhi.party.selectors import can_read, coverage

router = Router(tags=["party"])


class PartyStepOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


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
    timeline: list[PartyStepOut]


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


class PartyCreateIn(In):
    committee: int | str = Field(..., description="委员会 id 或行政区划代码")


class PartyRecordFilter(QueryIn):
    q: str = Field("", max_length=100)
    committee: str = Field("", description="委员会 id 或行政区划代码")
    date_from: DayText = Field("", description="YYYY-MM-DD")
    date_to: DayText = Field("", description="YYYY-MM-DD")
    state: str = Field("", max_length=20)
    kind: str = Field("", max_length=30)
    role: str = Field("", max_length=20)
    way: str = Field("", max_length=20)


def _ref(obj):
    return {"id": obj.pk, "name": obj.name}


def _steps(obj):
    return [
        {
            "from": t.from_state,
            "to": t.to_state,
            "action": t.action,
            "actor": str(t.actor) if t.actor else None,
            "at": t.at,
            "note": t.note,
        }
        for t in timeline(obj)
    ]


def _plain(obj, names):
    return {n: getattr(obj, n) for n in names}


def _member(o, user, detail=False):
    data = _plain(o, ("id", "name", "position", "role", "joined_on", "left_on", "note"))
    return {**data, "committee": o.committee_id, "branch": _ref(o.branch)}


def _meeting(o, user, detail=False):
    data = _plain(o, ("id", "kind", "held_on", "topic", "place", "minutes", "note"))
    return {
        **data,
        "committee": o.committee_id,
        "branch": _ref(o.branch),
        "attendees": [_ref(m) for m in o.attendees.all()],
    }


def _talk(o, user, detail=False):
    data = _plain(o, ("id", "talked_on", "talker", "talkee", "topic", "summary"))
    secret = o.confidential_note if services.can_see_confidential(user, o) else None
    return {**data, "committee": o.committee_id, "confidential_note": secret}


def _pair(o, user, detail=False):
    data = _plain(o, ("id", "kind", "assigned_on", "state", "ended_on", "note"))
    data.update(
        committee=o.committee_id,
        term=o.term_id,
        contactor=_ref(o.contactor),
        contacted=_ref(o.contacted),
        contacts=len(o.contacts.all()),
    )
    if detail:
        data["timeline"] = _steps(o)
    return data


def _contact(o, user, detail=False):
    data = _plain(o, ("id", "contacted_on", "way", "content"))
    return {
        **data,
        "committee": o.committee_id,
        "pair": o.pair_id,
        "contactor": _ref(o.pair.contactor),
        "contacted": _ref(o.pair.contacted),
    }


def _require_reader(user):
    if not can_read(user):
        raise Forbidden()


def _payload(payload, *, create):
    data = payload.model_dump(exclude_unset=True)
    data.pop("committee", None)
    return {k: v for k, v in data.items() if v is not None} if create else data


def _queryset(reg):
    qs = reg.queryset()
    return qs.prefetch_related("contacts") if reg.key == "pair" else qs


def _add(path, key, to_dict, out, detail_out, body):
    """The list, detail, create, update and action endpoints of one register."""
    reg = REGISTERS[key]
    name = path.replace("-", "_")

    @router.get(f"/party/{path}/", response={200: page_of(out), **READ_ERRORS}, operation_id=f"list_party_{name}")
    def list_records(request, filters: Query[PartyRecordFilter], paging: PageQuery):
        _require_reader(request.auth)
        qs = filter_records(reg, _queryset(reg).visible_to(request.auth), filters.dict(), request.auth)
        page = paginate(qs.order_by(*reg.model._meta.ordering), paging.page, paging.page_size)
        return {"items": [to_dict(o, request.auth) for o in page["items"]], "count": page["count"]}

    @router.get(f"/party/{path}/{{pk}}", response={200: detail_out, **READ_ERRORS}, operation_id=f"get_party_{name}")
    def get_record(request, pk: Id):
        _require_reader(request.auth)
        return to_dict(get_visible(_queryset(reg), request.auth, pk), request.auth, detail=True)

    if reg.create is not None:
        create_body = type(f"{body.__name__}Create", (body, PartyCreateIn), {})

        @router.post(f"/party/{path}/", response={201: detail_out, **WRITE_ERRORS}, operation_id=f"create_party_{name}")
        def create_record(request, payload: create_body):
            obj = reg.create(actor=request.auth, committee=payload.committee, data=_payload(payload, create=True))
            return Status(201, to_dict(_queryset(reg).get(pk=obj.pk), request.auth, detail=True))

    if reg.update is not None:

        @router.patch(
            f"/party/{path}/{{pk}}", response={200: detail_out, **WRITE_ERRORS}, operation_id=f"update_party_{name}"
        )
        def update_record(request, pk: Id, payload: body):
            _require_reader(request.auth)
            obj = get_visible(_queryset(reg), request.auth, pk)
            reg.update(request.auth, obj, _payload(payload, create=False))
            return to_dict(_queryset(reg).get(pk=obj.pk), request.auth, detail=True)

    table = ACTION_TABLES.get(key)
    if table is not None:

        def load(user, pk):
            _require_reader(user)
            obj = get_visible(_queryset(reg), user, pk)
            services.require_manage(user, obj.committee_id)
            return obj

        def render(obj, user):
            return to_dict(_queryset(reg).get(pk=obj.pk), user, detail=True)

        mount_api(router, table, load=load, out=detail_out, render=render, errors=WRITE_ERRORS)


_add("members", "member", _member, PartyMemberOut, PartyMemberOut, PartyMemberIn)
_add("meetings", "meeting", _meeting, PartyMeetingOut, PartyMeetingOut, PartyMeetingIn)
_add("talks", "talk", _talk, PartyTalkOut, PartyTalkOut, PartyTalkIn)
_add("pairs", "pair", _pair, PartyPairOut, PartyPairDetail, PartyPairIn)
_add("contacts", "contact", _contact, PartyContactOut, PartyContactOut, PartyContactIn)


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
    _require_reader(user)
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
                        "contactor": _ref(p.contactor),
                        "contacted": _ref(p.contacted),
                        "assigned_on": p.assigned_on,
                    }
                    for p in line.uncovered
                ],
            }
            for line in lines
        ],
    }
