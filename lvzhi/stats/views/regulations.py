"""The register of regulations (工作机制 and 制度): list with filters and export, detail with its
revisions, create, edit, revise, repeal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import ServiceError
from lvzhi.core.exports import Column, choice_label
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.scope import active_committee_ids, committee_ids, get_visible_or_404
from lvzhi.org.models import Committee
from lvzhi.stats import services
from lvzhi.stats.actions import REGULATION_ACTIONS
from lvzhi.stats.choices import RegulationKind
from lvzhi.stats.forms import RegulationForm
from lvzhi.stats.models import Regulation
from lvzhi.stats.selectors import filter_regulations
from lvzhi.stats.views.common import PAGE_SIZE, reader_required


def _manageable(user):
    ids = [pk for pk in committee_ids(user) if services.can_manage(user, pk)]
    return Committee.objects.filter(id__in=ids).order_by("path")


REGULATIONS = Listing(
    key="regulations.list",
    columns=(  # as regulation_list.html shows them
        ListColumn(_("名称"), "title"),
        ListColumn(_("类别"), "kind"),
        ListColumn(
            _("委员会"), "committee", order=("committee__path", "kind", "-adopted_on"), css="d-none d-md-table-cell"
        ),
        ListColumn(_("建立日期"), "adopted", order=("adopted_on",)),
        ListColumn(_("修订"), "revisions", order=("revision_count", "last_revised"), css="d-none d-md-table-cell"),
        ListColumn(_("状态"), "repealed", order=("repealed_on",), css="d-none d-md-table-cell"),
    ),
    default_sort="committee",  # each committee's rules by kind, the newest first
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
    export_name=_("制度机制"),
    export_columns=(
        Column(_("委员会"), lambda r: r.committee.short_name, 12),
        Column(_("名称"), lambda r: r.title, 40),
        Column(_("类别"), lambda r: choice_label(r, "kind"), 10),
        Column(_("文号"), lambda r: r.document_number, 20),
        Column(_("建立日期"), lambda r: r.adopted_on, 12),
        Column(_("修订次数"), lambda r: r.revision_count, 10),
        Column(_("最近修订"), lambda r: r.last_revised or "", 12),
        Column(_("废止日期"), lambda r: r.repealed_on or "", 12),
    ),
)


@reader_required
def regulation_list(request):
    qs = (
        Regulation.objects.filter(committee_id__in=active_committee_ids(request))
        .select_related("committee")
        .annotate(revision_count=Count("revisions"), last_revised=Max("revisions__revised_on"))
    )
    qs = filter_regulations(qs, request.GET, request.user)
    if request.GET.get("format") == "xlsx":
        filters = {k: v for k, v in request.GET.items() if k != "sort"}
        return REGULATIONS.export(request, qs, filters=filters)
    listing = REGULATIONS.run(request, qs)
    if listing.response:
        return listing.response
    return render(
        request,
        "stats/regulation_list.html",
        {
            "listing": listing,
            "page": listing.page,
            "kinds": RegulationKind.choices,
            "committees": Committee.objects.filter(id__in=active_committee_ids(request)).order_by("path"),
            "can_create": _manageable(request.user).exists(),
        },
    )


def _regulation_for(request, pk):
    return get_visible_or_404(Regulation.objects.select_related("committee"), request.user, pk=pk)


@reader_required
def regulation_detail(request, pk):
    regulation = _regulation_for(request, pk)
    return render(
        request,
        "stats/regulation_detail.html",
        {
            "regulation": regulation,
            "revisions": list(regulation.revisions.all()),
            "manages": services.can_manage(request.user, regulation.committee_id),
            "revise_form": REGULATION_ACTIONS.get("revise").build_form(regulation, request.user),
            "repeal_form": REGULATION_ACTIONS.get("repeal").build_form(regulation, request.user),
        },
    )


@reader_required
def regulation_create(request):
    committees = _manageable(request.user)
    if not committees.exists():
        raise PermissionDenied
    form = RegulationForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "committee"}
        try:
            regulation = services.create_regulation(
                actor=request.user, committee=form.cleaned_data["committee"], data=data
            )
            messages.success(request, _("已登记。"))
            return redirect("stats:regulation_detail", regulation.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "stats/regulation_form.html", {"form": form, "title": _("登记制度机制")})


@reader_required
def regulation_edit(request, pk):
    regulation = _regulation_for(request, pk)
    if not services.can_manage(request.user, regulation.committee_id):
        raise PermissionDenied
    form = RegulationForm(request.POST or None, instance=regulation, editing=True, committees=None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_regulation(actor=request.user, regulation=regulation, data=form.cleaned_data)
            messages.success(request, _("已保存。"))
            return redirect("stats:regulation_detail", regulation.pk)
        except ServiceError as exc:
            regulation.refresh_from_db()
            apply_service_error(form, exc)
    return render(
        request, "stats/regulation_form.html", {"form": form, "title": _("修改制度机制"), "regulation": regulation}
    )


@reader_required
@require_POST
def regulation_action(request, pk, action):
    """Revise or repeal from the detail page's forms, through the regulations' action table (the
    API's `POST /regulations/{id}/<action>` runs the same table). Problems come back as a message."""
    regulation = _regulation_for(request, pk)
    if not services.can_manage(request.user, regulation.committee_id):
        raise PermissionDenied
    perform_page_action(request, REGULATION_ACTIONS, regulation, action)
    return redirect("stats:regulation_detail", regulation.pk)
