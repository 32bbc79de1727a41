"""文史 work over the API (`/api/v1/wenshi/...`): the same visibility and services as the pages.
Members send in and follow their own manuscripts and read calls and publications; the office keeps
every register and takes the review steps (the action tables)."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, PageQuery, get_visible, page_of, paginate
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.scope import active_committee_ids, committee_ids, committee_named
from lvzhi.core.workflow import timeline_steps
from lvzhi.wenshi import documents, selectors, services
from lvzhi.wenshi.actions import CALL_ACTIONS, CIRCULATION_ACTIONS, MANUSCRIPT_ACTIONS
from lvzhi.wenshi.models import Call, Circulation, CollectionItem, Manuscript, Plan, Series, Volume
from lvzhi.wenshi.schemas import (
    CallDetail,
    CallIn,
    CallOut,
    CallPatchIn,
    CirculationIn,
    CirculationOut,
    ItemIn,
    ItemOut,
    ItemPatchIn,
    ManuscriptDetail,
    ManuscriptEditIn,
    ManuscriptFilters,
    ManuscriptIn,
    ManuscriptOut,
    PlanIn,
    PlanOut,
    PlanPatchIn,
    SeriesIn,
    SeriesOut,
    VolumeDetail,
    VolumeEntryIn,
    VolumeIn,
    VolumeOut,
    VolumePatchIn,
    WenshiListFilters,
)

router = Router(tags=["wenshi"])
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _participant(user):
    if not (services.can_read(user) or services.is_member_user(user)):
        raise Forbidden()


def _office(user):
    if not services.can_read(user):
        raise Forbidden()


def _committee(user, wanted):
    """The committee a write names (by id or code), within the user's scope; a member's own by default."""
    committee = committee_named(wanted or str(user.committee_id or ""), committee_ids(user))
    if committee is None:
        raise Invalid(errors={"committee": [_("请选择您范围内的委员会。")]})
    return committee


def _files(obj, url_name):
    return [
        {"id": a.pk, "name": a.name, "size": a.size, "url": reverse(url_name, args=[obj.pk, a.pk])}
        for a in obj.attachments.all()
    ]


# manuscripts


def _manuscript(m) -> dict:
    return {
        "id": m.pk,
        "committee": m.committee_id,
        "kind": m.kind,
        "form": m.form,
        "title": m.title,
        "author_kind": m.author_kind,
        "author_name": m.author_name,
        "member": m.member_id,
        "state": m.state,
        "submitted_on": m.submitted_on,
        "decided_on": m.decided_on,
    }


def load_manuscript(user, pk) -> Manuscript:
    _participant(user)
    return get_visible(Manuscript.objects.select_related("committee"), user, pk)


def manuscript_detail(m, user) -> dict:
    m = Manuscript.objects.select_related("committee").get(pk=m.pk)
    return {
        **_manuscript(m),
        "text": m.text,
        "transcript": m.transcript,
        "narrator": m.narrator,
        "call": m.call_id,
        "files": _files(m, "wenshi:manuscript_file"),
        "versions": [
            {
                "number": v.number,
                "title": v.title,
                "text": v.text,
                "transcript": v.transcript,
                "note": v.note,
                "edited_by": str(v.edited_by) if v.edited_by else None,
                "edited_at": v.edited_at,
            }
            for v in m.versions.select_related("edited_by")
        ],
        "timeline": timeline_steps(m),
    }


@router.get("/wenshi/manuscripts/", response={200: page_of(ManuscriptOut), **READ_ERRORS})
def list_manuscripts(request, filters: Query[ManuscriptFilters], paging: PageQuery):
    """The office: every clue and manuscript of its committees. A member: their own."""
    user = request.auth
    _participant(user)
    scope = active_committee_ids(request) if services.can_read(user) else None
    qs = selectors.manuscript_list(user, filters.dict(exclude_none=True), committee_scope=scope)
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_manuscript(m) for m in page["items"]], "count": page["count"]}


@router.post("/wenshi/manuscripts/", response={201: ManuscriptDetail, **WRITE_ERRORS})
def submit_manuscript(request, payload: ManuscriptIn):
    """A member sends in their own clue or manuscript; the office registers one (naming the author)."""
    user = request.auth
    _participant(user)
    committee = _committee(user, payload.committee)
    data = payload.model_dump(exclude={"committee"}, exclude_none=True)
    m = services.submit_manuscript(actor=user, committee=committee, data=data)
    return Status(201, manuscript_detail(m, user))


@router.get("/wenshi/manuscripts/{id}", response={200: ManuscriptDetail, **READ_ERRORS})
def get_manuscript(request, id: Id):
    return manuscript_detail(load_manuscript(request.auth, id), request.auth)


@router.patch("/wenshi/manuscripts/{id}", response={200: ManuscriptDetail, **WRITE_ERRORS})
def edit_manuscript(request, id: Id, payload: ManuscriptEditIn):
    """A new version of the title and text (the earlier versions are kept)."""
    m = load_manuscript(request.auth, id)
    services.edit_manuscript(actor=request.auth, manuscript=m, data=payload.model_dump(exclude_none=True))
    return manuscript_detail(m, request.auth)


@router.post("/wenshi/manuscripts/{id}/files", response={201: ManuscriptDetail, **WRITE_ERRORS}, summary="上传稿件附件")
def upload_manuscript_file(request, id: Id, file: File[UploadedFile]):
    """A scan, photo, recording (mp3) or document (multipart, field `file`), checked by content."""
    m = load_manuscript(request.auth, id)
    services.add_manuscript_file(actor=request.auth, manuscript=m, upload=file)
    return Status(201, manuscript_detail(m, request.auth))


# plans and calls


def _plan(p) -> dict:
    return {
        "id": p.pk,
        "committee": p.committee_id,
        "title": p.title,
        "start_year": p.start_year,
        "end_year": p.end_year,
        "adopted_on": p.adopted_on,
        "summary": p.summary,
        "years": [{"year": y.year, "theme": y.theme, "target": y.target} for y in p.years.all()],
    }


@router.get("/wenshi/plans/", response={200: page_of(PlanOut), **READ_ERRORS})
def list_plans(request, filters: Query[WenshiListFilters], paging: PageQuery):
    _participant(request.auth)
    qs = selectors.plan_list(request.auth, filters.dict(exclude_none=True), committee_ids(request.auth))
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_plan(p) for p in page["items"]], "count": page["count"]}


@router.post("/wenshi/plans/", response={201: PlanOut, **WRITE_ERRORS})
def create_plan(request, payload: PlanIn):
    _office(request.auth)
    data = payload.model_dump(exclude={"committee"})
    plan = services.create_plan(actor=request.auth, committee=_committee(request.auth, payload.committee), data=data)
    return Status(201, _plan(plan))


@router.get("/wenshi/plans/{id}", response={200: PlanOut, **READ_ERRORS})
def get_plan(request, id: Id):
    _participant(request.auth)
    return _plan(get_visible(Plan.objects.all(), request.auth, id))


def _patch(payload, nullable=()) -> dict:
    """The given fields; null only where the field may be emptied (else 422, nothing written)."""
    data = payload.model_dump(exclude_unset=True)
    empty = [k for k, v in data.items() if v is None and k not in nullable]
    if empty:
        raise Invalid(errors={k: [_("不能为空。")] for k in empty})
    return data


@router.patch("/wenshi/plans/{id}", response={200: PlanOut, **WRITE_ERRORS})
def update_plan(request, id: Id, payload: PlanPatchIn):
    _office(request.auth)
    plan = get_visible(Plan.objects.all(), request.auth, id)
    plan = services.update_plan(actor=request.auth, plan=plan, data=_patch(payload))
    return _plan(Plan.objects.get(pk=plan.pk))


def _call(c) -> dict:
    return {
        "id": c.pk,
        "committee": c.committee_id,
        "title": c.title,
        "body": c.body,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "include_lower": c.include_lower,
        "plan": c.plan_id,
        "state": c.state,
    }


def load_call(user, pk) -> Call:
    _participant(user)
    return get_visible(Call.objects.select_related("committee"), user, pk)


def call_detail(c, user) -> dict:
    c = Call.objects.get(pk=c.pk)
    return {**_call(c), "timeline": timeline_steps(c)}


@router.get("/wenshi/calls/", response={200: page_of(CallOut), **READ_ERRORS})
def list_calls(request, filters: Query[WenshiListFilters], paging: PageQuery):
    """Members: published calls addressed to them. The office: every call of its committees."""
    user = request.auth
    _participant(user)
    qs = selectors.call_list(user, filters.dict(exclude_none=True), committee_ids(user), office=services.can_read(user))
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_call(c) for c in page["items"]], "count": page["count"]}


@router.post("/wenshi/calls/", response={201: CallDetail, **WRITE_ERRORS})
def create_call(request, payload: CallIn):
    """A draft call; publish it with `POST /wenshi/calls/{id}/publish`."""
    _office(request.auth)
    data = payload.model_dump(exclude={"committee"})
    call = services.create_call(actor=request.auth, committee=_committee(request.auth, payload.committee), data=data)
    return Status(201, call_detail(call, request.auth))


@router.get("/wenshi/calls/{id}", response={200: CallDetail, **READ_ERRORS})
def get_call(request, id: Id):
    return call_detail(load_call(request.auth, id), request.auth)


@router.patch("/wenshi/calls/{id}", response={200: CallDetail, **WRITE_ERRORS})
def update_call(request, id: Id, payload: CallPatchIn):
    """Edit a draft or open call; a closed one is 409."""
    _office(request.auth)
    call = load_call(request.auth, id)
    services.update_call(actor=request.auth, call=call, data=_patch(payload, nullable=("plan",)))
    return call_detail(call, request.auth)


# publications


def _volume(v) -> dict:
    return {
        "id": v.pk,
        "committee": v.committee_id,
        "kind": v.kind,
        "series": v.series_id,
        "number": v.number,
        "title": v.title,
        "display_title": v.display_title,
        "editors": v.editors,
        "publisher": v.publisher,
        "permit_number": v.permit_number,
        "published_on": v.published_on,
        "print_run": v.print_run,
    }


def load_volume(user, pk) -> Volume:
    _participant(user)
    volume = get_visible(Volume.objects.select_related("committee", "series"), user, pk)
    if not volume.is_published and not services.can_read(user):
        raise NotFound()
    return volume


def volume_detail(v, user) -> dict:
    v = Volume.objects.select_related("series").get(pk=v.pk)
    return {
        **_volume(v),
        "foreword": v.foreword,
        "entries": [
            {
                "id": e.pk,
                "position": e.position,
                "section": e.section,
                "manuscript": e.manuscript_id,
                "title": e.manuscript.title,
                "author_name": e.manuscript.author_name,
            }
            for e in v.entries.select_related("manuscript")
        ],
    }


@router.get("/wenshi/series/", response={200: page_of(SeriesOut), **READ_ERRORS})
def list_series(request, paging: PageQuery):
    _participant(request.auth)
    qs = Series.objects.visible_to(request.auth)
    page = paginate(qs, paging.page, paging.page_size)
    items = [
        {"id": s.pk, "committee": s.committee_id, "name": s.name, "description": s.description} for s in page["items"]
    ]
    return {"items": items, "count": page["count"]}


@router.post("/wenshi/series/", response={201: SeriesOut, **WRITE_ERRORS})
def create_series(request, payload: SeriesIn):
    _office(request.auth)
    data = payload.model_dump(exclude={"committee"})
    s = services.create_series(actor=request.auth, committee=_committee(request.auth, payload.committee), data=data)
    return Status(201, {"id": s.pk, "committee": s.committee_id, "name": s.name, "description": s.description})


@router.get("/wenshi/volumes/", response={200: page_of(VolumeOut), **READ_ERRORS})
def list_volumes(request, filters: Query[WenshiListFilters], paging: PageQuery):
    """Members: the committee's published volumes and books. The office: all of its committees'."""
    user = request.auth
    _participant(user)
    office = services.can_read(user)
    scope = active_committee_ids(request) if office else committee_ids(user)
    qs = selectors.volume_list(user, filters.dict(exclude_none=True), scope)
    if not office:
        qs = qs.filter(published_on__isnull=False)
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_volume(v) for v in page["items"]], "count": page["count"]}


@router.post("/wenshi/volumes/", response={201: VolumeDetail, **WRITE_ERRORS})
def create_volume(request, payload: VolumeIn):
    _office(request.auth)
    data = payload.model_dump(exclude={"committee"})
    v = services.create_volume(actor=request.auth, committee=_committee(request.auth, payload.committee), data=data)
    return Status(201, volume_detail(v, request.auth))


@router.get("/wenshi/volumes/{id}", response={200: VolumeDetail, **READ_ERRORS})
def get_volume(request, id: Id):
    return volume_detail(load_volume(request.auth, id), request.auth)


@router.patch("/wenshi/volumes/{id}", response={200: VolumeDetail, **WRITE_ERRORS})
def update_volume(request, id: Id, payload: VolumePatchIn):
    v = load_volume(request.auth, id)
    services.update_volume(actor=request.auth, volume=v, data=payload.model_dump(exclude_unset=True))
    return volume_detail(v, request.auth)


@router.post("/wenshi/volumes/{id}/entries", response={201: VolumeDetail, **WRITE_ERRORS})
def add_volume_entry(request, id: Id, payload: VolumeEntryIn):
    """An adopted manuscript added to the contents (at the end, or at `position`)."""
    v = load_volume(request.auth, id)
    services.add_volume_entry(actor=request.auth, volume=v, data=payload.model_dump(exclude_none=True))
    return Status(201, volume_detail(v, request.auth))


@router.delete("/wenshi/volumes/{id}/entries/{entry_id}", response={200: VolumeDetail, **WRITE_ERRORS})
def remove_volume_entry(request, id: Id, entry_id: Id):
    v = load_volume(request.auth, id)
    services.remove_volume_entry(actor=request.auth, volume=v, entry_id=entry_id)
    return volume_detail(v, request.auth)


@router.get("/wenshi/volumes/{id}/docx", response={200: None, **READ_ERRORS}, summary="目录与版权页 docx")
def volume_docx(request, id: Id):
    v = load_volume(request.auth, id)
    response = HttpResponse(documents.volume_front_matter(v, actor=request.auth), content_type=DOCX)
    response["Content-Disposition"] = 'attachment; filename="volume.docx"'
    return response


# the collection and its register


def _item(i) -> dict:
    return {
        "id": i.pk,
        "committee": i.committee_id,
        "kind": i.kind,
        "title": i.title,
        "volume": i.volume_id,
        "provenance": i.provenance,
        "location": i.location,
        "acquired_on": i.acquired_on,
        "copies": i.copies,
        "note": i.note,
        "files": _files(i, "wenshi:item_file"),
    }


@router.get("/wenshi/items/", response={200: page_of(ItemOut), **READ_ERRORS})
def list_items(request, filters: Query[WenshiListFilters], paging: PageQuery):
    _office(request.auth)
    qs = selectors.item_list(request.auth, filters.dict(exclude_none=True), active_committee_ids(request))
    page = paginate(qs.prefetch_related("attachments"), paging.page, paging.page_size)
    return {"items": [_item(i) for i in page["items"]], "count": page["count"]}


@router.post("/wenshi/items/", response={201: ItemOut, **WRITE_ERRORS})
def create_item(request, payload: ItemIn):
    _office(request.auth)
    data = payload.model_dump(exclude={"committee"})
    item = services.create_item(actor=request.auth, committee=_committee(request.auth, payload.committee), data=data)
    return Status(201, _item(item))


@router.get("/wenshi/items/{id}", response={200: ItemOut, **READ_ERRORS})
def get_item(request, id: Id):
    _office(request.auth)
    return _item(get_visible(CollectionItem.objects.all(), request.auth, id))


@router.patch("/wenshi/items/{id}", response={200: ItemOut, **WRITE_ERRORS})
def update_item(request, id: Id, payload: ItemPatchIn):
    _office(request.auth)
    item = get_visible(CollectionItem.objects.all(), request.auth, id)
    services.update_item(actor=request.auth, item=item, data=_patch(payload, nullable=("volume",)))
    return _item(CollectionItem.objects.get(pk=item.pk))


@router.post("/wenshi/items/{id}/files", response={201: ItemOut, **WRITE_ERRORS}, summary="上传数字化文件")
def upload_item_file(request, id: Id, file: File[UploadedFile]):
    _office(request.auth)
    item = get_visible(CollectionItem.objects.all(), request.auth, id)
    services.add_item_file(actor=request.auth, item=item, upload=file)
    return Status(201, _item(item))


def _circulation(c, user=None) -> dict:
    c = Circulation.objects.select_related("volume__series", "item").get(pk=c.pk) if user is not None else c
    return {
        "id": c.pk,
        "committee": c.committee_id,
        "kind": c.kind,
        "volume": c.volume_id,
        "item": c.item_id,
        "what": c.what,
        "counterpart": c.counterpart,
        "happened_on": c.happened_on,
        "copies": c.copies,
        "received": c.received,
        "due_on": c.due_on,
        "returned_on": c.returned_on,
        "note": c.note,
    }


def load_circulation(user, pk) -> Circulation:
    _office(user)
    return get_visible(Circulation.objects.select_related("committee"), user, pk)


@router.get("/wenshi/circulations/", response={200: page_of(CirculationOut), **READ_ERRORS})
def list_circulations(request, filters: Query[WenshiListFilters], paging: PageQuery):
    _office(request.auth)
    qs = selectors.circulation_list(request.auth, filters.dict(exclude_none=True), active_committee_ids(request))
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_circulation(c) for c in page["items"]], "count": page["count"]}


@router.post("/wenshi/circulations/", response={201: CirculationOut, **WRITE_ERRORS})
def record_circulation(request, payload: CirculationIn):
    _office(request.auth)
    data = payload.model_dump(exclude={"committee"})
    row = services.record_circulation(
        actor=request.auth, committee=_committee(request.auth, payload.committee), data=data
    )
    return Status(201, _circulation(row, request.auth))


mount_api(
    router,
    MANUSCRIPT_ACTIONS,
    load=load_manuscript,
    out=ManuscriptDetail,
    render=manuscript_detail,
    errors=WRITE_ERRORS,
    param="id",
)
mount_api(router, CALL_ACTIONS, load=load_call, out=CallDetail, render=call_detail, errors=WRITE_ERRORS, param="id")
mount_api(
    router,
    CIRCULATION_ACTIONS,
    load=load_circulation,
    out=CirculationOut,
    render=_circulation,
    errors=WRITE_ERRORS,
    param="id",
)
