"""Study materials: the list (filters, search, pagination, xlsx for the office), the detail with the
member's study and reflection, the office's forms, and the completion tables."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.actions import perform_page_action
from lvzhi.core.batch import counts
from lvzhi.core.errors import NotFound, ServiceError
from lvzhi.core.exports import Column, choice_label, xlsx_response
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.periods import parse_period, period_choices
from lvzhi.core.scope import committee_ids, get_visible_or_404
from lvzhi.core.workflow import timeline
from lvzhi.learning import forms, selectors, services
from lvzhi.learning.actions import MATERIAL_ACTIONS
from lvzhi.learning.choices import MaterialKind, MaterialState, ReflectionState
from lvzhi.learning.models import StudyMaterial, Topic, reads_all
from lvzhi.learning.services.study import MIN_REFLECTION
from lvzhi.learning.views.common import (
    PAGE_SIZE,
    chosen_committee,
    manager_required,
    reader_required,
    serve_attachment,
    user_required,
)

LIST_COLUMNS = [
    Column(_("标题"), lambda m: m.title, 40),
    Column(_("类型"), lambda m: choice_label(m, "kind")),
    Column(_("专题"), lambda m: "、".join(t.name for t in m.topics.all()), 20),
    Column(_("委员会"), lambda m: m.committee.short_name),
    Column(_("状态"), lambda m: choice_label(m, "state")),
    Column(_("必学"), lambda m: _("是") if m.required else ""),
    Column(_("截止日期"), lambda m: m.deadline),
    Column(_("发布时间"), lambda m: m.published_at.strftime("%Y-%m-%d %H:%M") if m.published_at else ""),
]


MATERIALS = Listing(
    key="learning.materials",
    columns=(
        ListColumn(_("发布时间"), "published", order=("published_at",)),
        ListColumn(_("标题"), "title"),
        ListColumn(_("学习截止日期"), "deadline"),
    ),
    default_sort="-published",
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
    export_name="学习资料",
    export_columns=tuple(LIST_COLUMNS),
)


@user_required
def material_list(request):
    user = request.user
    params = request.GET.dict()
    qs = selectors.materials_for(user, params, allowed_committees=committee_ids(user))
    office = reads_all(user)
    if request.GET.get("export") == "xlsx" and not office:
        raise PermissionDenied
    listing = MATERIALS.run(request, qs, filters=params)
    if listing.response:
        return listing.response
    page = listing.page
    reflections = selectors.reflection_states(user, page.object_list)
    for material in page.object_list:
        material.reflection_state = reflections.get(material.pk)
    topics = sorted(set(Topic.objects.visible_to(user).filter(archived=False).values_list("name", flat=True)))
    if not topics and user.committee_id:
        topics = services.topics_of(user.committee)
    return render(
        request,
        "learning/list.html",
        {
            "listing": listing,
            "page": page,
            "office": office,
            "manages": services.can_manage(user, user.committee_id) if user.committee_id else False,
            "topics": topics,
            "kinds": MaterialKind.choices,
            "states": MaterialState.choices,
            "params": params,
        },
    )


def _material_form_context(request, form, committee, committees, material=None):
    return {"form": form, "committee": committee, "committees": committees, "material": material}


def _form_data(form):
    data = dict(form.cleaned_data)
    upload = data.pop("file", None)
    for name in ("sectors", "special_committees", "parties", "studios", "members"):
        data[name] = [obj.pk for obj in data.get(name) or []]
    return data, upload


@manager_required
def material_create(request):
    committee, committees = chosen_committee(request)
    form = forms.MaterialForm(request.POST or None, request.FILES or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        data, upload = _form_data(form)
        try:
            material = services.create_material(actor=request.user, committee=committee, data=data, upload=upload)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("learning:detail", material.pk)
    return render(request, "learning/form.html", _material_form_context(request, form, committee, committees))


@manager_required
def material_edit(request, pk):
    material = get_visible_or_404(StudyMaterial.objects.select_related("committee"), request.user, pk=pk)
    if not services.can_manage(request.user, material.committee_id):
        raise NotFound()
    form = forms.MaterialForm(
        request.POST or None,
        request.FILES or None,
        committee=material.committee,
        initial=forms.MaterialForm.initial_of(material),
    )
    if request.method == "POST" and form.is_valid():
        data, upload = _form_data(form)
        try:
            services.update_material(actor=request.user, material=material, data=data, upload=upload)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("learning:detail", material.pk)
    return render(
        request, "learning/form.html", _material_form_context(request, form, material.committee, [], material)
    )


def _detail(request, material, *, failed=None, status=200):
    user = request.user
    record, reflection = selectors.own_study(material, user)  # the buttons below ask them again, not the database
    actions = {a.name: a for a in MATERIAL_ACTIONS.for_user(material, user)}
    forms_by_name = {name: a.build_form(material, user) for name, a in actions.items()}
    if reflection is not None and "reflect" in forms_by_name:
        forms_by_name["reflect"] = forms.ReflectionForm(initial={"text": reflection.text})
    if failed:
        forms_by_name[failed[0]] = failed[1]
    manages = services.can_manage(user, material.committee_id)
    context = {
        "material": material,
        "topics": [t.name for t in material.topics.all()],
        "record": record,
        "reflection": reflection,
        "actions": actions,
        "forms": forms_by_name,
        "office_actions": [
            (a, forms_by_name[a.name], reverse("learning:act", args=[material.pk, a.name]))
            for a in actions.values()
            if a.name in ("publish", "withdraw")
        ],
        "manages": manages,
        "office": reads_all(user),
        "timeline": timeline(material) if reads_all(user) else [],
        "min_reflection": MIN_REFLECTION,
        "groups": material.reading_groups.visible_to(user) if material.kind == MaterialKind.BOOK else [],
        "counts": _counts(material) if reads_all(user) else None,
    }
    return render(request, "learning/detail.html", context, status=status)


def _counts(material) -> dict:
    """How many studied the material and submitted a reflection, counted in one statement."""
    studied, reflections = counts(
        [material.records.all(), material.reflections.filter(state=ReflectionState.SUBMITTED)]
    )
    return {"studied": studied, "reflections": reflections}


def _visible(request, pk):
    return get_visible_or_404(StudyMaterial.objects.select_related("committee", "attachment"), request.user, pk=pk)


@user_required
def material_detail(request, pk):
    return _detail(request, _visible(request, pk))


@require_POST
@user_required
def material_act(request, pk, action):
    material = _visible(request, pk)
    result = perform_page_action(request, MATERIAL_ACTIONS, material, action, keep_form=True)
    if result.done or result.form is None:  # done, or refused with a message: back to the record
        return redirect("learning:detail", material.pk)
    material.refresh_from_db()
    return _detail(request, material, failed=(action, result.form), status=result.status)


@user_required
def material_file(request, pk):
    material = _visible(request, pk)
    if material.attachment is None:
        raise NotFound()
    return serve_attachment(material.attachment)


# --- completion --------------------------------------------------------------------------------------

MEMBER_COLUMNS = [
    Column(_("委员"), lambda r: r["name"]),
    Column(_("委员会"), lambda r: r["committee"]),
    Column(_("界别"), lambda r: r["sector"]),
    Column(_("应学"), lambda r: r["required"], 8),
    Column(_("已学"), lambda r: r["studied"], 8),
    Column(_("学习时间"), lambda r: r["studied_at"].strftime("%Y-%m-%d %H:%M") if r["studied_at"] else ""),
    Column(_("浏览器计时（分钟）"), lambda r: round(r["seconds"] / 60, 1) if r["seconds"] is not None else ""),
    Column(_("心得"), lambda r: r["reflection"]),
]
MEMBERS_PER_PAGE = 100
GROUP_COLUMNS = [
    Column(_("名称"), lambda r: r["name"], 20),
    Column(_("应学人次"), lambda r: r["audience"]),
    Column(_("已学人次"), lambda r: r["studied"]),
    Column(_("完成率（%）"), lambda r: r["rate"]),
]


def _completion_response(request, title, tables, filename):
    by = request.GET.get("by") or "member"
    if request.GET.get("export") == "xlsx":
        if by not in ("member", "sector", "committee"):
            raise NotFound()
        columns = MEMBER_COLUMNS if by == "member" else GROUP_COLUMNS
        return xlsx_response(
            actor=request.user,
            rows=tables[f"by_{by}"],
            columns=columns,
            filename=filename,
            what=f"learning.completion.{by}",
            filters=request.GET.dict(),
        )
    return None


def _tables_context(request, tables):
    """The sums by committee and by sector whole; the members' rows a page at a time (a province's
    required reading reaches tens of thousands: the export has them all)."""
    return {
        "group_tables": [
            (_("按委员会（县区）"), "committee", tables["by_committee"]),
            (_("按界别"), "sector", tables["by_sector"]),
        ],
        "member_page": Paginator(tables["by_member"], MEMBERS_PER_PAGE).get_page(request.GET.get("page")),
    }


@reader_required
def completion(request, pk):
    material = _visible(request, pk)
    tables = selectors.completion([material] if material.state == MaterialState.PUBLISHED else [])
    response = _completion_response(request, material.title, tables, f"学习完成情况-{material.pk}")
    if response is not None:
        return response
    return render(request, "learning/completion.html", {"material": material, **_tables_context(request, tables)})


@reader_required
def completion_all(request):
    ids = list(committee_ids(request.user))
    this_year = f"year:{timezone.localdate().year}"
    period_text = request.GET.get("period") or this_year
    try:
        period = parse_period(period_text)
    except ServiceError:
        period_text, period = this_year, parse_period(this_year)
    # offered in words (2026年, 2025年 …, 累计), as on every figure page; no 本届以来: the materials
    # are not counted by term
    choices = [choice for choice in period_choices(timezone.localdate(), period_text) if choice[0] != "term"]
    materials = list(selectors.required_materials(ids, period))
    tables = selectors.completion(materials)
    response = _completion_response(request, _("必学资料"), tables, "必学资料完成情况")
    if response is not None:
        return response
    return render(
        request,
        "learning/completion.html",
        {
            "materials": materials,
            "period_text": period_text,
            "period_choices": choices,
            **_tables_context(request, tables),
        },
    )


@manager_required
def topic_list(request):
    committee, committees = chosen_committee(request)
    form = forms.TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_topic(actor=request.user, committee=committee, name=form.cleaned_data["name"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect(f"{request.path}?committee={committee.pk}")
    return render(
        request,
        "learning/topics.html",
        {
            "committee": committee,
            "committees": committees,
            "topics": Topic.objects.filter(committee=committee),
            "defaults": services.topics_of(committee),
            "form": form,
        },
    )


@require_POST
@manager_required
def topic_archive(request, pk):
    topic = get_visible_or_404(Topic.objects.select_related("committee"), request.user, pk=pk)
    try:
        services.archive_topic(actor=request.user, topic=topic)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    return redirect(f"{reverse('learning:topics')}?committee={topic.committee_id}")
