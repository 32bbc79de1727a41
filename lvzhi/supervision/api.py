"""Supervision and development over the API: the same registers, filters, visibility and services as
the pages. Staff with the supervision permission write within their scope; leaders read.

Resources: /mediation-cases/, /litigation-clues/, /supervisor-posts/, /investment-visits/,
/investment-projects/, /liaison-pairs/, /enterprise-problems/, /support-items/, /partner-committees/,
/service-items/ (帮办实事 and 解决问题), /demo-points/ (创城宣传示范点).
Each has a list (the page's filters, paged), a detail, a create (POST, 201), an update (PATCH) and
its actions (POST /{id}/<action>), served from the register's action table as on the detail page."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from lvzhi.core.api import WRITE_ERRORS, Day, Id, In, Ref, get_visible
from lvzhi.core.register_api import RegisterApi, plain, ref, refs
from lvzhi.core.workflow import timeline_steps
from lvzhi.supervision import services
from lvzhi.supervision.actions import ACTION_TABLES, RESOURCES, ActionIn
from lvzhi.supervision.api_people import DemoPointIn, DemoPointOut, ServiceItemIn, ServiceItemOut
from lvzhi.supervision.choices import (
    ClueSource,
    ClueState,
    DisputeKind,
    MediationResult,
    MediationState,
    PartnerKind,
    PostRole,
    PostState,
    ProblemState,
    SupportKind,
)
from lvzhi.supervision.registers import REGISTERS
from lvzhi.supervision.selectors import can_read

router = Router(tags=["supervision"])
API = RegisterApi(
    router,
    REGISTERS,
    prefix="Supervision",
    resources=RESOURCES,
    tables=ACTION_TABLES,
    filters=("dispute_kind", "result", "source_kind", "role", "kind"),
    can_read=can_read,
    require_manage=services.require_manage,
)


class MediationSessionOut(Schema):
    held_on: datetime.date
    place: str
    note: str


class MediationOut(Schema):
    id: int
    committee: int
    court: str
    case_number: str
    dispute_kind: DisputeKind
    received_on: datetime.date
    parties: str = Field(..., description="当事人姓名（脱敏，如“张*”）")
    mediators: list[Ref]
    summary: str
    state: MediationState
    result: MediationResult | None
    closed_on: datetime.date | None
    outcome_note: str
    note: str


class MediationDetail(MediationOut):
    sessions: list[MediationSessionOut]
    timeline: list[API.StepOut]


class MediationIn(In):
    court: str | None = Field(None, max_length=100)
    case_number: str | None = Field(None, max_length=60)
    dispute_kind: DisputeKind | None = None
    received_on: Day | None = None
    parties: list[str] | None = Field(None, max_length=20, description="当事人姓名（至少两方）")
    mediators: list[Id] | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=5000)
    note: str | None = Field(None, max_length=5000)


class ClueOut(Schema):
    id: int
    committee: int
    title: str
    summary: str
    source_kind: ClueSource
    proposal: int | None
    opinion_report: int | None = None
    source_reference: str
    contributors: list[Ref]
    recorded_on: datetime.date
    procuratorate: str
    sent_on: datetime.date | None
    state: ClueState
    case_number: str
    filed_on: datetime.date | None
    suggestion_on: datetime.date | None
    suggestion_summary: str
    result: str
    closed_on: datetime.date | None
    note: str


class ClueDetail(ClueOut):
    timeline: list[API.StepOut]


class ClueIn(In):
    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=10000)
    source_kind: ClueSource | None = None
    proposal: Id | None = None
    opinion_report: Id | None = None
    source_reference: str | None = Field(None, max_length=200)
    contributors: list[Id] | None = Field(None, max_length=200)
    recorded_on: Day | None = None
    note: str | None = Field(None, max_length=5000)


class PostOut(Schema):
    id: int
    committee: int
    member: Ref
    body: str
    role: PostRole
    recommended_on: datetime.date
    start_on: datetime.date | None
    end_on: datetime.date | None
    state: PostState
    note: str


class PostDetail(PostOut):
    timeline: list[API.StepOut]


class PostIn(In):
    member: Id | None = None
    body: str | None = Field(None, max_length=100)
    role: PostRole | None = None
    recommended_on: Day | None = None
    start_on: Day | None = None
    end_on: Day | None = None
    note: str | None = Field(None, max_length=5000)


class VisitOut(Schema):
    id: int
    committee: int
    started_on: datetime.date
    ended_on: datetime.date | None
    destination: str
    purpose: str
    delegation: list[Ref]
    enterprises: list[str]
    note: str


class VisitIn(In):
    started_on: Day | None = None
    ended_on: Day | None = None
    destination: str | None = Field(None, max_length=100)
    purpose: str | None = Field(None, max_length=5000)
    delegation: list[Id] | None = Field(None, max_length=200)
    enterprises: list[str] | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=5000)


class ProjectOut(Schema):
    id: int
    committee: int
    name: str
    investor: str
    amount_wan: str = Field(..., description="投资额（万元），两位小数")
    signed_on: datetime.date
    industry: str
    visit: int | None
    note: str


class ProjectIn(In):
    name: str | None = Field(None, max_length=200)
    investor: str | None = Field(None, max_length=200)
    amount_wan: float | str | None = Field(None, description="投资额（万元）")
    signed_on: Day | None = None
    industry: str | None = Field(None, max_length=50)
    visit: Id | None = None
    note: str | None = Field(None, max_length=5000)


class PairOut(Schema):
    id: int
    committee: int
    leader: Ref
    enterprise: str
    started_on: datetime.date
    note: str


class PairIn(In):
    leader: Id | None = None
    enterprise: str | None = Field(None, max_length=100)
    started_on: Day | None = None
    note: str | None = Field(None, max_length=5000)


class ProblemOut(Schema):
    id: int
    committee: int
    pair: int
    enterprise: str
    description: str
    raised_on: datetime.date
    handling: str
    resolution: str
    resolved_on: datetime.date | None
    state: ProblemState


class ProblemDetail(ProblemOut):
    timeline: list[API.StepOut]


class SupportOut(Schema):
    id: int
    committee: int
    kind: SupportKind
    kind_name: str
    title: str
    amount: str
    unit: str
    occurred_on: datetime.date
    note: str


class SupportIn(In):
    kind: SupportKind | None = None
    kind_name: str | None = Field(None, max_length=50)
    title: str | None = Field(None, max_length=200)
    amount: float | str | None = None
    unit: str | None = Field(None, max_length=10)
    occurred_on: Day | None = None
    note: str | None = Field(None, max_length=5000)


class PartnerActivityOut(Schema):
    id: int
    held_on: datetime.date
    title: str
    place: str


class PartnerOut(Schema):
    id: int
    committee: int
    partner: str
    kind: PartnerKind
    agreement_on: datetime.date
    note: str
    activities: list[PartnerActivityOut]


class PartnerIn(In):
    partner: str | None = Field(None, max_length=100)
    kind: PartnerKind | None = None
    agreement_on: Day | None = None
    note: str | None = Field(None, max_length=5000)


class ServiceItemDetail(ServiceItemOut):
    timeline: list[API.StepOut]


class PartiesOut(Schema):
    parties: list[str]


def _mediation(o, user, detail=False):
    data = plain(o, ("id", "court", "case_number", "dispute_kind", "received_on", "summary", "state"))
    data.update(
        committee=o.committee_id,
        parties=o.parties_masked,
        mediators=refs(o.mediators.all()),
        result=o.result or None,
        closed_on=o.closed_on,
        outcome_note=o.outcome_note,
        note=o.note,
    )
    if detail:
        data["sessions"] = [plain(s, ("held_on", "place", "note")) for s in o.sessions.all()]
        data["timeline"] = timeline_steps(o)
    return data


CLUE_FIELDS = (
    "id",
    "title",
    "summary",
    "source_kind",
    "source_reference",
    "recorded_on",
    "procuratorate",
    "sent_on",
    "state",
    "case_number",
    "filed_on",
    "suggestion_on",
    "suggestion_summary",
    "result",
    "closed_on",
    "note",
)


def _clue(o, user, detail=False):
    data = plain(o, CLUE_FIELDS)
    data.update(
        committee=o.committee_id,
        proposal=o.proposal_id,
        opinion_report=o.opinion_report_id,
        contributors=refs(o.contributors.all()),
    )
    if detail:
        data["timeline"] = timeline_steps(o)
    return data


def _post(o, user, detail=False):
    data = plain(o, ("id", "body", "role", "recommended_on", "start_on", "end_on", "state", "note"))
    data.update(committee=o.committee_id, member=ref(o.member))
    if detail:
        data["timeline"] = timeline_steps(o)
    return data


def _visit(o, user, detail=False):
    data = plain(o, ("id", "started_on", "ended_on", "destination", "purpose", "note"))
    data.update(
        committee=o.committee_id,
        delegation=refs(o.delegation.all()),
        enterprises=[e.name for e in o.enterprises.all()],
    )
    return data


def _project(o, user, detail=False):
    data = plain(o, ("id", "name", "investor", "signed_on", "industry", "note"))
    data.update(committee=o.committee_id, amount_wan=f"{o.amount_wan:.2f}", visit=o.visit_id)
    return data


def _pair(o, user, detail=False):
    data = plain(o, ("id", "enterprise", "started_on", "note"))
    data.update(committee=o.committee_id, leader=ref(o.leader))
    return data


def _problem(o, user, detail=False):
    data = plain(o, ("id", "description", "raised_on", "handling", "resolution", "resolved_on", "state"))
    data.update(committee=o.committee_id, pair=o.pair_id, enterprise=o.pair.enterprise)
    if detail:
        data["timeline"] = timeline_steps(o)
    return data


def _support(o, user, detail=False):
    data = plain(o, ("id", "kind", "kind_name", "title", "unit", "occurred_on", "note"))
    data.update(committee=o.committee_id, amount=f"{o.amount:.2f}")
    return data


def _partner(o, user, detail=False):
    data = plain(o, ("id", "partner", "kind", "agreement_on", "note"))
    data.update(
        committee=o.committee_id,
        activities=[plain(a, ("id", "held_on", "title", "place")) for a in o.activities.all()],
    )
    return data


def _service(o, user, detail=False):
    data = plain(o, ("id", "kind", "title", "place", "requester", "raised_on", "state", "done_on", "result", "note"))
    data.update(committee=o.committee_id, members=refs(o.members.all()), activity=o.activity_id)
    if detail:
        data["timeline"] = timeline_steps(o)
    return data


def _point(o, user, detail=False):
    data = plain(o, ("id", "name", "place", "built_on", "ended_on", "note"))
    data.update(committee=o.committee_id, supervisors=refs(o.supervisors.all()))
    return data


def _add(key, to_dict, out, body, detail_out=None):
    """The register's endpoints (`RegisterApi.mount`), and for one with actions also
    `POST /<resource>/{id}/{action}`, the route its actions had before each had its own."""
    mounted = API.mount(key, to_dict, out, body, detail_out=detail_out)
    if mounted is None:
        return
    render = mounted[1]
    table = ACTION_TABLES[key]
    name = RESOURCES[key][1].replace("-", "_")

    @router.post(
        f"/{RESOURCES[key][1]}/{{pk}}/{{action}}",
        response={200: detail_out or out, **WRITE_ERRORS},
        operation_id=f"act_on_{name}",
        description=_("任一操作，按名称（%(a)s）；各操作的输入见其自身的路径。")
        % {"a": "、".join(a.name for a in table.actions)},
    )
    def act(request, pk: Id, action: str, payload: ActionIn):
        """The action named in the path, through the same table (the routes above, one per action,
        answer first; this one keeps the resource's original action route)."""
        API.require_reader(request.auth)
        obj = get_visible(REGISTERS[key].queryset(), request.auth, pk)
        table.get(action)  # an action the register does not have: 404
        services.require_manage(request.auth, obj.committee_id)
        table.run(action, actor=request.auth, obj=obj, data=payload.model_dump())
        return render(obj, request.auth)


@router.post(
    "/mediation-cases/{pk}/reveal",
    response={200: PartiesOut, **WRITE_ERRORS},
    operation_id="reveal_mediation_parties",
    description=_("当事人完整姓名：须有查看个人信息权限，每次查看记入审计日志。"),
)
def reveal_parties(request, pk: Id):
    API.require_reader(request.auth)
    case = get_visible(REGISTERS["mediation"].queryset(), request.auth, pk)
    return {"parties": services.reveal_parties(actor=request.auth, case=case)}


_add("mediation", _mediation, MediationOut, MediationIn, MediationDetail)
_add("clue", _clue, ClueOut, ClueIn, ClueDetail)
_add("post", _post, PostOut, PostIn, PostDetail)
_add("visit", _visit, VisitOut, VisitIn)
_add("project", _project, ProjectOut, ProjectIn)
_add("pair", _pair, PairOut, PairIn)
_add("problem", _problem, ProblemOut, In, ProblemDetail)
_add("support", _support, SupportOut, SupportIn)
_add("partner", _partner, PartnerOut, PartnerIn)
_add("service", _service, ServiceItemOut, ServiceItemIn, ServiceItemDetail)
_add("point", _point, DemoPointOut, DemoPointIn)
