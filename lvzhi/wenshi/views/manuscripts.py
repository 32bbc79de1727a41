"""Clues and manuscripts: the list (the office: its committees, with xlsx; a member: their own), the
submit form (phone-friendly), the detail with its review actions, versions and diff to the original,
editing and files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import ServiceError
from lvzhi.core.exports import Column, choice_label, xlsx_response
from lvzhi.core.forms import apply_service_error
from lvzhi.core.scope import active_committee_ids
from lvzhi.core.textdiff import diff_lines
from lvzhi.core.workflow import timeline
from lvzhi.wenshi import selectors, services
from lvzhi.wenshi.actions import MANUSCRIPT_ACTIONS
from lvzhi.wenshi.choices import CallState, ManuscriptKind, ManuscriptState
from lvzhi.wenshi.forms import FileForm, ManuscriptEditForm, ManuscriptSubmitForm, OfficeManuscriptForm
from lvzhi.wenshi.models import Call, Manuscript
from lvzhi.wenshi.views.common import (
    file_response,
    get_visible,
    managed_committees,
    participant_required,
)
from lvzhi.wenshi.views.lists import MANUSCRIPTS

COLUMNS = [
    Column(_("委员会"), lambda m: m.committee.short_name, 10),
    Column(_("类别"), lambda m: choice_label(m, "kind"), 10),
    Column(_("题目"), lambda m: m.title, 40),
    Column(_("作者"), lambda m: m.author_name, 12),
    Column(_("作者类别"), lambda m: choice_label(m, "author_kind"), 10),
    Column(_("形式"), lambda m: choice_label(m, "form"), 8),
    Column(_("来稿日期"), lambda m: m.submitted_on, 12),
    Column(_("状态"), lambda m: choice_label(m, "state"), 8),
    Column(_("采用日期"), lambda m: m.decided_on or "", 12),
]


@participant_required
def manuscript_list(request):
    office = services.can_read(request.user)
    scope = active_committee_ids(request) if office else None
    if request.GET.get("export") == "xlsx" and not office:
        raise PermissionDenied
    filters = {k: request.GET.get(k, "") for k in ("q", "state", "kind", "committee", "figure", "period")}
    listing = MANUSCRIPTS.run(request, selectors.manuscript_list(request.user, request.GET, committee_scope=scope))
    if listing.response:
        return listing.response
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            actor=request.user,
            rows=listing.queryset,
            columns=COLUMNS,
            filename=_("文史稿件"),
            what="wenshi.manuscripts",
            filters={k: v for k, v in request.GET.items() if k != "export"},
        )
    return render(
        request,
        "wenshi/manuscript_list.html",
        {
            "listing": listing,
            "page": listing.page,
            "office": office,
            "states": ManuscriptState.choices,
            "kinds": ManuscriptKind.choices,
            "filters": filters,
            "may_submit": services.may_submit(request.user),
        },
    )


def _open_calls(user, committee_ids):
    return Call.objects.visible_to(user).filter(committee_id__in=committee_ids, state=CallState.PUBLISHED)


@participant_required
def manuscript_create(request):
    """A member sends in their own; the office registers anyone's (choosing the committee and the author)."""
    user = request.user
    committees = managed_committees(request)
    office = committees.exists()
    if not office and not services.is_member_user(user):
        raise PermissionDenied
    files = request.FILES or None
    if office:
        form = OfficeManuscriptForm(
            request.POST or None,
            files,
            committees=committees,
            members=list(committees.values_list("id", flat=True)),
            calls=_open_calls(user, committees.values("id")),
        )
    else:
        form = ManuscriptSubmitForm(request.POST or None, files, calls=_open_calls(user, [user.committee_id]))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file", None)
        committee = data.pop("committee", None) or user.committee
        try:
            manuscript = services.submit_manuscript(
                actor=user, committee=committee, data=data, uploads=[upload] if upload else []
            )
            messages.success(request, _("已报送，编辑部初审后会通知您。") if not office else _("来稿已登记。"))
            return redirect("wenshi:manuscript_detail", manuscript.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "wenshi/manuscript_form.html", {"form": form, "title": _("报送文史稿件 / 线索")})


@participant_required
def manuscript_detail(request, pk):
    manuscript = get_visible(Manuscript.objects.select_related("committee", "call", "member"), request, pk)
    user = request.user
    actions = MANUSCRIPT_ACTIONS.for_user(manuscript, user)
    versions = list(manuscript.versions.select_related("edited_by"))
    original = versions[0] if versions else None
    compare = None
    if original and len(versions) > 1:
        compare = diff_lines(original.text + "\n" + original.transcript, manuscript.text + "\n" + manuscript.transcript)
    return render(
        request,
        "wenshi/manuscript_detail.html",
        {
            "manuscript": manuscript,
            "office": services.can_read(user),
            "action_forms": [(a, a.build_form(manuscript, user)) for a in actions],
            "versions": versions,
            "diff": compare,
            "files": list(manuscript.attachments.all()),
            "may_edit": services.may_edit(user, manuscript),
            "file_form": FileForm() if services.may_edit(user, manuscript) else None,
            "timeline": timeline(manuscript),
        },
    )


@participant_required
@require_POST
def manuscript_action(request, pk, action):
    manuscript = get_visible(Manuscript.objects.select_related("committee"), request, pk)
    perform_page_action(request, MANUSCRIPT_ACTIONS, manuscript, action)
    return redirect("wenshi:manuscript_detail", manuscript.pk)


@participant_required
def manuscript_edit(request, pk):
    manuscript = get_visible(Manuscript.objects.select_related("committee"), request, pk)
    if not services.may_edit(request.user, manuscript):
        raise PermissionDenied
    initial = {"title": manuscript.title, "text": manuscript.text, "transcript": manuscript.transcript}
    form = ManuscriptEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_manuscript(actor=request.user, manuscript=manuscript, data=form.cleaned_data)
            messages.success(request, _("已保存为新版本，原稿保留。"))
            return redirect("wenshi:manuscript_detail", manuscript.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(
        request, "wenshi/manuscript_form.html", {"form": form, "title": _("修改稿件"), "manuscript": manuscript}
    )


@participant_required
@require_POST
def manuscript_file_add(request, pk):
    manuscript = get_visible(Manuscript.objects.select_related("committee"), request, pk)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择文件。"))
    else:
        try:
            services.add_manuscript_file(actor=request.user, manuscript=manuscript, upload=form.cleaned_data["file"])
            messages.success(request, _("附件已上传。"))
        except ServiceError as exc:
            messages.error(request, "；".join([str(exc.message), *[str(m) for v in exc.errors.values() for m in v]]))
    return redirect("wenshi:manuscript_detail", manuscript.pk)


@participant_required
def manuscript_file(request, pk, file_id):
    manuscript = get_visible(Manuscript.objects.all(), request, pk)
    return file_response(manuscript.attachments.filter(pk=file_id).first())
