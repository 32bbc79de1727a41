"""Proposals over the API (issue 3, section 6): the same visibility and services as the pages.

`/proposals/` lists (with the page filters) and creates drafts; `/proposals/{id}` is the detail
with its timeline; `POST /proposals/{id}/<action>` runs one action. `/assignments/` is a unit's
inbox (the office sees those in scope) with the units' actions.
"""

import datetime
from typing import Literal

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, In, PageQuery, get_visible, page_of
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.scope import committee_ids
from lvzhi.core.workflow import timeline
from lvzhi.org.filters import resolve_committee
from lvzhi.proposals import services
from lvzhi.proposals.filters import ProposalFilter, filter_proposals
from lvzhi.proposals.models import Assignment, CoProposer, Proposal
from lvzhi.proposals.paging import api_page

router = Router(tags=["proposals"])

ProposalStateLit = Literal[
    "draft", "submitted", "filed", "rejected", "converted", "merged", "withdrawn", "assigned", "replied", "closed"
]
KindLit = Literal["individual", "joint", "sector", "organisation", "special_committee"]


# --- schemas -------------------------------------------------------------------------------------


class TimelineOut(Schema):
    action: str
    from_: str = Field(..., alias="from")
    to: str
    actor: str | None
    at: datetime.datetime
    note: str


class CoProposerOut(Schema):
    member: int
    name: str
    confirmed: bool
    paper_signature: bool


class EvaluationOut(Schema):
    member: int
    rating: str
    comment: str
    round: int


class AssignmentOut(Schema):
    id: int
    committee: int
    proposal: int
    proposal_title: str
    unit: int
    unit_name: str
    role: str
    state: str
    assigned_at: datetime.datetime
    deadline: datetime.date
    signed_at: datetime.datetime | None
    objection_reason: str
    opinion_text: str
    reply_category: str | None
    reply_text: str
    reply_contact: str
    replied_at: datetime.datetime | None
    round: int
    overdue: bool
    evaluations: list[EvaluationOut]


class ProposalRow(Schema):
    id: int
    committee: int
    state: str
    number: str
    title: str
    kind: str
    category: str | None
    proposer: int
    proposer_name: str
    session: int | None
    is_key: bool
    is_excellent: bool
    submitted_at: datetime.datetime | None


class FileOut(Schema):
    id: int
    name: str
    size: int
    url: str


class ProposalOut(ProposalRow):
    situation: str
    analysis: str
    suggestions: str
    party: int | None
    sector: int | None
    special_committee: int | None
    coproposers: list[CoProposerOut]
    merged_into: int | None
    converted_target: str
    opinion_report: int | None = Field(None, description="转社情民意信息时生成的社情民意信息 id")
    reject_reason: str | None
    review_note: str
    supervising_leaders: list[int]
    attachments: list[FileOut]
    assignments: list[AssignmentOut]
    timeline: list[TimelineOut]
    actions: list[str]


class ProposalFilterIn(Schema):
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码")
    session: str = Field("", max_length=20, description="会议 id；between = 闭会期间")
    state: ProposalStateLit | Literal[""] = ""
    category: str = Field("", max_length=100, description="类别 id 或名称")
    kind: KindLit | Literal[""] = ""
    party: str = Field("", max_length=20)
    sector: str = Field("", max_length=20)
    unit: str = Field("", max_length=20)
    key: bool | None = None
    overdue: bool | None = None
    rating: Literal["satisfied", "basically_satisfied", "unsatisfied", ""] = ""
    q: str = Field("", max_length=100, description="案由、案号、提案人")


class ProposalIn(In):
    committee: str | int | None = Field(None, description="默认为调用者所属委员会")
    title: str = Field(..., max_length=100)
    category: str | int = Field(..., description="类别名称（或 id）")
    situation: str
    analysis: str = ""
    suggestions: str
    kind: KindLit = "individual"
    session: int | Literal["between"] | None = Field(None, description="会议 id；between = 闭会期间；空 = 当前会议")
    proposer: int | None = Field(None, description="工作人员代录纸质提案时的第一提案人（委员 id）")
    coproposers: list[int] = Field(default_factory=list, max_length=200)
    party: int | None = None
    sector: int | None = None
    special_committee: int | None = None


class NoteIn(In):
    note: str = Field("", max_length=2000)


class RejectIn(In):
    reason: str | int = Field(..., description="不予立案理由（名称或 id）")
    note: str = Field("", max_length=2000)


class ConvertIn(In):
    target: Literal["suggestion", "opinion"]
    note: str = Field("", max_length=2000)


class MergeIn(In):
    into: int = Field(..., ge=1)
    note: str = Field("", max_length=2000)


class UnitRole(In):
    unit: int = Field(..., ge=1)
    role: Literal["lead", "co", "split"]


class AssignIn(In):
    units: list[UnitRole] = Field(..., max_length=50)
    deadline: datetime.date | None = None
    note: str = Field("", max_length=2000)


class EvaluateIn(In):
    assignment: int = Field(..., ge=1)
    rating: Literal["satisfied", "basically_satisfied", "unsatisfied"]
    comment: str = Field("", max_length=2000)


class ReopenIn(In):
    assignment: int = Field(..., ge=1)
    deadline: datetime.date
    note: str = Field("", max_length=2000)


class SuperviseIn(In):
    kind: Literal["meeting", "onsite", "written"]
    date: datetime.date
    leader: int | None = None
    notes: str = Field("", max_length=20000)


class FlagsIn(In):
    is_key: bool | None = None
    is_excellent: bool | None = None
    leaders: list[Id] | None = Field(None, max_length=50, description="督办领导（委员 id）；省略则不变")


class ReasonIn(In):
    reason: str = Field(..., max_length=2000)


class TextIn(In):
    text: str = Field(..., max_length=20000)


class ReplyIn(In):
    category: str = Field(..., max_length=10, description="答复类别代码 A/B/C")
    text: str = Field(..., max_length=20000)
    contact: str = Field("", max_length=100)


class ExtendIn(In):
    until: datetime.date
    reason: str = Field(..., max_length=2000)


class ReassignIn(In):
    unit: int = Field(..., ge=1)
    deadline: datetime.date | None = None


class AssignmentFilterIn(Schema):
    state: Literal["pending", "signed", "objected", "replied", "reassigned", "open", "overdue", ""] = ""
    proposal: int | None = Field(None, ge=1)


# --- output --------------------------------------------------------------------------------------


def _assignment_out(a: Assignment) -> dict:
    return {
        "id": a.pk,
        "committee": a.committee_id,
        "proposal": a.proposal_id,
        "proposal_title": a.proposal.title,
        "unit": a.unit_id,
        "unit_name": a.unit.name,
        "role": a.role,
        "state": a.state,
        "assigned_at": a.assigned_at,
        "deadline": a.deadline,
        "signed_at": a.signed_at,
        "objection_reason": a.objection_reason,
        "opinion_text": a.opinion_text,
        "reply_category": a.reply_category.code if a.reply_category_id else None,
        "reply_text": a.reply_text,
        "reply_contact": a.reply_contact,
        "replied_at": a.replied_at,
        "round": a.round,
        "overdue": a.is_overdue(),
        "evaluations": [
            {"member": e.member_id, "rating": e.rating, "comment": e.comment, "round": e.round}
            for e in a.evaluations.all()
        ],
    }


def _row(p: Proposal) -> dict:
    return {
        "id": p.pk,
        "committee": p.committee_id,
        "state": p.state,
        "number": p.number,
        "title": p.title,
        "kind": p.kind,
        "category": p.category.name if p.category_id else None,
        "proposer": p.proposer_id,
        "proposer_name": p.proposer_label,
        "session": p.session_id,
        "is_key": p.is_key,
        "is_excellent": p.is_excellent,
        "submitted_at": p.submitted_at,
    }


ASSIGNMENT_RELATED = ("proposal", "unit", "reply_category")


def _detail(p: Proposal, user) -> dict:
    p = _load(user, p.pk)
    assignments = (
        Assignment.objects.visible_to(user)
        .filter(proposal=p)
        .select_related(*ASSIGNMENT_RELATED)
        .prefetch_related("evaluations")
    )
    return {
        **_row(p),
        "situation": p.situation,
        "analysis": p.analysis,
        "suggestions": p.suggestions,
        "party": p.party_id,
        "sector": p.sector_id,
        "special_committee": p.special_committee_id,
        "coproposers": [
            {
                "member": c.member_id,
                "name": c.member.name,
                "confirmed": bool(c.confirmed_at),
                "paper_signature": c.paper_signature,
            }
            for c in p.coproposers.all()
        ],
        "merged_into": p.merged_into_id,
        "converted_target": p.converted_target,
        "opinion_report": next(iter(p.opinion_reports.values_list("pk", flat=True)), None),
        "reject_reason": p.reject_reason.name if p.reject_reason_id else None,
        "review_note": p.review_note,
        "supervising_leaders": [m.pk for m in p.supervising_leaders.all()],
        "attachments": [
            {"id": f.pk, "name": f.name, "size": f.size, "url": reverse("proposals:file", args=[p.pk, f.pk])}
            for f in p.attachments.all()
        ],
        "assignments": [_assignment_out(a) for a in assignments],
        "timeline": [
            {
                "action": t.action,
                "from": t.from_state,
                "to": t.to_state,
                "actor": t.actor.username if t.actor else None,
                "at": t.at,
                "note": t.note,
            }
            for t in timeline(p)
        ],
        "actions": services.proposal_actions(p, user),
    }


def _load(user, pk) -> Proposal:
    qs = Proposal.objects.select_related(
        "committee", "proposer", "category", "party", "sector", "special_committee", "reject_reason", "term", "session"
    ).prefetch_related(
        Prefetch("coproposers", queryset=CoProposer.objects.select_related("member")),
        "supervising_leaders",
        "attachments",
    )
    return get_visible(qs, user, pk)


def _assignment(user, pk) -> Assignment:
    qs = Assignment.objects.select_related("proposal__committee", "unit", "committee", "reply_category")
    return get_visible(qs.prefetch_related("evaluations"), user, pk)


def _proposal_assignment(user, proposal, pk) -> Assignment:
    a = Assignment.objects.visible_to(user).filter(proposal=proposal, pk=pk).select_related("proposal").first()
    if a is None:
        raise Invalid(errors={"assignment": [services._("这件提案没有这个交办。")]})
    return a


# --- proposals -----------------------------------------------------------------------------------


@router.get("/proposals/", response={200: page_of(ProposalRow), **READ_ERRORS})
def list_proposals(request: HttpRequest, filters: Query[ProposalFilterIn], paging: PageQuery):
    """Proposals visible to the caller, with the list page's filters."""
    data = filters.dict()
    data["key"] = "1" if data.get("key") else ""
    data["overdue"] = "1" if data.get("overdue") else ""
    flt = ProposalFilter.from_params({k: ("" if v is None else str(v)) for k, v in data.items()})
    qs = filter_proposals(request.auth, flt)
    page = api_page(qs, paging.page, paging.page_size)
    page["items"] = [_row(p) for p in page["items"]]
    return page


@router.post("/proposals/", response={201: ProposalOut, **WRITE_ERRORS})
def create_proposal(request: HttpRequest, payload: ProposalIn):
    """Create a draft. A member drafts as themselves; the office may name the proposer."""
    user = request.auth
    committee = None
    if payload.committee not in (None, ""):
        committee = resolve_committee(str(payload.committee), committee_ids(user))
        if committee is None:
            raise Invalid(errors={"committee": [services._("请选择您范围内的委员会。")]})
    data = payload.model_dump(exclude={"committee"})
    if data.get("session") is None:
        data.pop("session")
    elif data["session"] == "between":
        data["session"] = ""
    if committee is None and not getattr(user, "committee", None):
        raise Forbidden()
    proposal = services.create_proposal(actor=user, committee=committee, data=data)
    return Status(201, _detail(proposal, user))


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **READ_ERRORS})
def get_proposal(request: HttpRequest, proposal_id: Id):
    return _detail(_load(request.auth, proposal_id), request.auth)


@router.patch("/proposals/{proposal_id}", response={200: ProposalOut, **WRITE_ERRORS})
def update_proposal(request: HttpRequest, proposal_id: Id, payload: ProposalIn):
    p = _load(request.auth, proposal_id)
    data = payload.model_dump(exclude={"committee"})
    if data.get("session") is None:
        data.pop("session")
    elif data["session"] == "between":
        data["session"] = ""
    services.update_proposal(actor=request.auth, proposal=p, data=data)
    return _detail(p, request.auth)


def _action(path, schema, run, doc):
    def endpoint(request: HttpRequest, proposal_id: Id, payload: schema):  # type: ignore[valid-type]
        p = _load(request.auth, proposal_id)
        run(request.auth, p, payload)
        return _detail(p, request.auth)

    endpoint.__name__ = f"proposal_{path}"
    endpoint.__doc__ = doc
    router.post(f"/proposals/{{proposal_id}}/{path}", response={200: ProposalOut, **WRITE_ERRORS})(endpoint)


def _evaluate(user, p, body):
    a = _proposal_assignment(user, p, body.assignment)
    services.evaluate_assignment(actor=user, assignment=a, rating=body.rating, comment=body.comment)


def _reopen(user, p, body):
    a = _proposal_assignment(user, p, body.assignment)
    services.reopen_assignment(actor=user, assignment=a, deadline=body.deadline, note=body.note)


def _confirm(user, p, body):
    services.confirm_coproposal(actor=user, proposal=p)


_action("confirm", NoteIn, _confirm, "附议人在线确认联名。")
_action("submit", NoteIn, lambda u, p, b: services.submit_proposal(actor=u, proposal=p, note=b.note), "提交。")
_action("return", NoteIn, lambda u, p, b: services.return_proposal(actor=u, proposal=p, note=b.note), "退回修改。")
_action("file", NoteIn, lambda u, p, b: services.file_proposal(actor=u, proposal=p, note=b.note), "立案（编号）。")
_action(
    "reject",
    RejectIn,
    lambda u, p, b: services.reject_proposal(actor=u, proposal=p, reason=b.reason, note=b.note),
    "不予立案：理由（本会理由列表之一）与说明。",
)
_action(
    "convert",
    ConvertIn,
    lambda u, p, b: services.convert_proposal(actor=u, proposal=p, target=b.target, note=b.note),
    "转为意见建议（suggestion）或社情民意信息（opinion）。",
)
_action(
    "merge",
    MergeIn,
    lambda u, p, b: services.merge_proposal(actor=u, proposal=p, into=b.into, note=b.note),
    "并入一件已立案的提案。",
)
_action("withdraw", NoteIn, lambda u, p, b: services.withdraw_proposal(actor=u, proposal=p, note=b.note), "撤案。")
_action(
    "assign",
    AssignIn,
    lambda u, p, b: services.assign_proposal(
        actor=u, proposal=p, units=[x.model_dump() for x in b.units], deadline=b.deadline, note=b.note
    ),
    "交办：一个主办单位加会办单位，或若干分办单位。",
)
_action("evaluate", EvaluateIn, _evaluate, "提案人评价一个答复单位。")
_action("reopen", ReopenIn, _reopen, "不满意时重办该单位的交办。")
_action("close", NoteIn, lambda u, p, b: services.close_proposal(actor=u, proposal=p, note=b.note), "办结。")
_action(
    "supervise",
    SuperviseIn,
    lambda u, p, b: services.add_supervision(
        actor=u, proposal=p, kind=b.kind, date=b.date, leader=b.leader, notes=b.notes
    ),
    "督办记录（会议、现场、书面）。",
)
_action(
    "flags",
    FlagsIn,
    lambda u, p, b: services.set_flags(
        actor=u, proposal=p, is_key=b.is_key, is_excellent=b.is_excellent, leaders=b.leaders
    ),
    "设为重点提案 / 优秀提案，并确定督办领导。",
)


# --- assignments ---------------------------------------------------------------------------------


@router.get("/assignments/", response={200: page_of(AssignmentOut), **READ_ERRORS})
def list_assignments(request: HttpRequest, filters: Query[AssignmentFilterIn], paging: PageQuery):
    """A unit user's assignments; the office's within its scope."""
    user = request.auth
    qs = Assignment.objects.visible_to(user)
    if user.unit_id and user.has_role("unit"):
        qs = qs.filter(unit_id=user.unit_id)
    elif not user.can_read_module("proposals"):
        raise Forbidden()
    if filters.state == "open":
        qs = qs.filter(state__in=["pending", "signed"])
    elif filters.state == "overdue":
        from django.utils import timezone

        qs = qs.filter(state__in=["pending", "signed"], deadline__lt=timezone.localdate())
    elif filters.state:
        qs = qs.filter(state=filters.state)
    if filters.proposal:
        qs = qs.filter(proposal_id=filters.proposal)
    qs = qs.select_related(*ASSIGNMENT_RELATED).prefetch_related("evaluations").order_by("deadline", "id")
    page = api_page(qs, paging.page, paging.page_size)
    page["items"] = [_assignment_out(a) for a in page["items"]]
    return page


@router.get("/assignments/{assignment_id}", response={200: AssignmentOut, **READ_ERRORS})
def get_assignment(request: HttpRequest, assignment_id: Id):
    return _assignment_out(_assignment(request.auth, assignment_id))


def _unit_action(path, schema, run, doc):
    def endpoint(request: HttpRequest, assignment_id: Id, payload: schema):  # type: ignore[valid-type]
        a = _assignment(request.auth, assignment_id)
        run(request.auth, a, payload)
        return _assignment_out(_assignment(request.auth, assignment_id))

    endpoint.__name__ = f"assignment_{path}"
    endpoint.__doc__ = doc
    router.post(f"/assignments/{{assignment_id}}/{path}", response={200: AssignmentOut, **WRITE_ERRORS})(endpoint)


class EmptyIn(In):
    pass


def _extend(user, a, b):
    services.request_extension(actor=user, assignment=a, until=b.until, reason=b.reason)


_unit_action("sign", EmptyIn, lambda u, a, b: services.sign_assignment(actor=u, assignment=a), "签收。")
_unit_action(
    "object",
    ReasonIn,
    lambda u, a, b: services.object_assignment(actor=u, assignment=a, reason=b.reason),
    "在申请调整期限内提出调整。",
)
_unit_action(
    "opinion",
    TextIn,
    lambda u, a, b: services.send_opinion(actor=u, assignment=a, text=b.text),
    "会办单位提出会办意见。",
)
_unit_action(
    "reply",
    ReplyIn,
    lambda u, a, b: services.reply_assignment(
        actor=u, assignment=a, category=b.category, text=b.text, contact=b.contact
    ),
    "主办（分办）单位答复：类别、内容、联系人。",
)
_unit_action("extend", ExtendIn, _extend, "申请延期。")
_unit_action(
    "reassign",
    ReassignIn,
    lambda u, a, b: services.reassign_assignment(actor=u, assignment=a, unit=b.unit, deadline=b.deadline),
    "工作人员改办给另一单位（单位申请调整后）。",
)

# --- the committee's rules and lists -------------------------------------------------------------

ListKind = Literal["categories", "reasons", "answers"]


class ListItemOut(Schema):
    id: int
    committee: int
    name: str
    sort: int
    is_active: bool
    code: str | None = None


class PolicyOut(Schema):
    committee: int
    deadline_months: int
    objection_days: int
    rating_days: int
    number_pattern: str
    between_sessions_pattern: str
    categories: list[ListItemOut]
    reasons: list[ListItemOut]
    answers: list[ListItemOut]


class PolicyIn(In):
    deadline_months: int | None = Field(None, description="办理期限（月），1–24")
    objection_days: int | None = Field(None, description="申请调整期限（天），1–90")
    rating_days: int | None = Field(None, description="评价期限（天），1–365")
    number_pattern: str | None = Field(None, max_length=200, description="如 {term}届{session}次会议第{n:04d}号")
    between_sessions_pattern: str | None = Field(None, max_length=200)


class ListItemIn(In):
    name: str | None = Field(None, max_length=200)
    sort: int | None = Field(None, ge=0, le=100000)
    is_active: bool | None = None
    code: str | None = Field(None, max_length=10, description="答复类别代码（仅 answers）")


class CommitteeQuery(Schema):
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码；默认为调用者所属委员会")


def _rules_committee(user, value):
    from lvzhi.org.models import Committee

    ids = committee_ids(user)
    if value:
        committee = resolve_committee(value, ids)
    else:
        committee = Committee.objects.filter(pk=user.committee_id, pk__in=ids).first() if user.committee_id else None
    if committee is None:
        raise NotFound()
    return committee


def _item_out(item) -> dict:
    return {
        "id": item.pk,
        "committee": item.committee_id,
        "name": item.name,
        "sort": item.sort,
        "is_active": item.is_active,
        "code": getattr(item, "code", None),
    }


def _policy_out(committee) -> dict:
    from lvzhi.proposals import policy

    current = policy.policy_for(committee)
    lists = {
        kind: [_item_out(i) for i in model.objects.filter(committee=committee).order_by("sort", "id")]
        for kind, model in policy.LIST_MODELS.items()
    }
    return {"committee": committee.pk, **{f: getattr(current, f) for f in policy.POLICY_FIELDS}, **lists}


@router.get("/proposal-policy", response={200: PolicyOut, **READ_ERRORS})
def get_policy(request: HttpRequest, query: Query[CommitteeQuery]):
    """The committee's proposal rules and lists (categories, rejection reasons, answer categories)."""
    return _policy_out(_rules_committee(request.auth, query.committee))


@router.patch("/proposal-policy", response={200: PolicyOut, **WRITE_ERRORS})
def update_policy(request: HttpRequest, query: Query[CommitteeQuery], payload: PolicyIn):
    """Change deadlines, windows or numbering patterns (proposals office)."""
    from lvzhi.proposals import policy

    committee = _rules_committee(request.auth, query.committee)
    policy.update_policy(actor=request.auth, committee=committee, data=payload.model_dump(exclude_none=True))
    return _policy_out(committee)


@router.post("/proposal-lists/{kind}/", response={201: ListItemOut, **WRITE_ERRORS})
def create_list_item(request: HttpRequest, kind: ListKind, query: Query[CommitteeQuery], payload: ListItemIn):
    """Add a category, a rejection reason or an answer category (proposals office)."""
    from lvzhi.proposals import policy

    committee = _rules_committee(request.auth, query.committee)
    item = policy.save_list_item(
        actor=request.auth, committee=committee, kind=kind, data=payload.model_dump(exclude_none=True)
    )
    return Status(201, _item_out(item))


@router.patch("/proposal-lists/{kind}/{item_id}", response={200: ListItemOut, **WRITE_ERRORS})
def update_list_item(request: HttpRequest, kind: ListKind, item_id: Id, payload: ListItemIn):
    """Rename, reorder, retire (is_active=false) or restore an entry (proposals office)."""
    from lvzhi.proposals import policy

    item = policy.LIST_MODELS[kind].objects.filter(pk=item_id, committee_id__in=committee_ids(request.auth)).first()
    if item is None:
        raise NotFound()
    item = policy.save_list_item(
        actor=request.auth,
        committee=item.committee_id,
        kind=kind,
        data=payload.model_dump(exclude_none=True),
        item=item,
    )
    return _item_out(item)


__all__ = ["router", "NotFound"]
