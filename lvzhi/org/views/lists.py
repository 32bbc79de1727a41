"""The per-committee lists — sectors, special committees, parties, party branches, studios, units —
served by one set of views and templates, each kind described once in KINDS."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import listing as lists
from lvzhi.core import registry
from lvzhi.core.cleaning import as_id
from lvzhi.core.exports import choice_label
from lvzhi.core.listing import Listing
from lvzhi.core.periods import parse_period
from lvzhi.core.scope import active_committee_ids, get_visible_or_404
from lvzhi.org import services
from lvzhi.org.choices import BranchKind, MembershipStatus, PartyKind, StudioLevel, UnitKind
from lvzhi.org.forms import ItemForm
from lvzhi.org.models import Committee, Member, Party, PartyBranch, Sector, SpecialCommittee, Studio, Unit
from lvzhi.org.views.common import (
    can_write,
    chosen_committee,
    is_htmx,
    manageable_committees,
    reader_required,
    require_manage,
    run_service,
)


@dataclass(frozen=True)
class Col:
    title: str
    value: Callable  # (obj) -> text
    kind: str = "text"  # text | name (links to the edit page) | status | small
    width: int = 14
    sort: tuple[str, ...] = ()  # (key, *fields to order by); empty: not sortable


@dataclass(frozen=True)
class Kind:
    key: str  # the URL name prefix: sector → sector_list / sector_create / sector_edit
    model: type
    title: str
    form_fields: tuple[str, ...]
    columns: tuple[Col, ...]
    search: tuple[str, ...] = ("name",)
    choice_filters: dict = field(default_factory=dict)  # field name -> (label, choices)
    select_related: tuple[str, ...] = ()
    prefetch: tuple = ()
    annotate: dict = field(default_factory=dict)
    order_by: tuple[str, ...] = ("committee__path", "sort", "pk")

    @property
    def listing(self) -> Listing:
        return LISTINGS[self.key]

    @property
    def list_url(self):
        return f"org:{self.key}_list"

    @property
    def create_url(self):
        return f"org:{self.key}_create"

    @property
    def edit_url(self):
        return f"org:{self.key}_edit"


def _active(obj):
    return _("启用") if obj.is_active else _("停用")


def _committee(obj):
    return obj.committee.short_name


def _seats(obj):
    return obj.seats


ACTIVE_SEATS = Count(
    "memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE, memberships__term__end_date__isnull=True)
)

NAME = Col(gettext_lazy("名称"), lambda o: o.name, "name", 24, ("name",))
COMMITTEE = Col(gettext_lazy("委员会"), _committee, "text", 12, ("committee",))  # ordered as the kind's order_by
SEATS = Col(gettext_lazy("本届在任委员"), _seats, "text", 12, ("seats",))
STATUS = Col(gettext_lazy("状态"), _active, "status", 8, ("active", "is_active"))


def _studio_members(studio):
    names = [m.name for m in studio.members.all()]
    return "、".join(names[:5]) + ("…" if len(names) > 5 else "") if names else "—"


KINDS = {
    kind.key: kind
    for kind in [
        Kind(
            "sector",
            Sector,
            gettext_lazy("界别"),
            ("name", "sort", "is_active"),
            (NAME, COMMITTEE, SEATS, STATUS),
            annotate={"seats": ACTIVE_SEATS},
        ),
        Kind(
            "special_committee",
            SpecialCommittee,
            gettext_lazy("专门委员会"),
            ("name", "sort", "is_active"),
            (NAME, COMMITTEE, SEATS, STATUS),
            annotate={"seats": ACTIVE_SEATS},
        ),
        Kind(
            "party",
            Party,
            gettext_lazy("参加单位"),
            ("name", "short_name", "kind", "sort", "is_active"),
            (
                NAME,
                Col(gettext_lazy("简称"), lambda o: o.short_name, "text", 10),
                Col(gettext_lazy("类别"), lambda o: choice_label(o, "kind"), "text", 12, ("kind",)),
                COMMITTEE,
                SEATS,
                STATUS,
            ),
            search=("name", "short_name"),
            choice_filters={"kind": (gettext_lazy("类别"), PartyKind.choices)},
            annotate={"seats": ACTIVE_SEATS},
        ),
        Kind(
            "branch",
            PartyBranch,
            gettext_lazy("党支部"),
            (
                "name",
                "kind",
                "parent",
                "secretary",
                "established_on",
                "dissolved_on",
                "merged_into",
                "sort",
                "is_active",
            ),
            (
                NAME,
                Col(gettext_lazy("类别"), lambda o: choice_label(o, "kind"), "text", 10),
                Col(gettext_lazy("上级支部"), lambda o: o.parent.name if o.parent else "—", "small", 20),
                Col(gettext_lazy("书记（组长）"), lambda o: o.secretary or "—", "text", 12),
                Col(gettext_lazy("成立日期"), lambda o: o.established_on or "—", "small", 11),
                Col(gettext_lazy("撤销（合并）日期"), lambda o: o.dissolved_on or "—", "small", 11),
                COMMITTEE,
                STATUS,
            ),
            search=("name", "secretary", "groups__name"),
            choice_filters={"kind": (gettext_lazy("类别"), BranchKind.choices)},
            select_related=("parent",),
            prefetch=(Prefetch("groups", queryset=PartyBranch.objects.order_by("sort", "pk")),),
        ),
        Kind(
            "studio",
            Studio,
            gettext_lazy("委员工作室"),
            ("name", "level", "address", "sector", "lead", "members", "established_on", "is_active"),
            (
                NAME,
                Col(gettext_lazy("层级"), lambda o: choice_label(o, "level"), "text", 10, ("level",)),
                COMMITTEE,
                Col(gettext_lazy("界别"), lambda o: o.sector.name if o.sector else "—", "text", 12),
                Col(gettext_lazy("牵头委员"), lambda o: o.lead.name if o.lead else "—", "text", 10),
                Col(gettext_lazy("入驻委员"), _studio_members, "small", 30),
                Col(gettext_lazy("人数"), lambda o: len(o.members.all()), "text", 6),
                Col(gettext_lazy("地址"), lambda o: o.address or "—", "small", 24),
                Col(
                    gettext_lazy("建成日期"),
                    lambda o: o.established_on or "—",
                    "text",
                    12,
                    ("established", "established_on"),
                ),
                STATUS,
            ),
            search=("name", "address", "lead__name"),
            choice_filters={"level": (gettext_lazy("层级"), StudioLevel.choices)},
            select_related=("sector", "lead"),
            prefetch=(Prefetch("members", queryset=Member.objects.order_by("name_pinyin", "pk")),),
            order_by=("committee__path", "name", "pk"),
        ),
        Kind(
            "unit",
            Unit,
            gettext_lazy("承办单位"),
            ("name", "kind", "contact_name", "contact_phone", "sort", "is_active"),
            (
                NAME,
                Col(gettext_lazy("类别"), lambda o: choice_label(o, "kind"), "text", 12, ("kind",)),
                Col(gettext_lazy("联系人"), lambda o: o.contact_name or "—", "text", 10),
                Col(gettext_lazy("联系电话"), lambda o: o.contact_phone or "—", "text", 14),
                COMMITTEE,
                STATUS,
            ),
            search=("name", "contact_name"),
            choice_filters={"kind": (gettext_lazy("类别"), UnitKind.choices)},
        ),
    ]
}


def _listing(kind: Kind) -> Listing:
    columns = []
    for col in kind.columns:
        key, *fields = col.sort or ("",)
        if key == "committee":
            fields = [name.lstrip("-") for name in kind.order_by if name != "pk"]
        columns.append(lists.Column(col.title, key, order=tuple(fields), value=col.value, width=col.width))
    return Listing(
        key=f"org.{kind.key}",
        columns=tuple(columns),
        default_sort="committee",  # the committee's own order (its tree, then the office's sort)
        page_size=50,
        export_name=str(kind.title),
    )


LISTINGS = {key: _listing(kind) for key, kind in KINDS.items()}


def _kind(key) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise Http404 from None


def filtered_items(request, kind: Kind):
    """The kind's rows in the active scope, narrowed by the query string; and the filter values."""
    ids = active_committee_ids(request)
    params = {name: (request.GET.get(name) or "").strip() for name in ("q", "committee", "active", "figure")}
    params.update({name: (request.GET.get(name) or "").strip() for name in kind.choice_filters})
    qs = kind.model.objects.in_committees(ids)
    committee = params["committee"]
    if committee:
        qs = qs.filter(committee_id=as_id(committee)) if as_id(committee) else qs.none()
    if params["active"] in ("1", "0"):
        qs = qs.filter(is_active=params["active"] == "1")
    for name in kind.choice_filters:
        if params[name]:
            qs = qs.filter(**{name: params[name]})
    if params["q"]:
        condition = Q()
        for name in kind.search:
            condition |= Q(**{f"{name}__icontains": params["q"]})
        qs = qs.filter(condition).distinct()
    figure = registry.figures().get(params["figure"]) if params["figure"] else None
    if figure is not None and figure.records_url == kind.list_url:
        records = figure.records(ids, parse_period("current"))
        qs = qs.filter(pk__in=records.values("pk"))
    else:
        figure = None
    if kind.model is PartyBranch and not params["kind"] and figure is None:
        qs = qs.filter(kind=BranchKind.BRANCH)  # the tree: branches, each followed by its groups
    qs = qs.select_related("committee", *kind.select_related).prefetch_related(*kind.prefetch)
    if kind.annotate:
        qs = qs.annotate(**kind.annotate)
    return qs.order_by(*kind.order_by), params, figure


def _display_rows(kind: Kind, objects, can_manage_ids):
    """Rows of (object, cells, depth, editable); a party branch is followed by its groups (a tree)."""
    rows = []

    def add(obj, depth):
        cells = [(col, col.value(obj)) for col in kind.columns]
        rows.append({"obj": obj, "cells": cells, "depth": depth, "editable": obj.committee_id in can_manage_ids})

    for obj in objects:
        add(obj, 0)
        if kind.key == "branch" and obj.kind == BranchKind.BRANCH:
            for group in obj.groups.all():
                group.committee = obj.committee
                group.parent = obj
                add(group, 1)
    return rows


@reader_required
def item_list(request, kind):
    kind = _kind(kind)
    qs, params, figure = filtered_items(request, kind)
    listing = kind.listing.run(request, qs, filters={k: v for k, v in params.items() if v}, export_rows=list)
    if listing.response:
        return listing.response
    page = listing.page
    ids = active_committee_ids(request)
    manage_ids = {pk for pk in ids if services.can_manage_org(request.user, pk)}
    context = {
        "kind": kind,
        "listing": listing,
        "page": page,
        "rows": _display_rows(kind, page, manage_ids),
        "params": params,
        "figure": figure,
        "choice_filters": [
            (name, label, choices, params[name]) for name, (label, choices) in kind.choice_filters.items()
        ],
        "committees": Committee.objects.filter(id__in=ids).order_by("path"),
        "can_write": can_write(request.user),
    }
    template = "org/item_list.html#results" if is_htmx(request) else "org/item_list.html"
    return render(request, template, context)


def _item_form_page(request, kind, form, title):
    return render(
        request,
        "org/form.html",
        {
            "title": title,
            "sections": [(None, form, True)],
            "cancel_url": reverse(kind.list_url),
            "crumbs": [(kind.title, kind.list_url)],
            "submit": _("保存"),
        },
    )


def _save(request, kind, form, committee, instance=None):
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("committee", "members")}
    return run_service(
        [form],
        lambda: services.save_list_item(
            actor=request.user,
            committee=committee,
            model=kind.model,
            data=data,
            instance=instance,
            members=form.cleaned_data.get("members") if "members" in form.fields else None,
        ),
    )


@reader_required
def item_create(request, kind):
    kind = _kind(kind)
    committees = manageable_committees(request)
    committee = chosen_committee(request, committees)
    data = request.POST if request.method == "POST" else None
    form = ItemForm(data, kind=kind, committee=committee, committees=committees)
    if data is not None and form.is_valid():
        obj = _save(request, kind, form, committee)
        if obj is not None:
            messages.success(request, _("已添加“%(name)s”。") % {"name": obj})
            return redirect(kind.list_url)
    return _item_form_page(request, kind, form, _("新增%(what)s") % {"what": kind.title})


@reader_required
def item_edit(request, kind, pk):
    kind = _kind(kind)
    obj = get_visible_or_404(kind.model.objects, request.user, pk=pk)
    require_manage(request, obj.committee_id)
    data = request.POST if request.method == "POST" else None
    form = ItemForm(
        data, kind=kind, committee=obj.committee, instance=obj, initial=model_to_dict(obj, fields=kind.form_fields)
    )
    if data is not None and form.is_valid():
        saved = _save(request, kind, form, obj.committee, instance=obj)
        if saved is not None:
            messages.success(request, _("已保存“%(name)s”。") % {"name": saved})
            return redirect(kind.list_url)
    return _item_form_page(request, kind, form, _("编辑%(what)s：%(name)s") % {"what": kind.title, "name": obj})
