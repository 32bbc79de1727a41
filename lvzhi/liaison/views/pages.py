"""The pages of every register: list with export, detail with timeline and actions, create, edit."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import render
from django.views.decorators.http import require_POST

from lvzhi.core import registers
from lvzhi.liaison import services
from lvzhi.liaison.actions import ACTION_TABLES
from lvzhi.liaison.registers import REGISTERS, STATE_CHOICES
from lvzhi.liaison.views.base import manageable_committees, members_of_committee, reader_required


def _register(key):
    return registers.register_of(REGISTERS, key)


LISTINGS = {key: registers.listing_of(reg) for key, reg in REGISTERS.items()}


@reader_required
def record_list(request, register):
    reg = _register(register)
    states = STATE_CHOICES[reg.key].choices if reg.key in STATE_CHOICES else []
    return registers.list_page(
        request,
        reg,
        LISTINGS[reg.key],
        template="liaison/list.html",
        states=states,
        can_create=lambda: manageable_committees(request).exists(),
    )


@reader_required
def record_detail(request, register, pk):
    reg = _register(register)
    obj = registers.get_record(reg, request, pk)
    context = registers.detail_context(
        request, reg, obj, can_manage=services.can_manage, table=ACTION_TABLES.get(reg.key)
    )
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
    committee = registers.form_committee(request, committees, obj)
    initial = {"committee": committee.pk}
    if obj is not None:
        initial.update(_initial(reg, obj))
    form = registers.bound_form(
        request,
        reg,
        committees=committees,
        committee=committee,
        initial=initial,
        members=members_of_committee(committee),
    )
    if request.method == "POST" and form.is_valid():
        saved = registers.save_form(request, reg, obj, form, form.service_data(), namespace="liaison")
        if saved is not None:
            return saved
    return render(request, "liaison/form.html", {"reg": reg, "obj": obj, "form": form})


@reader_required
def record_create(request, register):
    return _form_page(request, _register(register))


@reader_required
def record_edit(request, register, pk):
    reg = _register(register)
    obj = registers.managed_record(request, reg, pk, services.can_manage)
    return _form_page(request, reg, obj)


@reader_required
@require_POST
def record_action(request, register, pk, action):
    """One action of the register's action table, from its form on the detail page (the API's
    `POST /api/v1/liaison/<resource>/{id}/<action>` runs the same table)."""
    reg = _register(register)
    obj = registers.managed_record(request, reg, pk, services.can_manage)
    return registers.page_action(request, reg, obj, action, table=ACTION_TABLES.get(reg.key), namespace="liaison")
