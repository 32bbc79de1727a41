"""The library over the API: the rules with the text of every version (members read their
committee's), correcting a version, and the reference documents (read by those addressed; written
by the statistics office). Mounted on the statistics router (lvzhi.stats.api)."""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Day, Id, In, PageQuery, QueryIn, get_visible, page_of, paginate
from lvzhi.core.errors import Invalid, NotFound
from lvzhi.org.audience import AudienceKind
from lvzhi.org.choices import MemberRole
from lvzhi.stats import library, selectors, services
from lvzhi.stats.choices import ReferenceKind, RegulationKind
from lvzhi.stats.models import RegulationRevision

router = Router(tags=["library"])


class VersionOut(Schema):
    number: int = Field(..., description="1 为初次制定的文本")
    step: Literal["established", "revised"]
    date: datetime.date
    adopted_by: str
    note: str
    text: str
    revision_id: int | None = Field(None, description="修订的 id（修改该版本时用）；初次制定的版本为 null")


class LibraryRegulationOut(Schema):
    id: int
    committee: str
    title: str
    kind: RegulationKind
    adopted_on: datetime.date
    repealed_on: datetime.date | None
    document_number: str
    note: str
    adopted_by: str
    text: str = Field(..., description="现行文本（最新一个录入了全文的版本）")
    versions: list[VersionOut]


class RevisionPatch(In):
    revised_on: Day | None = None
    note: str | None = Field(None, max_length=500)
    adopted_by: str | None = Field(None, max_length=200)
    text: str | None = Field(None, max_length=200_000)


def _library_regulation_out(r) -> dict:
    versions = library.versions(r)
    return {
        **{
            name: getattr(r, name)
            for name in ("title", "kind", "adopted_on", "repealed_on", "document_number", "note", "adopted_by")
        },
        "id": r.pk,
        "committee": r.committee.code,
        "versions": [
            {
                "number": v.number,
                "step": v.step,
                "date": v.date,
                "adopted_by": v.adopted_by,
                "note": v.note,
                "text": v.text,
                "revision_id": v.revision_id,
            }
            for v in versions
        ],
        "text": library.current_text(versions),
    }


def _library_rules(user):
    return library.regulations_for(user).prefetch_related("revisions")


def _none_is_invalid(data: dict) -> None:
    if any(v is None for v in data.values()):
        raise Invalid(errors={k: [_("不能为空。")] for k, v in data.items() if v is None})


@router.patch(
    "/regulations/{regulation_id}/versions/{revision_id}", response={200: LibraryRegulationOut, **WRITE_ERRORS}
)
def update_version(request: HttpRequest, regulation_id: Id, revision_id: Id, payload: RevisionPatch):
    """Correct a version (a revision): its date, the body that adopted it, its note, its text."""
    selectors.require_reader(request.auth)
    r = get_visible(_library_rules(request.auth), request.auth, regulation_id)
    revision = RegulationRevision.objects.filter(regulation=r, pk=revision_id).first()
    if revision is None:
        raise NotFound()
    data = payload.model_dump(exclude_unset=True)
    _none_is_invalid(data)
    services.update_revision(actor=request.auth, revision=revision, data=data)
    return _library_regulation_out(_library_rules(request.auth).get(pk=r.pk))


# --- the library -------------------------------------------------------------------------------


class LibraryFilter(QueryIn):
    kind: RegulationKind | None = None
    q: str | None = Field(None, max_length=100)


@router.get("/library/rules/", response={200: page_of(LibraryRegulationOut), **READ_ERRORS})
def list_library_rules(request: HttpRequest, filters: Query[LibraryFilter], paging: PageQuery):
    """The rules the caller may read (members: their committee's), each with every version's text."""
    qs = _library_rules(request.auth)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    page = paginate(qs.order_by("committee__path", "kind", "-adopted_on", "id"), paging.page, paging.page_size)
    return {"items": [_library_regulation_out(r) for r in page["items"]], "count": page["count"]}


@router.get("/library/rules/{regulation_id}", response={200: LibraryRegulationOut, **READ_ERRORS})
def get_library_rule(request: HttpRequest, regulation_id: Id):
    return _library_regulation_out(get_visible(_library_rules(request.auth), request.auth, regulation_id))


class ReferenceOut(Schema):
    id: int
    committee: str
    title: str
    kind: ReferenceKind
    issuer: str
    issued_on: datetime.date | None
    document_number: str
    text: str
    audience: AudienceKind
    include_lower: bool
    roles: list[MemberRole]
    sectors: list[int]
    special_committees: list[int]
    parties: list[int]
    studios: list[int]
    members: list[int]


class ReferenceIn(In):
    committee: int | str
    title: str = Field(..., max_length=200)
    kind: ReferenceKind
    issuer: str = Field("", max_length=200)
    issued_on: Day | None = None
    document_number: str = Field("", max_length=100)
    text: str = Field("", max_length=200_000)
    audience: AudienceKind = AudienceKind.ALL
    include_lower: bool = False
    roles: list[MemberRole] = Field(default_factory=list, max_length=20)
    sectors: list[int] = Field(default_factory=list, max_length=500)
    special_committees: list[int] = Field(default_factory=list, max_length=500)
    parties: list[int] = Field(default_factory=list, max_length=500)
    studios: list[int] = Field(default_factory=list, max_length=500)
    members: list[int] = Field(default_factory=list, max_length=5000)


class ReferencePatch(In):
    title: str | None = Field(None, max_length=200)
    kind: ReferenceKind | None = None
    issuer: str | None = Field(None, max_length=200)
    issued_on: Day | None = None
    document_number: str | None = Field(None, max_length=100)
    text: str | None = Field(None, max_length=200_000)
    audience: AudienceKind | None = None
    include_lower: bool | None = None
    roles: list[MemberRole] | None = Field(None, max_length=20)
    sectors: list[int] | None = Field(None, max_length=500)
    special_committees: list[int] | None = Field(None, max_length=500)
    parties: list[int] | None = Field(None, max_length=500)
    studios: list[int] | None = Field(None, max_length=500)
    members: list[int] | None = Field(None, max_length=5000)


class ReferenceFilter(QueryIn):
    kind: ReferenceKind | None = None
    q: str | None = Field(None, max_length=100)


LISTS = ("sectors", "special_committees", "parties", "studios", "members")


def _documents(user):
    return library.documents_for(user).prefetch_related(*LISTS)


def _reference_out(d) -> dict:
    return {
        "id": d.pk,
        "committee": d.committee.code,
        "title": d.title,
        "kind": d.kind,
        "issuer": d.issuer,
        "issued_on": d.issued_on,
        "document_number": d.document_number,
        "text": d.text,
        "audience": d.audience,
        "include_lower": d.include_lower,
        "roles": d.role_list,
        **{name: sorted(x.pk for x in getattr(d, name).all()) for name in LISTS},
    }


@router.get("/library/documents/", response={200: page_of(ReferenceOut), **READ_ERRORS})
def list_reference_documents(request: HttpRequest, filters: Query[ReferenceFilter], paging: PageQuery):
    """Reference documents: the office's of its scope; a member's, those addressed to them."""
    qs = _documents(request.auth)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    page = paginate(qs.order_by("committee__path", "kind", "-issued_on", "id"), paging.page, paging.page_size)
    return {"items": [_reference_out(d) for d in page["items"]], "count": page["count"]}


@router.get("/library/documents/{document_id}", response={200: ReferenceOut, **READ_ERRORS})
def get_reference_document(request: HttpRequest, document_id: Id):
    return _reference_out(get_visible(_documents(request.auth), request.auth, document_id))


@router.post("/library/documents/", response={201: ReferenceOut, **WRITE_ERRORS})
def create_reference_document(request: HttpRequest, payload: ReferenceIn):
    selectors.require_reader(request.auth)
    committee = selectors.visible_committee(request.auth, payload.committee)
    d = services.create_reference_document(
        actor=request.auth, committee=committee, data=payload.model_dump(exclude={"committee"})
    )
    return Status(201, _reference_out(_documents(request.auth).get(pk=d.pk)))


@router.patch("/library/documents/{document_id}", response={200: ReferenceOut, **WRITE_ERRORS})
def update_reference_document(request: HttpRequest, document_id: Id, payload: ReferencePatch):
    d = get_visible(_documents(request.auth), request.auth, document_id)
    data = payload.model_dump(exclude_unset=True)
    _none_is_invalid({k: v for k, v in data.items() if k != "issued_on"})
    services.update_reference_document(actor=request.auth, document=d, data=data)
    return _reference_out(_documents(request.auth).get(pk=d.pk))
