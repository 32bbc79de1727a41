"""`/api/v1/notices/`: the recipient's notices or the office's, create, detail, edit, the action
table's steps (publish, withdraw, remind), read, reply, receipts and attachments."""

from django.db.models import Count
from django.urls import reverse
from ninja import File, Query, Router
from ninja.files import UploadedFile

from lvzhi.core import batch
from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, PageQuery, get_in, page_of, paginate
from lvzhi.core.errors import Forbidden, NotFound
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.core.workflow import timeline_steps
from lvzhi.notices import selectors, services
from lvzhi.notices.actions import NOTICE_ACTIONS
from lvzhi.notices.models import Notice, NoticeRead, NoticeReply
from lvzhi.notices.schemas import (
    NoticeAnswersIn,
    NoticeDetailOut,
    NoticeFilterIn,
    NoticeIn,
    NoticeOut,
    NoticePatchIn,
    NoticeReceiptOut,
)
from lvzhi.org.models import Committee

router = Router(tags=["notices"])


def _require_caller(user) -> None:
    if not (services.can_read(user) or services.is_recipient_user(user)):
        raise Forbidden()


def load_notice(user, pk) -> Notice:
    _require_caller(user)
    return get_in(selectors.detail_related(Notice.objects.visible_to(user)), pk)


def _sees_all(user, notice) -> bool:
    return services.can_read(user) and notice.committee_id in committee_ids(user)


def notice_data(n: Notice, *, office: bool, read=None, replied=None) -> dict:
    data = {
        "id": n.pk,
        "committee": n.committee_id,
        "committee_name": n.committee.name,
        "title": n.title,
        "kind": n.kind,
        "state": n.state,
        "pinned": n.pinned,
        "published_at": n.published_at,
        "reply_required": n.reply_required,
        "reply_deadline": n.reply_deadline,
        "audience": n.audience,
        "audience_label": n.audience_label(),
    }
    if office:
        data.update(
            read_count=getattr(n, "read_count", None),
            reply_count=getattr(n, "reply_count", None),
            recipients_count=n.recipients_count,
        )
    else:
        data.update(read=read, replied=replied)
    return data


def render_notice(n: Notice, user, *, loaded: bool = False) -> dict:
    """The notice as the API gives it; read afresh unless `loaded` says `n` was just read with what it
    shows (a GET, `load_notice`): after an action its rows have moved."""
    if not loaded:
        n = selectors.detail_related(Notice.objects.filter(pk=n.pk)).first()
    office = _sees_all(user, n)
    mine = NoticeReply.objects.filter(notice=n, user=user).first()
    if office:
        counts = Notice.objects.filter(pk=n.pk).aggregate(
            r=Count("reads", distinct=True), p=Count("replies", distinct=True)
        )
        n.read_count, n.reply_count = counts["r"], counts["p"]
        data = notice_data(n, office=True)
    else:
        read = NoticeRead.objects.filter(notice=n, user=user).exists()
        data = notice_data(n, office=False, read=read, replied=mine is not None)
    data.update(
        body=n.body,
        include_lower=n.include_lower,
        roles=n.role_list,
        reply_fields=n.reply_fields,
        withdraw_reason=n.withdraw_reason if office or n.state == "withdrawn" else "",
        my_answers=mine.answers if mine else None,
        attachments=[
            {
                "id": a.pk,
                "name": a.name,
                "size": a.size,
                "url": reverse("notices:attachment", args=[n.pk, a.pk]),
            }
            for a in n.attachments.all()
        ],
        revisions=[
            {
                "title": r.title,
                "body": r.body,
                "edited_by": str(r.edited_by) if r.edited_by else None,
                "edited_at": r.edited_at,
            }
            for r in n.revisions.all()
        ]
        if office
        else [],
        timeline=timeline_steps(n) if office else [],
    )
    names = ("sectors", "special_committees", "parties", "studios", "members", "units")
    data.update(batch.related_keys(n, names) if office else dict.fromkeys(names, []))
    return data


@router.get("/notices/", response={200: page_of(NoticeOut), **READ_ERRORS}, summary="通知公告列表")
def list_notices(request, filters: Query[NoticeFilterIn], paging: PageQuery):
    """Staff and leaders: every notice of their scope, with read and reply counts. Members and unit
    users: the published notices addressed to them, pinned first, with their own read/replied marks."""
    user = request.auth
    _require_caller(user)
    params = filters.model_dump()
    params["unread"] = "1" if filters.unread else ""
    params["to_reply"] = "1" if filters.to_reply else ""
    if services.can_read(user):
        page = paginate(selectors.office_list(user, committee_ids(user), params), paging.page, paging.page_size)
        page["items"] = [notice_data(n, office=True) for n in page["items"]]
    else:
        page = paginate(selectors.inbox(user, params), paging.page, paging.page_size)
        page["items"] = [notice_data(n, office=False, read=n.is_read, replied=n.is_replied) for n in page["items"]]
    return page


@router.post("/notices/", response={201: NoticeDetailOut, **WRITE_ERRORS}, summary="起草通知")
def create_notice(request, payload: NoticeIn):
    """A draft notice; publish it with `POST /notices/{id}/publish`."""
    user = request.auth
    if not services.can_read(user):
        raise Forbidden()
    committee = committee_named(payload.committee, committee_ids(user))
    if committee is None:
        if Committee.objects.filter(pk__in=committee_ids(user)).exists():
            raise NotFound()
        raise Forbidden()
    data = payload.model_dump()
    data.pop("committee")
    notice = services.create_notice(actor=user, committee=committee, data=data)
    return 201, render_notice(notice, user)


@router.get("/notices/{notice_id}", response={200: NoticeDetailOut, **READ_ERRORS}, summary="通知详情")
def get_notice(request, notice_id: Id):
    """The notice; for the office also its audience, revisions and timeline. Reading it here does not
    mark it read: `POST /notices/{id}/read` does."""
    user = request.auth
    return render_notice(load_notice(user, notice_id), user, loaded=True)


@router.patch("/notices/{notice_id}", response={200: NoticeDetailOut, **WRITE_ERRORS}, summary="修改通知")
def patch_notice(request, notice_id: Id, payload: NoticePatchIn):
    """Change the given fields; a published notice keeps its previous title and body as a revision."""
    user = request.auth
    notice = load_notice(user, notice_id)
    data = payload.model_dump(exclude_unset=True)
    services.update_notice(actor=user, notice=notice, data=data)
    return render_notice(notice, user)


@router.post("/notices/{notice_id}/read", response={200: NoticeDetailOut, **WRITE_ERRORS}, summary="标记已读")
def read_notice(request, notice_id: Id):
    user = request.auth
    notice = load_notice(user, notice_id)
    services.mark_notice_read(actor=user, notice=notice)
    return render_notice(notice, user)


@router.post("/notices/{notice_id}/reply", response={200: NoticeDetailOut, **WRITE_ERRORS}, summary="提交回执")
def reply_notice(request, notice_id: Id, payload: NoticeAnswersIn):
    """`{"answers": {"<field name>": value}}`; may be changed until the deadline."""
    user = request.auth
    notice = load_notice(user, notice_id)
    services.reply_to_notice(actor=user, notice=notice, answers=payload.answers)
    return render_notice(notice, user)


@router.get(
    "/notices/{notice_id}/receipts",
    response={200: page_of(NoticeReceiptOut), **READ_ERRORS},
    summary="阅读与回执情况",
)
def notice_receipts(request, notice_id: Id, paging: PageQuery):
    user = request.auth
    notice = load_notice(user, notice_id)
    if not _sees_all(user, notice):
        raise Forbidden()
    rows = selectors.receipts(notice)
    start = (paging.page - 1) * paging.page_size
    items = [
        {
            "user_id": u.pk,
            "name": str(u),
            "committee": u.unit.name if u.unit_id else (u.committee.short_name if u.committee_id else ""),
            "read_at": read_at,
            "replied_at": reply.replied_at if reply else None,
            "answers": reply.answers if reply else None,
        }
        for u, read_at, reply in rows[start : start + paging.page_size]
    ]
    return {"items": items, "count": len(rows)}


@router.post("/notices/{notice_id}/attachments", response={200: NoticeDetailOut, **WRITE_ERRORS}, summary="上传附件")
def upload_attachment(request, notice_id: Id, file: File[UploadedFile]):
    user = request.auth
    notice = load_notice(user, notice_id)
    services.add_notice_attachment(actor=user, notice=notice, upload=file)
    return render_notice(notice, user)


@router.delete(
    "/notices/{notice_id}/attachments/{attachment_id}",
    response={200: NoticeDetailOut, **WRITE_ERRORS},
    summary="移除附件",
)
def remove_attachment(request, notice_id: Id, attachment_id: Id):
    user = request.auth
    notice = load_notice(user, notice_id)
    services.remove_notice_attachment(actor=user, notice=notice, attachment_id=attachment_id)
    return render_notice(notice, user)


mount_api(
    router,
    NOTICE_ACTIONS,
    load=load_notice,
    out=NoticeDetailOut,
    render=render_notice,
    errors=WRITE_ERRORS,
    param="notice_id",
)
