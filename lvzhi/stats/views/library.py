"""The committee's library: the list (kind filter and search box), the reading page of a rule with
its 立·改·废 timeline, the text of each version and a diff between two, the reading page of a
reference document; the office's forms for reference documents and for correcting a version."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.errors import ServiceError
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.scope import committee_ids, form_committee, get_visible_or_404
from lvzhi.core.textdiff import diff_lines, diff_summary
from lvzhi.org.models import Committee
from lvzhi.stats import library, services
from lvzhi.stats.forms import ReferenceDocumentForm, RevisionForm
from lvzhi.stats.models import ReferenceDocument, Regulation, RegulationRevision
from lvzhi.stats.views.common import PAGE_SIZE


def library_reader(view):
    """Members, and the statistics office and leaders (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not library.can_read_library(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _manageable(user):
    ids = [pk for pk in committee_ids(user) if services.can_manage(user, pk)]
    return Committee.objects.filter(id__in=ids).order_by("path")


# the library's list through the list kit: by kind (rules first, as `library.entries` gives them),
# or by title or date; its order and page size kept in the query string, the last filters remembered
LIBRARY = Listing(
    key="stats.library",
    columns=(
        ListColumn(gettext_lazy("类别"), "kind"),
        ListColumn(gettext_lazy("名称"), "title", sort_value=lambda e: e.title),
        ListColumn(gettext_lazy("日期"), "date", sort_value=lambda e: e.date),
    ),
    default_sort="kind",
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
)


@library_reader
def library_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in dict(library.KINDS) else ""
    q = request.GET.get("q", "")[:100]
    rows = library.entries(request.user, kind=kind, q=q)
    listing = LIBRARY.run_rows(request, rows, filters={"kind": kind, "q": q})
    if listing.response:
        return listing.response
    return render(
        request,
        "stats/library_list.html",
        {
            "listing": listing,
            "page": listing.page,
            "kinds": library.KINDS,
            "kind": kind,
            "q": q,
            "count": len(rows),
            "can_add": _manageable(request.user).exists(),
        },
    )


def _number(text, default, versions):
    try:
        n = int(text)
    except (TypeError, ValueError):
        return default
    return n if 1 <= n <= len(versions) else default


@library_reader
def library_regulation(request, pk):
    regulation = get_visible_or_404(
        Regulation.objects.select_related("committee").prefetch_related("revisions"), request.user, pk=pk
    )
    versions = library.versions(regulation)
    shown = versions[_number(request.GET.get("v"), len(versions), versions) - 1]
    compare = None
    if request.GET.get("compare"):
        base = versions[_number(request.GET.get("compare"), 1, versions) - 1]
        if base.number != shown.number:
            rows = diff_lines(base.text, shown.text)
            compare = {"base": base, "rows": rows, "summary": diff_summary(rows)}
    manages = services.can_manage(request.user, regulation.committee_id)
    return render(
        request,
        "stats/library_regulation.html",
        {
            "regulation": regulation,
            "versions": versions,
            "steps": library.steps(regulation, versions),
            "shown": shown,
            "text": shown.text,
            "compare": compare,
            "manages": manages,
            "office": library.can_read(request.user),
        },
    )


@library_reader
def library_document(request, pk):
    document = get_visible_or_404(ReferenceDocument.objects.select_related("committee"), request.user, pk=pk)
    return render(
        request,
        "stats/library_document.html",
        {"document": document, "manages": services.can_manage(request.user, document.committee_id)},
    )


def _form_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("committee", None)
    for name in ("sectors", "special_committees", "parties"):
        data[name] = [row.pk for row in data.get(name) or []]
    return data


@library_reader
def document_create(request):
    committees = _manageable(request.user)
    # the committee is chosen above the form (its audience lists are that committee's): the user's
    # own by default, else the first they manage
    committee = form_committee(request, committees)
    if committee is None:
        raise PermissionDenied
    form = ReferenceDocumentForm(request.POST or None, committee=committee, committees=committees)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_reference_document(
                actor=request.user, committee=form.cleaned_data.get("committee"), data=_form_data(form)
            )
            messages.success(request, _("已加入图书馆。"))
            return redirect("stats:library_document", document.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(
        request, "stats/library_form.html", {"form": form, "title": _("添加参考文件"), "committees": committees}
    )


@library_reader
def document_edit(request, pk):
    document = get_visible_or_404(ReferenceDocument.objects.select_related("committee"), request.user, pk=pk)
    if not services.can_manage(request.user, document.committee_id):
        raise PermissionDenied
    form = ReferenceDocumentForm(
        request.POST or None, committee=document.committee, initial=ReferenceDocumentForm.initial_for(document)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_reference_document(actor=request.user, document=document, data=_form_data(form))
            messages.success(request, _("已保存。"))
            return redirect("stats:library_document", document.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "stats/library_form.html", {"form": form, "title": _("修改参考文件"), "document": document})


@library_reader
def revision_edit(request, pk, revision_pk):
    """Correct a version of a rule: its date, the body that adopted it, its note, its text."""
    revision = get_visible_or_404(
        RegulationRevision.objects.select_related("regulation", "committee"), request.user, pk=revision_pk
    )
    if revision.regulation_id != pk:
        raise PermissionDenied
    if not services.can_manage(request.user, revision.committee_id):
        raise PermissionDenied
    initial = {name: getattr(revision, name) for name in services.REVISION_FIELDS}
    form = RevisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_revision(actor=request.user, revision=revision, data=form.cleaned_data)
            messages.success(request, _("已保存。"))
            return redirect("stats:library_regulation", pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(
        request,
        "stats/library_form.html",
        {"form": form, "title": _("修改版本"), "regulation": revision.regulation, "revision": revision},
    )
