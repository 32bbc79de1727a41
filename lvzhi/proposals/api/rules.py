"""The committee's proposal rules and lists: `/proposal-policy` (deadlines, windows, numbering
patterns) and `/proposal-lists/<kind>/` (categories, rejection reasons, answer categories)."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, In, QueryIn
from lvzhi.core.errors import NotFound
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.org.models import Committee
from lvzhi.proposals import rules, services

router = Router(tags=["proposals"])

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


class CommitteeQuery(QueryIn):
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码；默认为调用者所属委员会")


def _rules_committee(user, value):
    ids = committee_ids(user)
    if value:
        committee = committee_named(value, ids)
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
    current = rules.read_policy(committee)
    lists = {
        kind: [_item_out(i) for i in model.objects.filter(committee=committee).order_by("sort", "id")]
        for kind, model in rules.LIST_MODELS.items()
    }
    return {"committee": committee.pk, **{f: getattr(current, f) for f in rules.POLICY_FIELDS}, **lists}


@router.get("/proposal-policy", response={200: PolicyOut, **READ_ERRORS})
def get_policy(request: HttpRequest, query: Query[CommitteeQuery]):
    """The committee's proposal rules and lists (categories, rejection reasons, answer categories)."""
    return _policy_out(_rules_committee(request.auth, query.committee))


@router.patch("/proposal-policy", response={200: PolicyOut, **WRITE_ERRORS})
def update_policy(request: HttpRequest, query: Query[CommitteeQuery], payload: PolicyIn):
    """Change deadlines, windows or numbering patterns (proposals office)."""
    committee = _rules_committee(request.auth, query.committee)
    services.update_policy(actor=request.auth, committee=committee, data=payload.model_dump(exclude_none=True))
    return _policy_out(committee)


@router.post("/proposal-lists/{kind}/", response={201: ListItemOut, **WRITE_ERRORS})
def create_list_item(request: HttpRequest, kind: ListKind, query: Query[CommitteeQuery], payload: ListItemIn):
    """Add a category, a rejection reason or an answer category (proposals office)."""
    committee = _rules_committee(request.auth, query.committee)
    item = services.save_list_item(
        actor=request.auth, committee=committee, kind=kind, data=payload.model_dump(exclude_none=True)
    )
    return Status(201, _item_out(item))


@router.patch("/proposal-lists/{kind}/{item_id}", response={200: ListItemOut, **WRITE_ERRORS})
def update_list_item(request: HttpRequest, kind: ListKind, item_id: Id, payload: ListItemIn):
    """Rename, reorder, retire (is_active=false) or restore an entry (proposals office)."""
    item = rules.LIST_MODELS[kind].objects.filter(pk=item_id, committee_id__in=committee_ids(request.auth)).first()
    if item is None:
        raise NotFound()
    item = services.save_list_item(
        actor=request.auth,
        committee=item.committee_id,
        kind=kind,
        data=payload.model_dump(exclude_none=True),
        item=item,
    )
    return _item_out(item)
