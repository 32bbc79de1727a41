"""Summary templates: list, write and edit (staff with the statistics permission), preview with
each figure linked to its records, and download as docx, HTML or text."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import audit, registry
from lvzhi.core.errors import Invalid, NotFound, ServiceError
from lvzhi.core.exports import DOCX, download
from lvzhi.core.forms import apply_service_error
from lvzhi.core.scope import committee_ids, get_visible_or_404
from lvzhi.org.models import Committee
from lvzhi.stats import services
from lvzhi.stats.documents import summary_docx
from lvzhi.stats.forms import SummaryDraftForm, SummaryTemplateForm
from lvzhi.stats.models import SummaryTemplate
from lvzhi.stats.selectors import parse_as_of, visible_committee
from lvzhi.stats.summary import render as render_summary
from lvzhi.stats.summary import typed_number_warnings
from lvzhi.stats.views.common import as_page_error, committees_for, reader_required
from lvzhi.stats.views.summary_picker import picker_context


def _manageable(user):
    ids = [pk for pk in committee_ids(user) if services.can_manage(user, pk)]
    return Committee.objects.filter(id__in=ids).order_by("path")


@reader_required
def summary_list(request):
    templates = (
        SummaryTemplate.objects.visible_to(request.user).select_related("committee").order_by("committee__path", "slug")
    )
    return render(
        request,
        "stats/summary_list.html",
        {"templates": templates, "can_create": _manageable(request.user).exists()},
    )


def _template_for(request, pk) -> SummaryTemplate:
    return get_visible_or_404(SummaryTemplate.objects.select_related("committee"), request.user, pk=pk)


@reader_required
def summary_create(request):
    committees = _manageable(request.user)
    if not committees.exists():
        raise PermissionDenied
    form = SummaryTemplateForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "committee"}
        try:
            template = services.create_summary_template(
                actor=request.user, committee=form.cleaned_data["committee"], data=data
            )
            messages.success(request, _("综述模板已保存。"))
            _warn_typed_numbers(request, template)
            return redirect("stats:summary_preview", template.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    committee = form.cleaned_data.get("committee") if form.is_bound and form.is_valid() else committees.first()
    return render(request, "stats/summary_form.html", {"form": form, **picker_context(committee)})


@reader_required
def summary_draft(request):
    """Draft from records: a first draft of the highlights summary that staff then edit."""
    committees = _manageable(request.user)
    if not committees.exists():
        raise PermissionDenied
    modules = [(m.key, m.label) for m in registry.modules() if m.figures]
    form = SummaryDraftForm(request.POST or None, committees=committees, modules=modules)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "committee"}
        try:
            template = services.draft_summary_template(
                actor=request.user, committee=form.cleaned_data["committee"], data=data
            )
            messages.success(request, _("已由记录起草综述初稿，请修改润色。"))
            return redirect("stats:summary_edit", template.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "stats/summary_draft.html", {"form": form})


def _warn_typed_numbers(request, template):
    """After a save: each number typed into the text that equals or approximates a figure's value."""
    for warning in typed_number_warnings(template.body, template.committee, timezone.localdate()):
        messages.warning(request, warning)


@reader_required
def summary_edit(request, pk):
    template = _template_for(request, pk)
    if not services.can_manage(request.user, template.committee_id):
        raise PermissionDenied
    form = SummaryTemplateForm(request.POST or None, instance=template, editing=True, committees=None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_summary_template(actor=request.user, template=template, data=form.cleaned_data)
            messages.success(request, _("综述模板已保存。"))
            _warn_typed_numbers(request, template)
            return redirect("stats:summary_preview", template.pk)
        except ServiceError as exc:
            template.refresh_from_db()
            apply_service_error(form, exc)
    context = {"form": form, "template": template, **picker_context(template.committee)}
    return render(request, "stats/summary_form.html", context)


@reader_required
@require_POST
def summary_delete(request, pk):
    template = _template_for(request, pk)
    if not services.can_manage(request.user, template.committee_id):
        raise PermissionDenied
    services.delete_summary_template(actor=request.user, template=template)
    messages.success(request, _("综述模板已删除。"))
    return redirect("stats:summary_list")


def _rendered(request, template):
    committee = visible_committee(request.user, request.GET.get("committee") or template.committee_id)
    try:
        as_of = parse_as_of(request.GET.get("as_of") or timezone.localdate())
        return render_summary(template, committee, as_of, within=committee_ids(request.user))
    except Invalid as exc:
        raise as_page_error(exc) from None


@reader_required
def summary_preview(request, pk):
    template = _template_for(request, pk)
    rendered = _rendered(request, template)
    return render(
        request,
        "stats/summary_preview.html",
        {
            "template": template,
            "rendered": rendered,
            "committees": committees_for(request.user),
            "can_edit": services.can_manage(request.user, template.committee_id),
            "query": request.GET.urlencode(),
        },
    )


@reader_required
def summary_download(request, pk, fmt):
    template = _template_for(request, pk)
    if fmt not in ("docx", "html", "txt"):
        raise NotFound()
    rendered = _rendered(request, template)
    name = f"{rendered.committee.short_name}-{template.title}-{rendered.as_of:%Y%m%d}"
    audit.record(
        f"export.{fmt}",
        actor=request.user,
        obj=template,
        committee=rendered.committee,
        after={"committee": rendered.committee.code, "as_of": str(rendered.as_of), "missing": len(rendered.missing)},
    )
    if fmt == "docx":
        return download(summary_docx(rendered), f"{name}.docx", DOCX)
    if fmt == "txt":
        return download(rendered.text().encode("utf-8"), f"{name}.txt", "text/plain; charset=utf-8")
    html = render_to_string("stats/summary_document.html", {"rendered": rendered}, request=request)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = download(b"", f"{name}.html", "text/html")["Content-Disposition"]
    return response
