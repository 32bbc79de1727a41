"""The pages of every register: list with export, detail with timeline and actions, create, edit."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.accounts.choices import Permission
from lvzhi.core import registers
from lvzhi.supervision import services
from lvzhi.supervision.actions import ACTION_TABLES
from lvzhi.supervision.registers import REGISTERS, STATE_CHOICES
from lvzhi.supervision.views.base import manageable_committees, members_of_committee, reader_required


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
        template="supervision/list.html",
        states=states,
        can_create=lambda: manageable_committees(request).exists(),
    )


@reader_required
def record_detail(request, register, pk, *, revealed=None):
    reg = _register(register)
    obj = registers.get_record(reg, request, pk)
    context = registers.detail_context(
        request, reg, obj, can_manage=services.can_manage, table=ACTION_TABLES.get(reg.key)
    )
    context["revealed"] = revealed
    context["can_reveal"] = request.user.has_module_perm(Permission.VIEW_PII) and context["manages"]
    return render(request, "supervision/detail.html", context)


def _form_page(request, reg, obj=None):
    if reg.create is None or (obj is not None and (reg.update is None or not reg.editable(obj))):
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
        data = form.service_data()
        if obj is not None and reg.key == "mediation" and not data.get("parties"):
            data.pop("parties", None)  # left blank: unchanged
        saved = registers.save_form(request, reg, obj, form, data, namespace="supervision")
        if saved is not None:
            return saved
    if obj is not None and reg.key == "mediation":
        form.fields["parties"].required = False
        form.fields["parties"].help_text = _("留空则不修改；填写则替换全部当事人。")
    return render(request, "supervision/form.html", {"reg": reg, "obj": obj, "form": form})


def _initial(reg, obj):
    initial = {}
    for name in reg.form.base_fields:
        if name in ("committee", "parties"):
            continue
        if name in reg.member_fields and name not in ("member", "leader"):
            initial[name] = list(getattr(obj, name).values_list("pk", flat=True))
        elif name == "enterprises":
            initial[name] = "\n".join(obj.enterprises.values_list("name", flat=True))
        elif hasattr(obj, f"{name}_id"):
            initial[name] = getattr(obj, f"{name}_id")
        else:
            initial[name] = getattr(obj, name, None)
    return initial


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
    `POST /<resource>/{id}/<action>` runs the same table). Problems come back as a message."""
    reg = _register(register)
    obj = registers.managed_record(request, reg, pk, services.can_manage)
    if reg.key == "mediation" and action == "reveal":
        names = services.reveal_parties(actor=request.user, case=obj)
        return record_detail.__wrapped__(request, register, pk, revealed=names)
    return registers.page_action(request, reg, obj, action, table=ACTION_TABLES.get(reg.key), namespace="supervision")
