"""The notice pages: the recipient's inbox, the office's list (with export), detail (opening marks
read), create/edit, the action forms, replies, receipts (with export), attachments, figures."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import NotFound, ServiceError
from lvzhi.core.exports import Column, choice_label, xlsx_response
from lvzhi.core.figure_pages import figure_page
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing, paginate
from lvzhi.core.periods import period_choices
from lvzhi.core.scope import active_committee_ids, committee_ids, form_committee
from lvzhi.core.workflow import timeline
from lvzhi.delivery.selectors import delivery_state
from lvzhi.notices import selectors, services
from lvzhi.notices.actions import NOTICE_ACTIONS
from lvzhi.notices.choices import NoticeKind, NoticeState
from lvzhi.notices.figures import FIGURE_PAGE
from lvzhi.notices.forms import NoticeForm, ReplyForm, UploadForm, fields_to_lines
from lvzhi.notices.models import PERMISSION, Notice, NoticeRead, NoticeReply
from lvzhi.org.models import Committee

PAGE_SIZE = 20


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def reader_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def recipient_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.is_recipient_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def reader_or_recipient_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (services.can_read(request.user) or services.is_recipient_user(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def manager_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_module_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def get_notice_for_user(request, pk) -> Notice:
    notice = selectors.detail_related(Notice.objects.visible_to(request.user)).filter(pk=pk).first()
    if notice is None:
        raise NotFound()
    return notice


def get_managed_notice(request, pk) -> Notice:
    notice = get_notice_for_user(request, pk)
    if not services.can_manage(request.user, notice.committee_id):
        raise PermissionDenied
    return notice


def manageable_committees(user):
    return Committee.objects.filter(pk__in=committee_ids(user)).order_by("path")


# --- lists ---------------------------------------------------------------------------------------


PUBLISHED = ListColumn(_("发布时间"), "published", order=("pinned", "published_at"))  # the pinned on top
INBOX = Listing(
    key="notices.inbox",
    columns=(PUBLISHED, ListColumn(_("标题"), "title"), ListColumn(_("类别"), "kind")),
    default_sort="-published",
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
)


@recipient_required
def inbox(request):
    params = {k: request.GET.get(k, "") for k in ("q", "kind", "unread", "to_reply")}
    listing = INBOX.run(request, selectors.inbox(request.user, params))
    if listing.response:
        return listing.response
    context = {"listing": listing, "page": listing.page, "params": params, "kinds": NoticeKind.choices}
    return render(request, "notices/inbox.html", context)


EXPORT_COLUMNS = [
    Column(_("委员会"), lambda n: n.committee.short_name, 12),
    Column(_("类别"), lambda n: str(choice_label(n, "kind")), 8),
    Column(_("标题"), lambda n: n.title, 40),
    Column(_("状态"), lambda n: str(choice_label(n, "state")), 8),
    Column(_("发布时间"), lambda n: _local(n.published_at), 18),
    Column(_("置顶"), lambda n: _("是") if n.pinned else "", 6),
    Column(_("接收范围"), lambda n: n.audience_label(), 20),
    Column(_("发送人数"), lambda n: n.recipients_count, 10),
    Column(_("已读"), lambda n: n.read_count, 8),
    Column(_("需要回执"), lambda n: _("是") if n.reply_required else "", 8),
    Column(_("回执"), lambda n: n.reply_count, 8),
    Column(_("回执截止"), lambda n: _local(n.reply_deadline), 18),
]


NOTICES = Listing(
    key="notices.notices",
    columns=(
        ListColumn(_("标题"), "title"),
        ListColumn(_("类别"), "kind"),
        ListColumn(_("委员会"), "committee", order=("committee__path",)),
        PUBLISHED,
        ListColumn(_("状态"), "state"),
        ListColumn(_("已读"), "read", order=("read_count",)),
        ListColumn(_("回执"), "replies", order=("reply_count",)),
    ),
    default_sort="-published",
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
    export_name=_("通知公告"),
    export_columns=tuple(EXPORT_COLUMNS),
)


@reader_required
def notice_list(request):
    params = {k: request.GET.get(k, "") for k in selectors.FILTER_KEYS}
    ids = active_committee_ids(request)
    try:
        qs = selectors.office_list(request.user, ids, params)
    except ServiceError:  # an unreadable period
        params["period"] = ""
        qs = selectors.office_list(request.user, ids, params)
        messages.warning(request, _("无法识别的统计期间，已忽略。"))
    listing = NOTICES.run(request, qs, filters=params, export_rows=lambda rows: rows[:20000])
    if listing.response:
        return listing.response
    return render(
        request,
        "notices/list.html",
        {
            "listing": listing,
            "page": listing.page,
            "params": params,
            "kinds": NoticeKind.choices,
            "states": NoticeState.choices,
            "committees": manageable_committees(request.user),
            "can_create": request.user.has_module_perm(PERMISSION),
            # in words (2026年, 2025年 …), as on every figure page; a period given by a link is kept
            "periods": [
                choice
                for choice in period_choices(timezone.localdate(), params["period"])
                if choice[0] not in ("term", "cumulative")
            ],
        },
    )


# --- detail --------------------------------------------------------------------------------------


@reader_or_recipient_required
def notice_detail(request, pk):
    notice = get_notice_for_user(request, pk)
    user = request.user
    addressed = services.is_recipient_user(user) and Notice.objects.addressed_to(user).filter(pk=notice.pk).exists()
    if addressed:
        services.mark_notice_read(actor=user, notice=notice)  # the write is the service's
    manages = services.can_manage(user, notice.committee_id)
    sees_all = services.can_read(user) and notice.committee_id in committee_ids(user)
    reply = NoticeReply.objects.filter(notice=notice, user=user).first() if addressed else None
    reply_form = None
    if addressed and notice.reply_required:
        reply_form = ReplyForm(notice=notice, initial=reply.answers if reply else None)
    context = {
        "notice": notice,
        "addressed": addressed,
        "manages": manages,
        "sees_all": sees_all,
        "reply": reply,
        "reply_form": reply_form,
        "attachments": list(notice.attachments.all()),
        "revisions": list(notice.revisions.all()) if sees_all else [],
        "actions": NOTICE_ACTIONS.for_user(notice, user) if manages else [],
        "upload_form": UploadForm() if manages and notice.state != NoticeState.WITHDRAWN else None,
    }
    if sees_all:
        context["timeline"] = timeline(notice)
        context["read_count"] = NoticeRead.objects.filter(notice=notice).count()
        context["reply_count"] = NoticeReply.objects.filter(notice=notice).count()
        context["delivery_state"] = delivery_state(notice)
    return render(request, "notices/detail.html", context)


@recipient_required
@require_POST
def notice_reply(request, pk):
    notice = get_notice_for_user(request, pk)
    form = ReplyForm(request.POST, notice=notice)
    if form.is_valid():
        try:
            services.reply_to_notice(actor=request.user, notice=notice, answers=dict(form.cleaned_data))
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("回执已提交。"))
            return redirect("notices:detail", pk=notice.pk)
    return render(
        request,
        "notices/reply.html",
        {"notice": notice, "reply_form": form},
        status=422,
    )


@manager_required
def notice_act(request, pk, action):
    notice = get_managed_notice(request, pk)
    step = NOTICE_ACTIONS.get(action)
    if request.method == "POST":
        result = perform_page_action(request, NOTICE_ACTIONS, notice, action, keep_form=True)
        if result.done or result.form is None:
            return redirect("notices:detail", pk=notice.pk)
        form, status = result.form, result.status
    else:
        if not step.available(request.user, notice):
            raise NotFound()
        form = step.build_form(notice, request.user)
        status = 200
    return render(request, "notices/action.html", {"notice": notice, "action": step, "form": form}, status=status)


# --- create / edit -------------------------------------------------------------------------------


def _form_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("file", None)
    data.pop("committee", None)
    for name in ("sectors", "special_committees", "parties", "studios", "members", "units"):
        data[name] = [obj.pk for obj in data.get(name) or []]
    return data


@manager_required
def notice_create(request):
    committees = manageable_committees(request.user)
    committee = form_committee(request, committees)
    if committee is None:
        raise PermissionDenied
    if request.method == "POST":
        form = NoticeForm(request.POST, request.FILES, committees=committees, committee=committee)
        if form.is_valid():
            files = [form.cleaned_data["file"]] if form.cleaned_data.get("file") else []
            try:
                notice = services.create_notice(
                    actor=request.user, committee=form.cleaned_data["committee"], data=_form_data(form), files=files
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("草稿已保存，确认后请发布。"))
                return redirect("notices:detail", pk=notice.pk)
    else:
        form = NoticeForm(committees=committees, committee=committee, initial={"committee": committee.pk})
    return render(request, "notices/form.html", {"form": form, "notice": None})


@manager_required
def notice_edit(request, pk):
    notice = get_managed_notice(request, pk)
    committees = manageable_committees(request.user).filter(pk=notice.committee_id)
    if request.method == "POST":
        form = NoticeForm(request.POST, request.FILES, committees=committees, committee=notice.committee)
        if form.is_valid():
            files = [form.cleaned_data["file"]] if form.cleaned_data.get("file") else []
            try:
                services.update_notice(actor=request.user, notice=notice, data=_form_data(form), files=files)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("notices:detail", pk=notice.pk)
    else:
        initial = {
            "committee": notice.committee_id,
            "title": notice.title,
            "kind": notice.kind,
            "body": notice.body,
            "pinned": notice.pinned,
            "include_lower": notice.include_lower,
            "audience": notice.audience,
            "roles": notice.role_list,
            "reply_required": notice.reply_required,
            "reply_deadline": notice.reply_deadline,
            "reply_fields": fields_to_lines(notice.reply_fields),
        }
        for name in ("sectors", "special_committees", "parties", "studios", "members", "units"):
            initial[name] = list(getattr(notice, name).values_list("pk", flat=True))
        form = NoticeForm(initial=initial, committees=committees, committee=notice.committee)
    return render(request, "notices/form.html", {"form": form, "notice": notice})


# --- attachments ---------------------------------------------------------------------------------


@manager_required
@require_POST
def attachment_upload(request, pk):
    notice = get_managed_notice(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_notice_attachment(actor=request.user, notice=notice, upload=form.cleaned_data["file"])
        except ServiceError as exc:
            messages.error(request, "；".join(m for ms in exc.errors.values() for m in ms) or str(exc.message))
        else:
            messages.success(request, _("附件已上传。"))
    else:
        messages.error(request, _("请选择文件。"))
    return redirect("notices:detail", pk=notice.pk)


@manager_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    notice = get_managed_notice(request, pk)
    try:
        services.remove_notice_attachment(actor=request.user, notice=notice, attachment_id=attachment_pk)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("附件已移除。"))
    return redirect("notices:detail", pk=notice.pk)


@reader_or_recipient_required
def attachment_download(request, pk, attachment_pk):
    """A notice's file, for whoever may see the notice (served as a download, never inline)."""
    notice = get_notice_for_user(request, pk)
    attachment = notice.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise NotFound()
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- receipts ------------------------------------------------------------------------------------


def _answers_text(reply):
    if reply is None:
        return ""
    return "；".join(f"{k}：{v}" for k, v in reply.answers.items())


@reader_required
def notice_receipts(request, pk):
    notice = get_notice_for_user(request, pk)
    if notice.committee_id not in committee_ids(request.user):
        raise NotFound()
    rows = selectors.receipts(notice)
    show = request.GET.get("show", "")
    if show == "unread":
        rows = [r for r in rows if r[1] is None]
    elif show == "unreplied":
        rows = [r for r in rows if r[2] is None]
    if request.GET.get("export") == "xlsx":
        columns = [
            Column(_("姓名"), lambda r: str(r[0]), 14),
            Column(_("委员会"), lambda r: r[0].committee.short_name if r[0].committee else "", 12),
            Column(_("承办单位"), lambda r: r[0].unit.name if r[0].unit else "", 16),
            Column(_("阅读时间"), lambda r: _local(r[1]), 18),
            Column(_("回执时间"), lambda r: _local(r[2].replied_at) if r[2] else "", 18),
            Column(_("回执内容"), lambda r: _answers_text(r[2]), 40),
        ]
        return xlsx_response(
            actor=request.user,
            rows=rows,
            columns=columns,
            filename=_("通知阅读回执"),
            what="notices.receipts",
            filters={"notice": notice.pk, "show": show},
            committee=notice.committee,
        )
    page = paginate(rows, request.GET.get("page"), 100)
    return render(
        request,
        "notices/receipts.html",
        {
            "notice": notice,
            "page": page,
            "show": show,
            "manages": services.can_manage(request.user, notice.committee_id) and notice.is_live,
        },
    )


@reader_required
def figures(request):
    return figure_page(request, FIGURE_PAGE)
