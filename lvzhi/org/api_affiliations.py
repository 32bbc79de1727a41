"""驻地委员 over the API: the links of members of higher committees to the caller's committees
(list, add, end) — the same services and refusals as the pages."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from lvzhi.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    Day,
    Id,
    In,
    PageQuery,
    QueryIn,
    Ref,
    get_visible,
    page_of,
    paginate,
)
from lvzhi.core.errors import Forbidden
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.org import services
from lvzhi.org.api import can_read_members, scope_committee
from lvzhi.org.choices import AffiliationKind
from lvzhi.org.models import Affiliation

router = Router(tags=["org"])


class AffiliationOut(Schema):
    id: int
    committee: int
    member: Ref
    seat_committee: Ref
    kind: AffiliationKind
    started_on: datetime.date
    ended_on: datetime.date | None
    note: str


class AffiliationIn(In):
    committee: int | str = Field(..., description="所在地委员会 id 或行政区划代码")
    member: Id = Field(..., description="上级政协的在任委员")
    kind: AffiliationKind = AffiliationKind.RESIDENT
    started_on: Day
    note: str = Field("", max_length=200)


class AffiliationEndIn(In):
    ended_on: Day


class AffiliationFilter(QueryIn):
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码")
    current: bool = Field(False, description="true：只列今天有效的")


def _out(a: Affiliation) -> dict:
    return {
        "id": a.pk,
        "committee": a.committee_id,
        "member": {"id": a.member_id, "name": a.member.name},
        "seat_committee": {"id": a.seat_committee_id, "name": a.seat_committee.short_name},
        "kind": a.kind,
        "started_on": a.started_on,
        "ended_on": a.ended_on,
        "note": a.note,
    }


def _links(user):
    if not can_read_members(user):
        raise Forbidden()
    return Affiliation.objects.filter(committee_id__in=committee_ids(user)).select_related("member", "seat_committee")


@router.get("/affiliations/", response={200: page_of(AffiliationOut), **READ_ERRORS})
def list_affiliations(request: HttpRequest, filters: Query[AffiliationFilter], paging: PageQuery):
    """The 驻地委员 of the caller's committees (staff with the members permission, leaders)."""
    qs = _links(request.auth).order_by("committee__path", "member__name_pinyin", "id")
    if filters.committee:
        committee = committee_named(filters.committee.strip(), committee_ids(request.auth))
        qs = qs.filter(committee=committee) if committee else qs.none()
    if filters.current:
        qs = qs.active_on(timezone.localdate())
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_out(a) for a in page["items"]], "count": page["count"]}


@router.post("/affiliations/", response={201: AffiliationOut, **WRITE_ERRORS})
def create_affiliation(request: HttpRequest, payload: AffiliationIn):
    """Link a member seated in a higher committee to a committee of the caller's scope."""
    committee = scope_committee(request.auth, payload.committee)
    link = services.add_affiliation(
        actor=request.auth,
        committee=committee,
        member_id=payload.member,
        kind=payload.kind,
        started_on=payload.started_on,
        note=payload.note,
    )
    return Status(201, _out(link))


@router.post("/affiliations/{id}/end", response={200: AffiliationOut, **WRITE_ERRORS})
def end_affiliation(request: HttpRequest, id: Id, payload: AffiliationEndIn):
    """End a link from a date; an ended one answers 409."""
    link = get_visible(_links(request.auth), request.auth, id)
    services.end_affiliation(actor=request.auth, affiliation=link, ended_on=payload.ended_on)
    return _out(link)
