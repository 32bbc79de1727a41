"""Liaison work over the API: the same registers, filters, visibility and services as the pages.
Staff with the members permission write within their scope; leaders read.

Resources under /liaison/: contacts/, assignments/, engagements/ (visits, talks, themed activities),
hosted-visits/ (全国政协、省政协来访), party-reports/ (请示报告). Each has a list (the page's filters,
paged), a detail, a create (POST, 201) and an update (PATCH); 请示报告 has its actions
(POST /{id}/send | reply | close), served from its action table as on the detail page."""

import datetime

from ninja import Field, Router, Schema

from lvzhi.core.api import Day, Id, In, Ref
from lvzhi.core.register_api import RegisterApi, plain, ref, refs
from lvzhi.core.workflow import timeline_steps
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
API = RegisterApi(
    router,
    REGISTERS,
    prefix="Liaison",
    resources=RESOURCES,
    tables=ACTION_TABLES,
    filters=("group", "kind", "body", "outcome"),
    can_read=can_read,
    require_manage=services.require_manage,
)


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
    timeline: list[API.StepOut]


class LiaisonPartyReportIn(In):
    kind: PartyReportKind | None = None
    subject: str | None = Field(None, max_length=200)
    recipient: str | None = Field(None, max_length=100)
    body: str | None = Field(None, max_length=10000)
    drafted_on: Day | None = None
    reply_days: int | None = Field(None, ge=1, le=365)
    note: str | None = Field(None, max_length=5000)


def _contact_ref(c):
    return {"id": c.pk, "name": c.name, "group": c.group}


def _contact(o, user, detail=False):
    data = plain(o, ("id", "name", "group", "affiliation", "listed_on", "note"))
    data.update(committee=o.committee_id, member=ref(o.member) if o.member_id else None)
    return data


def _assignment(o, user, detail=False):
    data = plain(o, ("id", "started_on", "ended_on", "note"))
    data.update(
        committee=o.committee_id,
        leader=ref(o.leader),
        contact=_contact_ref(o.contact),
    )
    return data


def _engagement(o, user, detail=False):
    data = plain(o, ("id", "kind", "title", "held_on", "place", "summary", "note"))
    data.update(
        committee=o.committee_id,
        members=refs(o.members.all()),
        contacts=[_contact_ref(c) for c in o.contacts.all()],
        activity=o.activity_id,
    )
    return data


def _hosted(o, user, detail=False):
    names = ("id", "body", "visitor", "leader", "kind", "started_on", "ended_on", "topic", "places", "staff", "support")
    data = plain(o, (*names, "note"))
    data.update(committee=o.committee_id, members=refs(o.members.all()))
    return data


def _report(o, user, detail=False):
    names = ("id", "kind", "subject", "recipient", "body", "drafted_on", "reply_days", "state", "sent_on", "due_on")
    data = plain(o, (*names, "replied_on", "reply", "closed_on", "note"))
    data.update(committee=o.committee_id, outcome=o.outcome or None, overdue=o.is_overdue())
    if detail:
        data["timeline"] = timeline_steps(o)
    return data


API.mount("contact", _contact, LiaisonContactOut, LiaisonContactIn)
API.mount("assignment", _assignment, LiaisonAssignmentOut, LiaisonAssignmentIn)
API.mount("engagement", _engagement, LiaisonEngagementOut, LiaisonEngagementIn)
API.mount("hosted", _hosted, LiaisonHostedVisitOut, LiaisonHostedVisitIn)
API.mount(
    "report",
    _report,
    LiaisonPartyReportOut,
    LiaisonPartyReportIn,
    detail_out=LiaisonPartyReportDetail,
    name="party_reports",
)
