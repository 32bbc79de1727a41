"""`/proposals/` lists (with the page filters) and creates drafts; `/proposals/{id}` is the detail
with its timeline; `POST /proposals/{id}/<action>` runs one action of the proposal action table;
`/proposals/{id}/attachments` are a draft's files (and, to download, every file of the proposal),
`/proposals/{id}/supervisions/{sid}/attachments` a supervision record's."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, PageQuery, page_of
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.proposals import attachments, services
from lvzhi.proposals.actions import ASSIGNMENT_ACTIONS, PROPOSAL_ACTIONS
from lvzhi.proposals.api.output import _detail, _file, _load, _proposal_assignment, _row
from lvzhi.proposals.filters import ProposalFilter, filter_proposals
from lvzhi.proposals.paging import api_page
from lvzhi.proposals.schemas import (
    EvaluateIn,
    FileOut,
    ProposalFilterIn,
    ProposalIn,
    ProposalOut,
    ProposalRow,
    ReopenIn,
)

router = Router(tags=["proposals"])


def _draft_data(payload) -> dict:
    data = payload.model_dump(exclude={"committee"})
    if data.get("session") is None:
        data.pop("session")
    elif data["session"] == "between":
        data["session"] = ""
    return data


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
        committee = committee_named(str(payload.committee), committee_ids(user))
        if committee is None:
            raise Invalid(errors={"committee": [_("请选择您范围内的委员会。")]})
    data = _draft_data(payload)
    if committee is None and not getattr(user, "committee", None):
        raise Forbidden()
    proposal = services.create_proposal(actor=user, committee=committee, data=data)
    return Status(201, _detail(proposal, user))


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **READ_ERRORS})
def get_proposal(request: HttpRequest, proposal_id: Id):
    return _detail(_load(request.auth, proposal_id), request.auth, loaded=True)


@router.patch("/proposals/{proposal_id}", response={200: ProposalOut, **WRITE_ERRORS})
def update_proposal(request: HttpRequest, proposal_id: Id, payload: ProposalIn):
    p = _load(request.auth, proposal_id)
    services.update_proposal(actor=request.auth, proposal=p, data=_draft_data(payload))
    return _detail(p, request.auth)


mount_api(
    router,
    PROPOSAL_ACTIONS,
    load=_load,
    out=ProposalOut,
    render=_detail,
    errors=WRITE_ERRORS,
    tags=["proposals"],
)


def _on_assignment(name, schema, doc):
    """`POST /proposals/{id}/<name>` with the assignment in the body: the assignment action table's
    action, on one of this proposal's assignments (the same as `/assignments/{id}/<name>`)."""

    def endpoint(request: HttpRequest, proposal_id: Id, payload: schema):  # type: ignore[valid-type]
        p = _load(request.auth, proposal_id)
        a = _proposal_assignment(request.auth, p, payload.assignment)
        ASSIGNMENT_ACTIONS.run(name, actor=request.auth, obj=a, data=payload.model_dump(exclude={"assignment"}))
        return _detail(p, request.auth)

    endpoint.__name__ = f"proposal_{name}"
    endpoint.__doc__ = doc
    router.post(f"/proposals/{{proposal_id}}/{name}", response={200: ProposalOut, **WRITE_ERRORS})(endpoint)


_on_assignment("evaluate", EvaluateIn, "提案人评价一个答复单位（交办 id 在请求体中）。")
_on_assignment("reopen", ReopenIn, "不满意时重办该单位的交办（交办 id 在请求体中）。")


@router.post("/proposals/{proposal_id}/attachments", response={201: FileOut, **WRITE_ERRORS})
def attach_file(request: HttpRequest, proposal_id: Id, file: File[UploadedFile]):
    """Add a file to a draft (multipart/form-data, field `file`): its first proposer, or the office
    entering a paper proposal."""
    p = _load(request.auth, proposal_id)
    attachment = services.add_draft_attachment(actor=request.auth, proposal=p, upload=file)
    return Status(201, _file(p, attachment))


@router.get("/proposals/{proposal_id}/attachments/{file_id}", response={200: None, **READ_ERRORS})
def download_file(request: HttpRequest, proposal_id: Id, file_id: Id):
    """A file of the proposal (its own, a supervision record's, or a visible reply letter), as a download."""
    p = _load(request.auth, proposal_id)
    attachment = attachments.file_of(p, file_id, request.auth)
    if attachment is None:
        raise NotFound()
    return attachments.serve(attachment)


@router.delete("/proposals/{proposal_id}/attachments/{file_id}", response={204: None, **WRITE_ERRORS})
def remove_file(request: HttpRequest, proposal_id: Id, file_id: Id):
    """Remove a file from a draft."""
    p = _load(request.auth, proposal_id)
    services.remove_draft_attachment(actor=request.auth, proposal=p, attachment_id=file_id)
    return Status(204, None)


@router.post(
    "/proposals/{proposal_id}/supervisions/{supervision_id}/attachments", response={201: FileOut, **WRITE_ERRORS}
)
def attach_supervision_file(request: HttpRequest, proposal_id: Id, supervision_id: Id, file: File[UploadedFile]):
    """Add a file (minutes, photos) to one of the proposal's supervision records (proposals office)."""
    p = _load(request.auth, proposal_id)
    supervision = p.supervisions.filter(pk=supervision_id).first()
    if supervision is None:
        raise NotFound()
    attachment = services.add_supervision_attachment(actor=request.auth, supervision=supervision, upload=file)
    return Status(201, _file(p, attachment))
