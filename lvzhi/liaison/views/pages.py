"""The pages of every register: list with export, detail with timeline and actions, create, edit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import ServiceError
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.scope import committee_ids
from lvzhi.core.workflow import timeline
from lvzhi.liaison import services
from lvzhi.liaison.actions import ACTION_TABLES
from lvzhi.liaison.registers import REGISTERS, STATE_CHOICES
from lvzhi.liaison.selectors import filter_records
from lvzhi.liaison.views.base import (
    EXPORT_LIMIT,
    PAGE_SIZE,
    get_record,
    manageable_committees,
    members_of_committee,
    reader_required,
    scoped,
)
from lvzhi.org.models import Committee


def _register(key):
    try:
        return REGISTERS[key]
    except KeyError:
        raise Http404 from None


def _sort_key(col) -> str:
    return col.order[0].replace("__", ".") if col.order else ""


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def _listing(reg) -> Listing:
    """The register's list: its columns sort by their declared fields, its date newest first."""
    columns = tuple(
        ListColumn(c.label, _sort_key(c), order=c.order, value=lambda o, c=c: _cell(c.value(o)), width=c.width)
        for c in reg.columns
    )
    by_date = next((col.key for col in columns if col.order == (reg.date_field,)), "")
    default = f"-{by_date}" if by_date else next(col.key for col in columns if col.key)
    return Listing(
        key=reg.export_what,
        columns=columns,
        default_sort=default,
        page_size=PAGE_SIZE,
        page_sizes=(20, 50, 100),
        export_name=str(reg.title),
    )


LISTINGS = {key: _listing(reg) for key, reg in REGISTERS.items()}


@reader_required
def record_list(request, register):
    reg = _register(register)
    params = {k: request.GET.get(k, "") for k in reg.filter_keys}
    qs = filter_records(reg, scoped(reg, request), params, request.user)
    listing = LISTINGS[reg.key].run(request, qs, filters=params, export_rows=lambda rows: rows[:EXPORT_LIMIT])
    if listing.response:
        return listing.response
    page = listing.page
    rows = [(obj, [(c, c.value(obj), c.badge(obj) if c.badge else "") for c in reg.columns]) for obj in page]
    committees = Committee.objects.filter(id__in=committee_ids(request.user)).order_by("path")
    states = STATE_CHOICES[reg.key].choices if reg.key in STATE_CHOICES else []
    return render(
        request,
        "liaison/list.html",
        {
            "reg": reg,
            "listing": listing,
            "page": page,
            "rows": rows,
            "params": params,
            "committees": committees,
            "states": states,
            "can_create": manageable_committees(request).exists(),
        },
    )


@reader_required
def record_detail(request, register, pk):
    reg = _register(register)
    obj = get_record(reg, request, pk)
    user = request.user
    manages = services.can_manage(user, obj.committee_id)
    table = ACTION_TABLES.get(reg.key)
    offered = table.for_user(obj, user) if table is not None else []
    context = {
        "reg": reg,
        "obj": obj,
        "details": reg.details(obj),
        "manages": manages,
        "editable": manages and reg.editable(obj),
        "actions": [(action.name, reg.actions[action.name]) for action in offered],
        "timeline": timeline(obj) if reg.has_state else None,
    }
    return render(request, "liaison/detail.html", context)


def _initial(reg, obj):
    initial = {}
    for name in reg.form.base_fields:
        if name == "committee":
            continue
        try:
            field = obj._meta.get_field(name)
        except Exception:  # a form field that is not a model field
            continue
        if isinstance(field, models.ManyToManyField):
            initial[name] = list(getattr(obj, name).values_list("pk", flat=True))
        elif isinstance(field, models.ForeignKey):
            initial[name] = getattr(obj, f"{name}_id")
        else:
            initial[name] = getattr(obj, name)
    return initial


def _form_page(request, reg, obj=None):
    if obj is not None and not reg.editable(obj):
        raise PermissionDenied
    committees = manageable_committees(request)
    if obj is not None:
        committees = committees.filter(pk=obj.committee_id)
    if not committees.exists():
        raise PermissionDenied
    wanted = request.POST.get("committee") or request.GET.get("committee") or (obj and obj.committee_id)
    committee = committees.filter(pk=wanted).first() if str(wanted or "").isdigit() and len(str(wanted)) < 12 else None
    committee = committee or committees.filter(pk=request.user.committee_id).first() or committees.first()
    initial = {"committee": committee.pk}
    if obj is not None:
        initial.update(_initial(reg, obj))
    form = reg.form(
        request.POST if request.method == "POST" else None,
        initial=initial,
        committees=committees,
        committee=committee,
        members=members_of_committee(committee),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            if obj is None:
                obj = reg.create(actor=request.user, committee=form.cleaned_data["committee"], data=data)
                messages.success(request, _("已登记。"))
            else:
                reg.update(request.user, obj, data)
                messages.success(request, _("已保存。"))
            return redirect(f"liaison:{reg.key}_detail", obj.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "liaison/form.html", {"reg": reg, "obj": obj, "form": form})


@reader_required
def record_create(request, register):
    return _form_page(request, _register(register))


@reader_required
def record_edit(request, register, pk):
    reg = _register(register)
    obj = get_record(reg, request, pk)
    if not services.can_manage(request.user, obj.committee_id):
        raise PermissionDenied
    return _form_page(request, reg, obj)


@reader_required
@require_POST
def record_action(request, register, pk, action):
    """One action of the register's action table, from its form on the detail page (the API's
    `POST /api/v1/liaison/<resource>/{id}/<action>` runs the same table)."""
    reg = _register(register)
    obj = get_record(reg, request, pk)
    if not services.can_manage(request.user, obj.committee_id):
        raise PermissionDenied
    table = ACTION_TABLES.get(reg.key)
    if table is None:
        raise Http404
    perform_page_action(request, table, obj, action)
    return redirect(f"liaison:{reg.key}_detail", obj.pk)
