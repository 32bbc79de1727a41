"""Liaison work over the API: the same registers, filters, visibility and services as the pages.
Staff with the members permission write within their scope; leaders read.

Resources under /liaison/: contacts/, assignments/, engagements/ (visits, talks, themed activities),
hosted-visits/ (全国政协、省政协来访), party-reports/ (请示报告). Each has a list (the page's filters,
paged), a detail, a create (POST, 201) and an update (PATCH); 请示报告 has its actions
(POST /{id}/send | reply | close), served from its action table as on the detail page."""

import datetime

from ninja import Field, Router, Schema

from lvzhi.core.api import (
    Day,
    DayText,
    Id,
    In,
    QueryIn,
    Ref,
)
from lvzhi.core.errors import Forbidden
from lvzhi.core.registers import mount_register_api
from lvzhi.core.workflow import timeline
from lvzhi.liaison import services
from lvzhi.liaison.actions import ACTION_TABLES, RESOURCES
from lvzhi.liaison.choices import (
    ContactGroup,
    EngagementKind,
    HostBody,
    HostedKind,
    PartyReportKind,
    PartyReportState,
    ReplyOutcome,
)
from lvzhi.liaison.registers import REGISTERS
from lvzhi.liaison.selectors import can_read

router = Router(tags=["liaison"])


class LiaisonStepOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


class LiaisonContactOut(Schema):
    id: int
    committee: int
    member: Ref | None
    name: str
    group: ContactGroup
    affiliation: str
    listed_on: datetime.date
    note: str


class LiaisonContactIn(In):
    member: Id | None = None
    name: str | None = Field(None, max_length=50)
    group: ContactGroup | None = None
    affiliation: str | None = Field(None, max_length=200)
    listed_on: Day | None = None
    note: str | None = Field(None, max_length=5000)


class LiaisonContactRef(Schema):
    id: int
    name: str
    group: ContactGroup


class LiaisonAssignmentOut(Schema):
    id: int
    committee: int
    leader: Ref
    contact: LiaisonContactRef
    started_on: datetime.date
    ended_on: datetime.date | None
    note: str


class LiaisonAssignmentIn(In):
    leader: Id | None = None
    contact: Id | None = None
    started_on: Day | None = None
    ended_on: Day | None = None
    note: str | None = Field(None, max_length=5000)


class LiaisonEngagementOut(Schema):
    id: int
    committee: int
    kind: EngagementKind
    title: str
    held_on: datetime.date
    place: str
    members: list[Ref]
    contacts: list[LiaisonContactRef]
    activity: int | None
    summary: str
    note: str


class LiaisonEngagementIn(In):
    kind: EngagementKind | None = None
    title: str | None = Field(None, max_length=200)
    held_on: Day | None = None
    place: str | None = Field(None, max_length=100)
    members: list[Id] | None = Field(None, max_length=500)
    contacts: list[Id] | None = Field(None, max_length=500)
    activity: Id | None = None
    summary: str | None = Field(None, max_length=5000)
    note: str | None = Field(None, max_length=5000)


class LiaisonHostedVisitOut(Schema):
    id: int
    committee: int
    body: HostBody
    visitor: str
    leader: str
    kind: HostedKind
    started_on: datetime.date
    ended_on: datetime.date
    topic: str
    places: str
    members: list[Ref]
    staff: str
    support: str
    note: str


class LiaisonHostedVisitIn(In):
    body: HostBody | None = None
    visitor: str | None = Field(None, max_length=100)
    leader: str | None = Field(None, max_length=100)
    kind: HostedKind | None = None
    started_on: Day | None = None
    ended_on: Day | None = None
    topic: str | None = Field(None, max_length=200)
    places: str | None = Field(None, max_length=2000)
    members: list[Id] | None = Field(None, max_length=500)
    staff: str | None = Field(None, max_length=200)
    support: str | None = Field(None, max_length=5000)
    note: str | None = Field(None, max_length=5000)


class LiaisonPartyReportOut(Schema):
    id: int
    committee: int
    kind: PartyReportKind
    subject: str
    recipient: str
    body: str
    drafted_on: datetime.date
    reply_days: int
    state: PartyReportState
    sent_on: datetime.date | None
    due_on: datetime.date | None
    overdue: bool
    replied_on: datetime.date | None
    reply: str
    outcome: ReplyOutcome | None
    closed_on: datetime.date | None
    note: str


class LiaisonPartyReportDetail(LiaisonPartyReportOut):
    timeline: list[LiaisonStepOut]


class LiaisonPartyReportIn(In):
    kind: PartyReportKind | None = None
    subject: str | None = Field(None, max_length=200)
    recipient: str | None = Field(None, max_length=100)
    body: str | None = Field(None, max_length=10000)
    drafted_on: Day | None = None
    reply_days: int | None = Field(None, ge=1, le=365)
    note: str | None = Field(None, max_length=5000)


class LiaisonCreateIn(In):
    committee: int | str = Field(..., description="委员会 id 或行政区划代码")


class LiaisonFilter(QueryIn):
    q: str = Field("", max_length=100)
    committee: str = Field("", description="委员会 id 或行政区划代码")
    date_from: DayText = Field("", description="YYYY-MM-DD")
    date_to: DayText = Field("", description="YYYY-MM-DD")
    state: str = Field("", max_length=20)
    group: str = Field("", max_length=20)
    kind: str = Field("", max_length=20)
    body: str = Field("", max_length=20)
    outcome: str = Field("", max_length=20)


def _refs(rows):
    return [{"id": r.pk, "name": r.name} for r in rows]


def _contact_ref(c):
    return {"id": c.pk, "name": c.name, "group": c.group}


def _plain(obj, names):
    return {n: getattr(obj, n) for n in names}


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


def _contact(o, detail=False):
    data = _plain(o, ("id", "name", "group", "affiliation", "listed_on", "note"))
    data.update(committee=o.committee_id, member={"id": o.member_id, "name": o.member.name} if o.member_id else None)
    return data


def _assignment(o, detail=False):
    data = _plain(o, ("id", "started_on", "ended_on", "note"))
    data.update(
        committee=o.committee_id,
        leader={"id": o.leader_id, "name": o.leader.name},
        contact=_contact_ref(o.contact),
    )
    return data


def _engagement(o, detail=False):
    data = _plain(o, ("id", "kind", "title", "held_on", "place", "summary", "note"))
    data.update(
        committee=o.committee_id,
        members=_refs(o.members.all()),
        contacts=[_contact_ref(c) for c in o.contacts.all()],
        activity=o.activity_id,
    )
    return data


def _hosted(o, detail=False):
    names = ("id", "body", "visitor", "leader", "kind", "started_on", "ended_on", "topic", "places", "staff", "support")
    data = _plain(o, (*names, "note"))
    data.update(committee=o.committee_id, members=_refs(o.members.all()))
    return data


def _report(o, detail=False):
    names = ("id", "kind", "subject", "recipient", "body", "drafted_on", "reply_days", "state", "sent_on", "due_on")
    data = _plain(o, (*names, "replied_on", "reply", "closed_on", "note"))
    data.update(committee=o.committee_id, outcome=o.outcome or None, overdue=o.is_overdue())
    if detail:
        data["timeline"] = _steps(o)
    return data


def _require_reader(user):
    if not can_read(user):
        raise Forbidden()


def _add(key, name, to_dict, out, detail_out, body):
    """The list, detail, create, update (and action) endpoints of one register."""
    mount_register_api(
        router,
        REGISTERS[key],
        path=RESOURCES[key][1],
        name=name,
        to_dict=to_dict,
        out=out,
        detail_out=detail_out,
        body=body,
        create_in=LiaisonCreateIn,
        filter_schema=LiaisonFilter,
        require_reader=_require_reader,
        require_manage=services.require_manage,
        table=ACTION_TABLES.get(key),
    )


_add("contact", "liaison_contacts", _contact, LiaisonContactOut, LiaisonContactOut, LiaisonContactIn)
_add("assignment", "liaison_assignments", _assignment, LiaisonAssignmentOut, LiaisonAssignmentOut, LiaisonAssignmentIn)
_add("engagement", "liaison_engagements", _engagement, LiaisonEngagementOut, LiaisonEngagementOut, LiaisonEngagementIn)
_add("hosted", "liaison_hosted_visits", _hosted, LiaisonHostedVisitOut, LiaisonHostedVisitOut, LiaisonHostedVisitIn)
_add("report", "party_reports", _report, LiaisonPartyReportOut, LiaisonPartyReportDetail, LiaisonPartyReportIn)
