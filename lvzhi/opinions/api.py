"""Social-conditions and public-opinion reports over the API: the same visibility and services
as the pages. Submitters create, submit and follow their reports; the information office does
the rest within its scope; a county office's forwarded item is followed by both committees."""

import datetime
import difflib
from typing import Literal

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, UploadedFile

from lvzhi.accounts.models import User
from lvzhi.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    In,
    PageQuery,
    QueryIn,
    get_in,
    get_visible,
    page_of,
    paginate,
)
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.scope import committee_ids
from lvzhi.core.workflow import timeline
from lvzhi.opinions import services
from lvzhi.opinions.choices import (
    AdoptionLevel,
    InstructionLevel,
    IssueKind,
    OpinionState,
    OpinionUrgency,
    RecipientLevel,
    SubmitterKind,
)
from lvzhi.opinions.models import (
    Category,
    InformationOfficer,
    OpinionIssue,
    OpinionReport,
    PartyContact,
    Recipient,
    reads_all_in_scope,
)
from lvzhi.opinions.selectors import filter_reports, with_lists
from lvzhi.opinions.views.common import serve_attachment
from lvzhi.org.models import Committee, Party

router = Router(tags=["opinions"])


# --- Schemas -----------------------------------------------------------------------------------


class OpinionCreditOut(Schema):
    kind: SubmitterKind
    name: str
    member: int | None
    party: int | None
    committee: int | None = Field(None, description="下级政协（上报时）")


class OpinionReportOut(Schema):
    id: int
    committee: int
    state: OpinionState
    submitter_kind: SubmitterKind
    title: str
    category: str
    content: str
    suggestions: str
    area: str
    urgency: OpinionUrgency
    submitted_at: datetime.datetime | None
    issue: int | None
    issue_label: str
    sent_on: datetime.date | None
    feedback: str
    closed_at: datetime.datetime | None
    source: int | None = Field(None, description="下级政协上报的原件 id")
    from_proposal: int | None = Field(None, description="由提案转来时的来源提案 id")
    combined_into: int | None
    credits: list[OpinionCreditOut]


class OpinionStepOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


class OpinionOriginalOut(Schema):
    title: str
    content: str
    suggestions: str


class OpinionInstructionOut(Schema):
    leader: str
    position: str
    level: InstructionLevel
    date: datetime.date
    text: str


class OpinionAdoptionOut(Schema):
    by: AdoptionLevel
    body: str
    reference: str
    date: datetime.date


class OpinionHandlingOut(Schema):
    unit: int | None
    unit_name: str
    date: datetime.date
    result: str


class OpinionSendingOut(Schema):
    recipient: int
    name: str
    level: RecipientLevel
    date: datetime.date


class OpinionForwardOut(Schema):
    id: int
    committee: int
    state: OpinionState
    instructions: list[OpinionInstructionOut]
    adoptions: list[OpinionAdoptionOut]
    timeline: list[OpinionStepOut]


class OpinionFileOut(Schema):
    id: int
    name: str
    size: int
    url: str = Field(..., description="下载地址（仅能看到该信息的人可下载）")


class OpinionReportDetail(OpinionReportOut):
    attachments: list[OpinionFileOut]
    original: OpinionOriginalOut
    edited: bool
    diff: str = Field(..., description="原稿到编辑稿的统一差异（unified diff）")
    warning: str | None = Field(None, description="超过建议字数时的提示")
    instructions: list[OpinionInstructionOut]
    adoptions: list[OpinionAdoptionOut]
    handlings: list[OpinionHandlingOut]
    sendings: list[OpinionSendingOut]
    forwarded: OpinionForwardOut | None = Field(None, description="上报上级政协后的后续情况")
    timeline: list[OpinionStepOut]


class OpinionReportFilter(QueryIn):
    state: str = ""
    year: str = Field("", max_length=4)
    category: str = Field("", max_length=50)
    submitter_kind: str = ""
    party: str = Field("", max_length=12)
    recipient: str = Field("", max_length=12)
    instructed: str = Field("", max_length=5, description="1 有批示 / 0 无批示")
    adopted: str = Field("", max_length=5, description="1 被采用 / 0 未采用")
    committee: str = Field("", max_length=12, description="委员会 id 或行政区划代码")
    mine: bool = Field(False, description="只看本人报送或署名的")
    q: str = Field("", max_length=100)


class OpinionReportIn(In):
    capacity: str | None = Field(None, max_length=30, description="报送身份：member、party:<id>、officer:<id>")
    title: str = Field(..., max_length=200)
    category: str = Field(..., max_length=50, description="类别名称，如“社会民生”")
    content: str = Field(..., max_length=50_000)
    suggestions: str = Field("", max_length=50_000)
    area: str = Field("", max_length=100)
    urgency: OpinionUrgency = OpinionUrgency.NORMAL
    submit: bool = Field(False, description="true：保存后立即提交")


class OpinionEntryIn(In):
    committee: str | int | None = Field(None, description="委员会 id 或行政区划代码（默认本人所在委员会）")
    submitter_kind: Literal["member", "organisation", "officer"]
    member: Id | None = Field(None, description="submitter_kind=member 时：委员 id")
    party: Id | None = Field(None, description="submitter_kind=organisation 时：参加单位 id")
    officer: Id | None = Field(None, description="submitter_kind=officer 时：特邀信息员 id")
    received_on: datetime.date | None = Field(None, description="收到纸质信息的日期（默认今天）")
    title: str = Field(..., max_length=200)
    category: str = Field(..., max_length=50)
    content: str = Field(..., max_length=50_000)
    suggestions: str = Field("", max_length=50_000)
    area: str = Field("", max_length=100)
    urgency: OpinionUrgency = OpinionUrgency.NORMAL


class OpinionReasonIn(In):
    reason: str = Field(..., max_length=2000)


class OpinionNoteIn(In):
    note: str = Field(..., max_length=2000)


class OpinionEditIn(In):
    title: str = Field(..., max_length=200)
    content: str = Field(..., max_length=50_000)
    suggestions: str = Field("", max_length=50_000)


class OpinionCombineIn(In):
    others: list[Id] = Field(..., min_length=1, max_length=100)


class OpinionPublishIn(In):
    issue: Id


class OpinionSendIn(In):
    recipients: list[Id] = Field(..., min_length=1, max_length=100)
    date: datetime.date | None = None


class OpinionInstructIn(In):
    leader: str = Field(..., max_length=50)
    position: str = Field(..., max_length=100)
    level: InstructionLevel
    date: datetime.date
    text: str = Field(..., max_length=5000)


class OpinionAdoptIn(In):
    by: AdoptionLevel
    body: str = Field("", max_length=100, description="采用单位名称（默认为层级名称）")
    reference: str = Field("", max_length=200)
    date: datetime.date | None = None


class OpinionHandleIn(In):
    unit: Id | None = None
    unit_name: str = Field("", max_length=100)
    result: str = Field(..., max_length=5000)
    date: datetime.date | None = None


class OpinionFeedbackIn(In):
    text: str = Field(..., max_length=5000)


class OpinionIssueOut(Schema):
    id: int
    committee: int
    kind: IssueKind
    year: int
    number: int
    label: str
    title: str
    issued_on: datetime.date
    items: list[int]


class OpinionIssueIn(In):
    kind: Literal["regular", "special"] = "regular"
    title: str = Field("", max_length=200)
    committee: str | int | None = Field(None, description="委员会 id 或行政区划代码（默认本人所在委员会）")
    issued_on: datetime.date | None = None


class OpinionIssueFilter(QueryIn):
    year: int | None = Field(None, ge=2000, le=2100)
    kind: Literal["regular", "special", ""] = ""
    committee: str = Field("", max_length=12)


class OpinionRecipientOut(Schema):
    id: int
    committee: int
    name: str
    level: RecipientLevel
    is_active: bool


class OpinionRecipientIn(In):
    name: str = Field(..., max_length=100)
    level: RecipientLevel
    committee: str | int | None = None


class OpinionRecipientPatch(In):
    name: str | None = Field(None, max_length=100)
    level: RecipientLevel | None = None
    sort: int | None = Field(None, ge=0, le=10_000)
    is_active: bool | None = None


# --- Helpers -----------------------------------------------------------------------------------


def _credits(report):
    return [
        {"kind": c.kind, "name": c.name, "member": c.member_id, "party": c.party_id, "committee": c.source_committee_id}
        for c in report.credits.all()
    ]


def _out(r: OpinionReport) -> dict:
    return {
        "id": r.pk,
        "committee": r.committee_id,
        "state": r.state,
        "submitter_kind": r.submitter_kind,
        "title": r.title,
        "category": r.category,
        "content": r.content,
        "suggestions": r.suggestions,
        "area": r.area,
        "urgency": r.urgency,
        "submitted_at": r.submitted_at,
        "issue": r.issue_id,
        "issue_label": r.issue.label if r.issue_id else "",
        "sent_on": r.sent_on,
        "feedback": r.feedback_text,
        "closed_at": r.closed_at,
        "source": r.source_id,
        "from_proposal": r.from_proposal_id,
        "combined_into": r.combined_into_id,
        "credits": _credits(r),
    }


def _steps(report):
    return [
        {"from": t.from_state, "to": t.to_state, "action": t.action, "actor": str(t.actor) if t.actor else None,
         "at": t.at, "note": t.note}
        for t in timeline(report)
    ]  # fmt: skip


def _instructions(report):
    return [
        {"leader": i.leader, "position": i.position, "level": i.level, "date": i.given_on, "text": i.text}
        for i in report.instructions.all()
    ]


def _adoptions(report):
    return [
        {"by": a.level, "body": a.body, "reference": a.reference, "date": a.adopted_on} for a in report.adoptions.all()
    ]


def _file(report, f) -> dict:
    return {"id": f.pk, "name": f.name, "size": f.size, "url": f"/api/v1/opinions/{report.pk}/attachments/{f.pk}"}


def _files(report) -> list[dict]:
    return [_file(report, f) for f in report.attachments.all()]


def _detail(report: OpinionReport) -> dict:
    diff = "\n".join(
        difflib.unified_diff(
            f"{report.original_title}\n\n{report.original_content}\n\n{report.original_suggestions}".splitlines(),
            f"{report.title}\n\n{report.content}\n\n{report.suggestions}".splitlines(),
            "original",
            "edited",
            lineterm="",
        )
    )
    forward = report.forwards.first()
    return {
        **_out(report),
        "original": {
            "title": report.original_title,
            "content": report.original_content,
            "suggestions": report.original_suggestions,
        },
        "attachments": _files(report),
        "edited": report.is_edited,
        "diff": diff,
        "warning": services.length_warning(report.committee_id, report.content),
        "instructions": _instructions(report),
        "adoptions": _adoptions(report),
        "handlings": [
            {"unit": h.unit_id, "unit_name": h.unit_name, "date": h.handled_on, "result": h.result}
            for h in report.handlings.all()
        ],
        "sendings": [
            {"recipient": s.recipient_id, "name": s.recipient.name, "level": s.recipient.level, "date": s.sent_on}
            for s in report.sendings.select_related("recipient")
        ],
        "forwarded": {
            "id": forward.pk,
            "committee": forward.committee_id,
            "state": forward.state,
            "instructions": _instructions(forward),
            "adoptions": _adoptions(forward),
            "timeline": _steps(forward),
        }
        if forward
        else None,
        "timeline": _steps(report),
    }


def _get(request, pk) -> OpinionReport:
    return get_visible(
        OpinionReport.objects.select_related("committee", "committee__parent", "issue", "source"), request.auth, pk
    )


def _committee(user, value) -> Committee:
    if value in (None, ""):
        value = user.committee_id
    key = str(value).strip()
    found = (
        Committee.objects.filter(id__in=committee_ids(user))
        .filter(Q(code=key) | Q(pk=int(key) if key.isdigit() and len(key) < 10 else 0))
        .first()
    )
    if found is None:
        raise Invalid(errors={"committee": [_("请选择您范围内的委员会。")]})
    return found


def _require_office(user):
    if not user.has_module_perm("opinions"):
        raise Forbidden()


# --- Reports -----------------------------------------------------------------------------------


@router.get("/opinions/", response={200: page_of(OpinionReportOut), **READ_ERRORS})
def list_reports(request, filters: Query[OpinionReportFilter], paging: PageQuery):
    user = request.auth
    if not (reads_all_in_scope(user) or services.capacities(user)):
        raise Forbidden()
    qs = OpinionReport.objects.visible_to(user)
    params = filters.dict()
    if params.pop("mine") or not reads_all_in_scope(user):
        mine = Q(created_by=user) | Q(credits__user=user)
        if user.member_id:
            mine |= Q(credits__member_id=user.member_id)
        qs = qs.filter(pk__in=OpinionReport.objects.filter(mine).values("pk"))
    qs = with_lists(filter_reports(qs, params, allowed_committees=committee_ids(user)))
    page = paginate(qs.order_by("-submitted_at", "-id"), paging.page, paging.page_size)
    return {"items": [_out(r) for r in page["items"]], "count": page["count"]}


@router.post("/opinions/", response={201: OpinionReportDetail, **WRITE_ERRORS})
def create_report(request, payload: OpinionReportIn):
    data = payload.model_dump(exclude={"capacity", "submit"})
    report = services.create_report(actor=request.auth, data=data, capacity=payload.capacity, submit=payload.submit)
    return 201, _detail(report)


@router.post("/opinions/entries", response={201: OpinionReportDetail, **WRITE_ERRORS})
def enter_report(request, payload: OpinionEntryIn):
    """The information office enters a paper report on a submitter's behalf (纸质报送): the member,
    organisation or information officer credited is chosen; the report is submitted at once,
    dated when it was received, and the credited submitter is told."""
    _require_office(request.auth)
    committee = _committee(request.auth, payload.committee)
    submitter = {"member": payload.member, "organisation": payload.party, "officer": payload.officer}
    data = payload.model_dump(include={"title", "category", "content", "suggestions", "area", "urgency"})
    report = services.enter_report(
        actor=request.auth,
        committee=committee,
        submitter_kind=payload.submitter_kind,
        submitter=submitter[payload.submitter_kind],
        data=data,
        received_on=payload.received_on,
    )
    return 201, _detail(report)


@router.post("/opinions/{id}/attachments", response={201: OpinionFileOut, **WRITE_ERRORS})
def attach_file(request, id: Id, file: File[UploadedFile]):
    """Upload a file (multipart/form-data, field `file`; pdf, docx, doc, xlsx, jpg, png, zip). The
    writer while the report is a draft or just submitted; the office while the item is alive."""
    report = _get(request, id)
    attachment = services.add_attachment(actor=request.auth, report=report, upload=file)
    return 201, _file(report, attachment)


@router.get("/opinions/{id}/attachments/{file_id}", response={200: None, **READ_ERRORS})
def download_file(request, id: Id, file_id: Id):
    """The file, as a download, for whoever may see the report."""
    report = _get(request, id)
    attachment = services.file_of(report, file_id)
    if attachment is None:
        raise NotFound()
    return serve_attachment(attachment)


@router.delete("/opinions/{id}/attachments/{file_id}", response={204: None, **WRITE_ERRORS})
def remove_file(request, id: Id, file_id: Id):
    report = _get(request, id)
    if services.file_of(report, file_id) is None:
        raise NotFound()
    services.remove_attachment(actor=request.auth, report=report, attachment_id=file_id)
    return 204, None


@router.get("/opinions/{id}", response={200: OpinionReportDetail, **READ_ERRORS})
def get_report(request, id: Id):
    return _detail(_get(request, id))


def _action(path, body=None):
    """Register POST /opinions/{id}/<path> calling `call(user, report, payload)`."""

    def decorator(call):
        if body is None:

            @router.post(
                f"/opinions/{{id}}/{path}",
                response={200: OpinionReportDetail, **WRITE_ERRORS},
                operation_id=f"opinion_{path}",
            )
            def endpoint(request, id: Id):
                report = _get(request, id)
                result = call(request.auth, report, None)
                return _detail(result or report)

        else:

            @router.post(
                f"/opinions/{{id}}/{path}",
                response={200: OpinionReportDetail, **WRITE_ERRORS},
                operation_id=f"opinion_{path}",
            )
            def endpoint(request, id: Id, payload: body):  # type: ignore[valid-type]
                report = _get(request, id)
                result = call(request.auth, report, payload)
                return _detail(result or report)

        endpoint.__name__ = f"opinion_{path}"
        return call

    return decorator


@_action("submit")
def _submit(user, report, payload):
    return services.submit_report(actor=user, report=report)


@_action("accept")
def _accept(user, report, payload):
    return services.accept_report(actor=user, report=report)


@_action("reject", OpinionReasonIn)
def _reject(user, report, payload):
    return services.reject_report(actor=user, report=report, reason=payload.reason)


@_action("return", OpinionNoteIn)
def _return(user, report, payload):
    return services.return_report(actor=user, report=report, note=payload.note)


@_action("edit", OpinionEditIn)
def _edit(user, report, payload):
    return services.edit_report(
        actor=user, report=report, title=payload.title, content=payload.content, suggestions=payload.suggestions
    )


@_action("combine", OpinionCombineIn)
def _combine(user, report, payload):
    return services.combine_reports(actor=user, report=report, others=payload.others)


@_action("publish", OpinionPublishIn)
def _publish(user, report, payload):
    services.REPORT_FLOW.rule_for(report, "publish")
    issue = OpinionIssue.objects.filter(committee_id=report.committee_id, pk=payload.issue).first()
    if issue is None:
        if not services.can_manage(user, report.committee_id):
            raise Forbidden()
        raise Invalid(errors={"issue": [_("请选择本委员会的期刊。")]})
    return services.publish_report(actor=user, report=report, issue=issue)


@_action("send", OpinionSendIn)
def _send(user, report, payload):
    return services.send_report(actor=user, report=report, recipients=payload.recipients, date=payload.date)


@_action("forward")
def _forward(user, report, payload):
    services.forward_report(actor=user, report=report)
    return OpinionReport.objects.select_related("committee", "issue").get(pk=report.pk)


@_action("instruct", OpinionInstructIn)
def _instruct(user, report, payload):
    services.record_instruction(
        actor=user,
        report=report,
        leader=payload.leader,
        position=payload.position,
        level=payload.level,
        date=payload.date,
        text=payload.text,
    )


@_action("adopt", OpinionAdoptIn)
def _adopt(user, report, payload):
    services.record_adoption(
        actor=user, report=report, by=payload.by, body=payload.body, reference=payload.reference, date=payload.date
    )


@_action("handle", OpinionHandleIn)
def _handle(user, report, payload):
    services.record_handling(
        actor=user,
        report=report,
        unit=payload.unit,
        unit_name=payload.unit_name,
        result=payload.result,
        date=payload.date,
    )


@_action("feedback", OpinionFeedbackIn)
def _feedback(user, report, payload):
    return services.give_feedback(actor=user, report=report, text=payload.text)


# --- Issues and recipients ---------------------------------------------------------------------


def _issue(issue: OpinionIssue) -> dict:
    return {
        "id": issue.pk,
        "committee": issue.committee_id,
        "kind": issue.kind,
        "year": issue.year,
        "number": issue.number,
        "label": issue.label,
        "title": issue.title,
        "issued_on": issue.issued_on,
        "items": [r.pk for r in issue.items.all()],
    }


@router.get("/opinion-issues/", response={200: page_of(OpinionIssueOut), **READ_ERRORS})
def list_issues(request, filters: Query[OpinionIssueFilter], paging: PageQuery):
    if not reads_all_in_scope(request.auth):
        raise Forbidden()
    qs = OpinionIssue.objects.visible_to(request.auth).prefetch_related("items")
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.committee:
        qs = qs.filter(committee=_committee(request.auth, filters.committee))
    page = paginate(qs.order_by("-year", "-number", "-id"), paging.page, paging.page_size)
    return {"items": [_issue(i) for i in page["items"]], "count": page["count"]}


@router.post("/opinion-issues/", response={201: OpinionIssueOut, **WRITE_ERRORS})
def create_issue(request, payload: OpinionIssueIn):
    _require_office(request.auth)
    committee = _committee(request.auth, payload.committee)
    issue = services.create_issue(
        actor=request.auth, committee=committee, kind=payload.kind, title=payload.title, issued_on=payload.issued_on
    )
    return 201, _issue(issue)


@router.get("/opinion-issues/{id}", response={200: OpinionIssueOut, **READ_ERRORS})
def get_issue(request, id: Id):
    if not reads_all_in_scope(request.auth):
        raise NotFound()
    return _issue(get_visible(OpinionIssue.objects.all(), request.auth, id))


@router.get("/opinion-recipients/", response={200: page_of(OpinionRecipientOut), **READ_ERRORS})
def list_recipients(request, paging: PageQuery, committee: str = ""):
    if not reads_all_in_scope(request.auth):
        raise Forbidden()
    qs = Recipient.objects.visible_to(request.auth)
    if committee:
        qs = qs.filter(committee=_committee(request.auth, committee))
    page = paginate(qs.order_by("committee__path", "sort", "id"), paging.page, paging.page_size)
    items = [
        {"id": r.pk, "committee": r.committee_id, "name": r.name, "level": r.level, "is_active": r.is_active}
        for r in page["items"]
    ]
    return {"items": items, "count": page["count"]}


@router.post("/opinion-recipients/", response={201: OpinionRecipientOut, **WRITE_ERRORS})
def create_recipient(request, payload: OpinionRecipientIn):
    _require_office(request.auth)
    committee = _committee(request.auth, payload.committee)
    r = services.create_recipient(actor=request.auth, committee=committee, name=payload.name, level=payload.level)
    return 201, {"id": r.pk, "committee": r.committee_id, "name": r.name, "level": r.level, "is_active": r.is_active}


@router.patch("/opinion-recipients/{id}", response={200: OpinionRecipientOut, **WRITE_ERRORS})
def update_recipient(request, id: Id, payload: OpinionRecipientPatch):
    _require_office(request.auth)
    recipient = get_in(_managed(request.auth, Recipient), id)
    r = services.update_recipient(actor=request.auth, recipient=recipient, **payload.model_dump(exclude_unset=True))
    return {"id": r.pk, "committee": r.committee_id, "name": r.name, "level": r.level, "is_active": r.is_active}


def _managed(user, model):
    """The rows of committees this user's office manages."""
    return model.objects.filter(committee_id__in=[c for c in committee_ids(user) if services.can_manage(user, c)])


def _reader_rows(user, model, committee):
    if not reads_all_in_scope(user):
        raise Forbidden()
    qs = model.objects.visible_to(user)
    if committee:
        qs = qs.filter(committee=_committee(user, committee))
    return qs


# --- Categories ----------------------------------------------------------------------------------


class OpinionCategoryOut(Schema):
    id: int
    committee: int
    name: str
    sort: int
    is_active: bool


class OpinionCategoryIn(In):
    name: str = Field(..., max_length=50)
    committee: str | int | None = None


class OpinionCategoryPatch(In):
    name: str | None = Field(None, max_length=50)
    sort: int | None = Field(None, ge=0, le=10_000)
    is_active: bool | None = None


def _category(c) -> dict:
    return {"id": c.pk, "committee": c.committee_id, "name": c.name, "sort": c.sort, "is_active": c.is_active}


@router.get("/opinion-categories/", response={200: page_of(OpinionCategoryOut), **READ_ERRORS})
def list_categories(request, paging: PageQuery, committee: str = ""):
    """A committee's own categories (empty while it uses the defaults: 经济发展, 社会民生 …)."""
    qs = _reader_rows(request.auth, Category, committee)
    page = paginate(qs.order_by("committee__path", "sort", "id"), paging.page, paging.page_size)
    return {"items": [_category(c) for c in page["items"]], "count": page["count"]}


@router.post("/opinion-categories/", response={201: OpinionCategoryOut, **WRITE_ERRORS})
def create_category(request, payload: OpinionCategoryIn):
    """A new category (the first one starts the committee's own list from the defaults)."""
    _require_office(request.auth)
    committee = _committee(request.auth, payload.committee)
    return 201, _category(services.create_category(actor=request.auth, committee=committee, name=payload.name))


@router.patch("/opinion-categories/{id}", response={200: OpinionCategoryOut, **WRITE_ERRORS})
def update_category(request, id: Id, payload: OpinionCategoryPatch):
    _require_office(request.auth)
    category = get_in(_managed(request.auth, Category), id)
    changes = payload.model_dump(exclude_unset=True)
    return _category(services.update_category(actor=request.auth, category=category, **changes))


# --- Information officers and organisation contacts ------------------------------------------------


class OpinionOfficerOut(Schema):
    id: int
    committee: int
    user: int
    username: str
    name: str
    workplace: str
    party: int | None
    appointed_on: datetime.date | None
    is_active: bool


class OpinionOfficerIn(In):
    committee: str | int | None = None
    username: str = Field(..., max_length=150, description="本委员会的账号")
    name: str = Field(..., max_length=50)
    workplace: str = Field("", max_length=200)
    party: Id | None = None


class OpinionOfficerPatch(In):
    name: str | None = Field(None, max_length=50)
    workplace: str | None = Field(None, max_length=200)
    party: Id | None = Field(None, description="参加单位 id；null 清除")
    is_active: bool | None = Field(None, description="false：解聘；true：续聘")


def _officer(o) -> dict:
    return {"id": o.pk, "committee": o.committee_id, "user": o.user_id, "username": o.user.username, "name": o.name,
            "workplace": o.workplace, "party": o.party_id, "appointed_on": o.appointed_on,
            "is_active": o.is_active}  # fmt: skip


def _party(committee_id, pk):
    if pk is None:
        return None
    party = Party.objects.filter(committee_id=committee_id, pk=pk).first()
    if party is None:
        raise Invalid(errors={"party": [_("请选择本委员会的参加单位。")]})
    return party


def _account(committee, username):
    user = User.objects.filter(committee=committee, username=str(username or "").strip()).first()
    if user is None:
        raise Invalid(errors={"username": [_("请选择本委员会的账号。")]})
    return user


@router.get("/opinion-officers/", response={200: page_of(OpinionOfficerOut), **READ_ERRORS})
def list_officers(request, paging: PageQuery, committee: str = ""):
    qs = _reader_rows(request.auth, InformationOfficer, committee).select_related("user")
    page = paginate(qs.order_by("committee__path", "name", "id"), paging.page, paging.page_size)
    return {"items": [_officer(o) for o in page["items"]], "count": page["count"]}


@router.post("/opinion-officers/", response={201: OpinionOfficerOut, **WRITE_ERRORS})
def appoint_officer(request, payload: OpinionOfficerIn):
    _require_office(request.auth)
    committee = _committee(request.auth, payload.committee)
    officer = services.appoint_officer(
        actor=request.auth,
        committee=committee,
        user=_account(committee, payload.username),
        name=payload.name,
        workplace=payload.workplace,
        party=_party(committee.pk, payload.party),
    )
    return 201, _officer(officer)


@router.patch("/opinion-officers/{id}", response={200: OpinionOfficerOut, **WRITE_ERRORS})
def update_officer(request, id: Id, payload: OpinionOfficerPatch):
    _require_office(request.auth)
    officer = get_in(_managed(request.auth, InformationOfficer).select_related("user"), id)
    changes = payload.model_dump(exclude_unset=True)
    if "party" in changes:
        changes["party"] = _party(officer.committee_id, changes["party"])
    return _officer(services.update_officer(actor=request.auth, officer=officer, **changes))


class OpinionContactOut(Schema):
    id: int
    committee: int
    party: int
    user: int
    username: str
    is_active: bool


class OpinionContactIn(In):
    committee: str | int | None = None
    party: Id
    username: str = Field(..., max_length=150)


class OpinionContactPatch(In):
    party: Id | None = None
    username: str | None = Field(None, max_length=150)
    is_active: bool | None = None


def _contact(c) -> dict:
    return {"id": c.pk, "committee": c.committee_id, "party": c.party_id, "user": c.user_id,
            "username": c.user.username, "is_active": c.is_active}  # fmt: skip


@router.get("/opinion-contacts/", response={200: page_of(OpinionContactOut), **READ_ERRORS})
def list_contacts(request, paging: PageQuery, committee: str = ""):
    qs = _reader_rows(request.auth, PartyContact, committee).select_related("user")
    page = paginate(qs.order_by("committee__path", "party", "id"), paging.page, paging.page_size)
    return {"items": [_contact(c) for c in page["items"]], "count": page["count"]}


@router.post("/opinion-contacts/", response={201: OpinionContactOut, **WRITE_ERRORS})
def add_contact(request, payload: OpinionContactIn):
    _require_office(request.auth)
    committee = _committee(request.auth, payload.committee)
    contact = services.add_party_contact(
        actor=request.auth,
        committee=committee,
        party=_party(committee.pk, payload.party),
        user=_account(committee, payload.username),
    )
    return 201, _contact(contact)


@router.patch("/opinion-contacts/{id}", response={200: OpinionContactOut, **WRITE_ERRORS})
def update_contact(request, id: Id, payload: OpinionContactPatch):
    _require_office(request.auth)
    contact = get_in(_managed(request.auth, PartyContact).select_related("user", "committee"), id)
    changes = payload.model_dump(exclude_unset=True)
    contact = services.update_contact(
        actor=request.auth,
        contact=contact,
        party=_party(contact.committee_id, changes["party"]) if changes.get("party") else None,
        user=_account(contact.committee, changes["username"]) if changes.get("username") else None,
        is_active=changes.get("is_active"),
    )
    return _contact(contact)
