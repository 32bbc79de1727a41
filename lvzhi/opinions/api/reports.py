"""Reports over the API: list, create, paper entry, files, detail, and every action of the report's
action table (`POST /opinions/{id}/<action>`)."""

from django.db.models import Q
from ninja import File, Query, UploadedFile

from lvzhi.core.actions import mount_api
from lvzhi.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PageQuery,
    page_of,
    paginate,
)
from lvzhi.core.errors import Forbidden, NotFound
from lvzhi.core.scope import committee_ids
from lvzhi.opinions import services
from lvzhi.opinions.actions import REPORT_ACTIONS
from lvzhi.opinions.api.common import (
    committee_in_scope,
    file_row,
    load_report,
    report_detail,
    report_row,
    require_office,
    router,
    visible_report,
)
from lvzhi.opinions.attachments import serve_attachment
from lvzhi.opinions.models import (
    OpinionReport,
    reads_all_in_scope,
)
from lvzhi.opinions.schemas import (
    OpinionDraftPatch,
    OpinionEntryIn,
    OpinionFileOut,
    OpinionReportDetail,
    OpinionReportFilter,
    OpinionReportIn,
    OpinionReportOut,
)
from lvzhi.opinions.selectors import filter_reports, with_lists


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
    return {"items": [report_row(r) for r in page["items"]], "count": page["count"]}


@router.post("/opinions/", response={201: OpinionReportDetail, **WRITE_ERRORS})
def create_report(request, payload: OpinionReportIn):
    data = payload.model_dump(exclude={"capacity", "submit"})
    report = services.create_report(actor=request.auth, data=data, capacity=payload.capacity, submit=payload.submit)
    return 201, report_detail(report)


@router.post("/opinions/entries", response={201: OpinionReportDetail, **WRITE_ERRORS})
def enter_report(request, payload: OpinionEntryIn):
    """The information office enters a paper report on a submitter's behalf (纸质报送): the member,
    organisation or information officer credited is chosen; the report is submitted at once,
    dated when it was received, and the credited submitter is told."""
    require_office(request.auth)
    committee = committee_in_scope(request.auth, payload.committee)
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
    return 201, report_detail(report)


@router.post("/opinions/{id}/attachments", response={201: OpinionFileOut, **WRITE_ERRORS})
def attach_file(request, id: Id, file: File[UploadedFile]):
    """Upload a file (multipart/form-data, field `file`; pdf, docx, doc, xlsx, jpg, png, zip). The
    writer while the report is a draft or just submitted; the office while the item is alive."""
    report = visible_report(request, id)
    attachment = services.add_attachment(actor=request.auth, report=report, upload=file)
    return 201, file_row(report, attachment)


@router.get("/opinions/{id}/attachments/{file_id}", response={200: None, **READ_ERRORS})
def download_file(request, id: Id, file_id: Id):
    """The file, as a download, for whoever may see the report."""
    report = visible_report(request, id)
    attachment = services.file_of(report, file_id)
    if attachment is None:
        raise NotFound()
    return serve_attachment(attachment)


@router.delete("/opinions/{id}/attachments/{file_id}", response={204: None, **WRITE_ERRORS})
def remove_file(request, id: Id, file_id: Id):
    report = visible_report(request, id)
    if services.file_of(report, file_id) is None:
        raise NotFound()
    services.remove_attachment(actor=request.auth, report=report, attachment_id=file_id)
    return 204, None


@router.get("/opinions/{id}", response={200: OpinionReportDetail, **READ_ERRORS})
def get_report(request, id: Id):
    return report_detail(visible_report(request, id))


@router.patch("/opinions/{id}", response={200: OpinionReportDetail, **WRITE_ERRORS})
def update_draft(request, id: Id, payload: OpinionDraftPatch):
    """The writer changes a draft (fields not given stay as they are); submit it with `/submit`."""
    report = visible_report(request, id)
    services.update_draft(actor=request.auth, report=report, data=payload.model_dump(exclude_unset=True))
    return report_detail(report)


# --- The report's actions: one endpoint per action of the table ----------------------------------


# `POST /opinions/{id}/<action>`: one endpoint per action of the table; an action without input may be
# posted without a body, and combining answers with the new report.
mount_api(
    router,
    REPORT_ACTIONS,
    load=load_report,
    out=OpinionReportDetail,
    render=lambda report, user: report_detail(load_report(user, report.pk)),
    errors=WRITE_ERRORS,
    param="id",
)
