"""The office's registers: plans, calls, publications (with the contents and the docx of the table of
contents and front matter), the collection and its loan / exchange register, the figures and the
module's start page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import ServiceError
from lvzhi.core.exports import Column, choice_label, download, xlsx_response
from lvzhi.core.figure_pages import FigurePage, figure_page
from lvzhi.core.forms import apply_service_error
from lvzhi.core.scope import active_committee_ids
from lvzhi.core.workflow import timeline
from lvzhi.wenshi import documents, selectors, services
from lvzhi.wenshi.actions import CALL_ACTIONS, CIRCULATION_ACTIONS
from lvzhi.wenshi.choices import CallState, CirculationKind, ManuscriptState
from lvzhi.wenshi.figures import FIGURES
from lvzhi.wenshi.forms import (
    CallForm,
    CirculationForm,
    EntryForm,
    ItemForm,
    PlanForm,
    SeriesForm,
    VolumeForm,
)
from lvzhi.wenshi.models import Call, Circulation, CollectionItem, Manuscript, Plan, Series, Volume
from lvzhi.wenshi.views.common import (
    PAGE_SIZE,
    file_response,
    get_visible,
    office_required,
    office_scope,
    participant_required,
    require_managed,
)
from lvzhi.wenshi.views.lists import CALLS, CIRCULATIONS, ITEMS, PLANS, VOLUMES

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _problems(exc: ServiceError) -> str:
    return "；".join([str(exc.message), *[str(m) for v in exc.errors.values() for m in v]])


def _listed(request, listing, qs, template, context):
    """A register's list page through the list kit (its order, page size and remembered filters)."""
    listed = listing.run(request, qs)
    if listed.response:
        return listed.response
    return render(request, template, {"listing": listed, "page": listed.page, **context})


def _create(request, form, service, title, *, uploads=False):
    """The one shape of the registers' create pages: the form collects, the service writes."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        committee = data.pop("committee")
        upload = data.pop("file", None)
        try:
            kwargs = {"uploads": [upload] if upload else []} if uploads else {}
            obj = service(actor=request.user, committee=committee, data=data, **kwargs)
            messages.success(request, _("已保存。"))
            return redirect(obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else reverse("wenshi:home"))
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "wenshi/form.html", {"form": form, "title": title})


def _edit(request, obj, form, service, title, name):
    """The one shape of the registers' edit pages: the office of the record's committee only."""
    if not services.can_manage(request.user, obj.committee_id):
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, data=dict(form.cleaned_data), **{name: obj})
            messages.success(request, _("已保存。"))
            return redirect(obj.get_absolute_url())
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "wenshi/form.html", {"form": form, "title": title, "cancel": obj.get_absolute_url()})


def _initial(obj, names) -> dict:
    """The form's initial values: a related record by its id (the forms choose by pk)."""
    return {name: getattr(obj, f"{name}_id") if name in ("plan", "volume") else getattr(obj, name) for name in names}


@participant_required
def home(request):
    """Members: open calls, their own manuscripts, the committee's publications. The office: the same
    with the registers' links."""
    user = request.user
    scope = office_scope(request)
    mine = Manuscript.objects.visible_to(user).filter(submitted_by=user).order_by("-submitted_on", "-id")[:5]
    calls = Call.objects.visible_to(user).filter(committee_id__in=scope, state=CallState.PUBLISHED)[:5]
    volumes = Volume.objects.visible_to(user).filter(committee_id__in=scope, published_on__isnull=False)
    return render(
        request,
        "wenshi/home.html",
        {
            "office": services.can_read(user),
            "mine": list(mine),
            "calls": list(calls),
            "volumes": list(volumes.select_related("series")[:8]),
            "pending": Manuscript.objects.visible_to(user)
            .filter(committee_id__in=scope, state__in=[ManuscriptState.SUBMITTED, ManuscriptState.REVIEWING])
            .count()
            if services.can_read(user)
            else 0,
            "may_submit": services.may_submit(user),
        },
    )


# plans


@participant_required
def plan_list(request):
    qs = selectors.plan_list(request.user, request.GET, office_scope(request))
    return _listed(request, PLANS, qs, "wenshi/plan_list.html", {"office": services.can_read(request.user)})


@office_required
def plan_create(request):
    form = PlanForm(request.POST or None, committees=require_managed(request))
    return _create(request, form, services.create_plan, _("制定征编计划"))


@office_required
def plan_edit(request, pk):
    plan = get_visible(Plan.objects.select_related("committee"), request, pk)
    initial = _initial(plan, services.PLAN_FIELDS)
    initial["years"] = "\n".join(f"{y.year} {y.theme} {y.target}" for y in plan.years.all())
    form = PlanForm(request.POST or None, initial=initial, editing=True)
    return _edit(request, plan, form, services.update_plan, _("修改征编计划"), "plan")


@participant_required
def plan_detail(request, pk):
    plan = get_visible(Plan.objects.select_related("committee"), request, pk)
    calls = Call.objects.visible_to(request.user).filter(plan=plan)
    return render(
        request,
        "wenshi/plan_detail.html",
        {
            "plan": plan,
            "years": list(plan.years.all()),
            "calls": list(calls),
            "manages": services.can_manage(request.user, plan.committee_id),
        },
    )


# calls


@participant_required
def call_list(request):
    office = services.can_read(request.user)
    qs = selectors.call_list(request.user, request.GET, active_committee_ids(request), office=office)
    context = {"office": office, "filters": {"q": request.GET.get("q", "")}}
    return _listed(request, CALLS, qs, "wenshi/call_list.html", context)


@office_required
def call_create(request):
    committees = require_managed(request)
    plans = Plan.objects.filter(committee__in=committees)
    form = CallForm(request.POST or None, committees=committees, plans=plans)
    return _create(request, form, services.create_call, _("起草征稿启事"))


@office_required
def call_edit(request, pk):
    call = get_visible(Call.objects.select_related("committee"), request, pk)
    if call.state == CallState.CLOSED:
        messages.error(request, _("已截止的征稿启事不能修改。"))
        return redirect(call.get_absolute_url())
    plans = Plan.objects.filter(committee_id=call.committee_id)
    form = CallForm(request.POST or None, initial=_initial(call, services.CALL_FIELDS), plans=plans, editing=True)
    return _edit(request, call, form, services.update_call, _("修改征稿启事"), "call")


@participant_required
def call_detail(request, pk):
    call = get_visible(Call.objects.select_related("committee", "plan"), request, pk)
    user = request.user
    actions = CALL_ACTIONS.for_user(call, user)
    return render(
        request,
        "wenshi/call_detail.html",
        {
            "call": call,
            "action_forms": [(a, a.build_form(call, user)) for a in actions],
            "timeline": timeline(call),
            "may_submit": services.is_member_user(user) and call.state == CallState.PUBLISHED,
            "office": services.can_read(user),
            "received": call.manuscripts.count() if services.can_read(user) else None,
            "editable": services.can_manage(user, call.committee_id) and call.state != CallState.CLOSED,
        },
    )


@office_required
@require_POST
def call_action(request, pk, action):
    call = get_visible(Call.objects.select_related("committee"), request, pk)
    perform_page_action(request, CALL_ACTIONS, call, action)
    return redirect("wenshi:call_detail", call.pk)


# publications

VOLUME_COLUMNS = [
    Column(_("委员会"), lambda v: v.committee.short_name, 10),
    Column(_("书名"), lambda v: v.display_title, 40),
    Column(_("编者"), lambda v: v.editors, 20),
    Column(_("出版单位"), lambda v: v.publisher, 20),
    Column(_("内部资料准印证号"), lambda v: v.permit_number, 18),
    Column(_("出版日期"), lambda v: v.published_on or "", 12),
    Column(_("印数"), lambda v: v.print_run, 8),
    Column(_("篇目"), lambda v: v.entry_count, 8),
]


@participant_required
def volume_list(request):
    office = services.can_read(request.user)
    qs = selectors.volume_list(request.user, request.GET, office_scope(request))
    if not office:
        qs = qs.filter(published_on__isnull=False)
    if request.GET.get("export") == "xlsx" and office:
        return xlsx_response(
            actor=request.user,
            rows=qs.order_by(*VOLUMES.ordering(VOLUMES.sort_of(request.GET.get("sort")))),
            columns=VOLUME_COLUMNS,
            filename=_("文史资料出版物"),
            what="wenshi.volumes",
            filters={k: v for k, v in request.GET.items() if k != "export"},
        )
    context = {"office": office, "filters": {"q": request.GET.get("q", "")}}
    return _listed(request, VOLUMES, qs, "wenshi/volume_list.html", context)


@office_required
def volume_create(request):
    committees = require_managed(request)
    form = VolumeForm(
        request.POST or None, committees=committees, series=Series.objects.filter(committee__in=committees)
    )
    return _create(request, form, services.create_volume, _("登记出版物"))


@office_required
def series_create(request):
    form = SeriesForm(request.POST or None, committees=require_managed(request))
    return _create(request, form, services.create_series, _("新建文史丛书"))


def _volume(request, pk):
    volume = get_visible(Volume.objects.select_related("committee", "series"), request, pk)
    if not volume.is_published and not services.can_read(request.user):
        raise Http404
    return volume


@participant_required
def volume_detail(request, pk):
    volume = _volume(request, pk)
    manages = services.can_manage(request.user, volume.committee_id)
    entry_form = None
    if manages:
        used = volume.entries.values("manuscript_id")
        adoptable = Manuscript.objects.filter(committee_id=volume.committee_id, state=ManuscriptState.ADOPTED).exclude(
            pk__in=used
        )
        entry_form = EntryForm(manuscripts=adoptable.order_by("-decided_on", "id"))
    return render(
        request,
        "wenshi/volume_detail.html",
        {
            "volume": volume,
            "entries": list(volume.entries.select_related("manuscript")),
            "manages": manages,
            "entry_form": entry_form,
        },
    )


@office_required
@require_POST
def volume_entry_add(request, pk):
    volume = _volume(request, pk)
    try:
        services.add_volume_entry(actor=request.user, volume=volume, data=request.POST.dict())
        messages.success(request, _("已编入目录。"))
    except ServiceError as exc:
        messages.error(request, _problems(exc))
    return redirect("wenshi:volume_detail", volume.pk)


@office_required
@require_POST
def volume_entry_remove(request, pk, entry_id):
    volume = _volume(request, pk)
    try:
        services.remove_volume_entry(actor=request.user, volume=volume, entry_id=entry_id)
        messages.success(request, _("已移出目录。"))
    except ServiceError as exc:
        messages.error(request, _problems(exc))
    return redirect("wenshi:volume_detail", volume.pk)


@participant_required
def volume_docx(request, pk):
    volume = _volume(request, pk)
    content = documents.volume_front_matter(volume, actor=request.user)
    return download(content, f"{volume.display_title}-目录.docx", DOCX)


# the collection and its register


@office_required
def item_list(request):
    qs = selectors.item_list(request.user, request.GET, active_committee_ids(request))
    return _listed(request, ITEMS, qs, "wenshi/item_list.html", {"filters": {"q": request.GET.get("q", "")}})


@office_required
def item_create(request):
    committees = require_managed(request)
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        committees=committees,
        volumes=Volume.objects.filter(committee__in=committees).select_related("series"),
    )
    return _create(request, form, services.create_item, _("登记馆藏"), uploads=True)


@office_required
def item_edit(request, pk):
    item = get_visible(CollectionItem.objects.select_related("committee"), request, pk)
    volumes = Volume.objects.filter(committee_id=item.committee_id).select_related("series")
    form = ItemForm(request.POST or None, initial=_initial(item, services.ITEM_FIELDS), volumes=volumes, editing=True)
    return _edit(request, item, form, services.update_item, _("修改馆藏"), "item")


@office_required
def item_detail(request, pk):
    item = get_visible(CollectionItem.objects.select_related("committee", "volume__series"), request, pk)
    return render(
        request,
        "wenshi/item_detail.html",
        {
            "item": item,
            "files": list(item.attachments.all()),
            "manages": services.can_manage(request.user, item.committee_id),
        },
    )


@office_required
def item_file(request, pk, file_id):
    item = get_visible(CollectionItem.objects.all(), request, pk)
    return file_response(item.attachments.filter(pk=file_id).first())


CIRCULATION_COLUMNS = [
    Column(_("委员会"), lambda c: c.committee.short_name, 10),
    Column(_("类别"), lambda c: choice_label(c, "kind"), 8),
    Column(_("资料"), lambda c: c.what, 36),
    Column(_("对方"), lambda c: c.counterpart, 24),
    Column(_("日期"), lambda c: c.happened_on, 12),
    Column(_("册数"), lambda c: c.copies, 8),
    Column(_("回赠资料"), lambda c: c.received, 24),
    Column(_("归还日期"), lambda c: c.returned_on or "", 12),
]


@office_required
def circulation_list(request):
    filters = {k: request.GET.get(k, "") for k in ("q", "kind")}
    qs = selectors.circulation_list(request.user, request.GET, active_committee_ids(request))
    listing = CIRCULATIONS.run(request, qs)
    if listing.response:
        return listing.response
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            actor=request.user,
            rows=listing.queryset,
            columns=CIRCULATION_COLUMNS,
            filename=_("借阅与交换登记"),
            what="wenshi.circulations",
            filters={k: v for k, v in request.GET.items() if k != "export"},
        )
    page = listing.page
    return render(
        request,
        "wenshi/circulation_list.html",
        {
            "listing": listing,
            "page": page,
            "rows": [
                (c, [(a, a.build_form(c, request.user)) for a in CIRCULATION_ACTIONS.for_user(c, request.user)])
                for c in page
            ],
            "kinds": CirculationKind.choices,
            "filters": filters,
        },
    )


@office_required
def circulation_create(request):
    committees = require_managed(request)
    form = CirculationForm(
        request.POST or None,
        committees=committees,
        volumes=Volume.objects.filter(committee__in=committees).select_related("series"),
        items=CollectionItem.objects.filter(committee__in=committees),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        committee = data.pop("committee")
        try:
            services.record_circulation(actor=request.user, committee=committee, data=data)
            messages.success(request, _("已登记。"))
            return redirect("wenshi:circulation_list")
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "wenshi/form.html", {"form": form, "title": _("登记借阅 / 赠送 / 互赠")})


@office_required
@require_POST
def circulation_action(request, pk, action):
    row = get_visible(Circulation.objects.select_related("committee"), request, pk)
    perform_page_action(request, CIRCULATION_ACTIONS, row, action)
    return redirect("wenshi:circulation_list")


# figures


def _record_row(obj):
    if isinstance(obj, Manuscript):
        return {
            "url": obj.get_absolute_url(),
            "text": f"{obj.title}（{obj.author_name}）",
            "when": obj.decided_on or obj.submitted_on,
        }
    if isinstance(obj, Volume):
        return {"url": obj.get_absolute_url(), "text": obj.display_title, "when": obj.published_on}
    if isinstance(obj, CollectionItem):
        return {"url": obj.get_absolute_url(), "text": obj.title, "when": obj.acquired_on}
    return {
        "url": reverse("wenshi:circulation_list") + "?" + urlencode({"q": obj.counterpart}),
        "text": f"{obj.get_kind_display()} · {obj.counterpart} · {obj.what} · {obj.copies} 册",
        "when": obj.happened_on,
    }


FIGURE_PAGE = FigurePage(
    figures=FIGURES,
    template="wenshi/figures.html",
    records_template="wenshi/figure_records.html",
    row=_record_row,
    default_scope="tree",
    default_period="year",
    name_the_year=True,
    page_size=PAGE_SIZE,
    related=("series", "volume__series", "item"),
)


@office_required
def figures(request):
    return figure_page(request, FIGURE_PAGE)
