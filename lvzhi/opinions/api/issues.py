"""Bulletin issues and recipients over the API."""

from ninja import Query

from lvzhi.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PageQuery,
    get_in,
    get_visible,
    page_of,
    paginate,
)
from lvzhi.core.errors import Forbidden, NotFound
from lvzhi.opinions import services
from lvzhi.opinions.api.common import committee_in_scope, managed_rows, require_office, router
from lvzhi.opinions.models import (
    OpinionIssue,
    Recipient,
    reads_all_in_scope,
)
from lvzhi.opinions.schemas import (
    OpinionCommitteeIn,
    OpinionIssueFilter,
    OpinionIssueIn,
    OpinionIssueOut,
    OpinionRecipientIn,
    OpinionRecipientOut,
    OpinionRecipientPatch,
)


def _recipient(r: Recipient) -> dict:
    return {"id": r.pk, "committee": r.committee_id, "name": r.name, "level": r.level, "is_active": r.is_active}


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
        qs = qs.filter(committee=committee_in_scope(request.auth, filters.committee))
    page = paginate(qs.order_by("-year", "-number", "-id"), paging.page, paging.page_size)
    return {"items": [_issue(i) for i in page["items"]], "count": page["count"]}


@router.post("/opinion-issues/", response={201: OpinionIssueOut, **WRITE_ERRORS})
def create_issue(request, payload: OpinionIssueIn):
    require_office(request.auth)
    committee = committee_in_scope(request.auth, payload.committee)
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
        qs = qs.filter(committee=committee_in_scope(request.auth, committee))
    page = paginate(qs.order_by("committee__path", "sort", "id"), paging.page, paging.page_size)
    return {"items": [_recipient(r) for r in page["items"]], "count": page["count"]}


@router.post("/opinion-recipients/", response={201: OpinionRecipientOut, **WRITE_ERRORS})
def create_recipient(request, payload: OpinionRecipientIn):
    require_office(request.auth)
    committee = committee_in_scope(request.auth, payload.committee)
    r = services.create_recipient(actor=request.auth, committee=committee, name=payload.name, level=payload.level)
    return 201, _recipient(r)


@router.post("/opinion-recipients/defaults", response={200: list[OpinionRecipientOut], **WRITE_ERRORS})
def seed_recipients(request, payload: OpinionCommitteeIn):
    """The usual recipients (市委、市政府 …), for a committee whose list is still empty; returns the list."""
    require_office(request.auth)
    committee = committee_in_scope(request.auth, payload.committee)
    services.seed_default_recipients(actor=request.auth, committee=committee)
    return [_recipient(r) for r in Recipient.objects.filter(committee=committee).order_by("sort", "id")]


@router.patch("/opinion-recipients/{id}", response={200: OpinionRecipientOut, **WRITE_ERRORS})
def update_recipient(request, id: Id, payload: OpinionRecipientPatch):
    require_office(request.auth)
    recipient = get_in(managed_rows(request.auth, Recipient), id)
    r = services.update_recipient(actor=request.auth, recipient=recipient, **payload.model_dump(exclude_unset=True))
    return _recipient(r)
