"""The pages of a module's registers (`lvzhi/core/registers.py`): one `RegisterPages` per module serves
every register's list (with its xlsx), detail (with its timeline and actions), create, edit and action
views from the declarations, under the module's URL namespace and templates (`<namespace>/list.html`,
`detail.html`, `form.html`). A module with more on a page subclasses it and overrides a hook
(`more_detail`, `initial`, `form_data`, `shown_form`, `other_action`)."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_POST

from lvzhi.core import registers
from lvzhi.core.scope import committee_model, form_committee


class RegisterPages:
    """`registers` and `tables` (`action_tables`) by register key; `can_read(user)`,
    `can_manage(user, committee_id)` the module's checks; `members(committee)` the people a form
    chooses among (a source registered with core.pickers.choice_source: the form's picker searches it
    remotely when it is long)."""

    def __init__(self, registers_by_key: dict, tables: dict, *, namespace: str, can_read, can_manage, members):
        self.registers = registers_by_key
        self.tables = tables
        self.namespace = namespace
        self.can_manage = can_manage
        self.members = members
        self.listings = {key: registers.listing_of(reg) for key, reg in registers_by_key.items()}
        reader = registers.reader_required(can_read)
        self.record_list = reader(self._list)
        self.record_detail = reader(self._detail)
        self.record_create = reader(self._create)
        self.record_edit = reader(self._edit)
        self.record_action = reader(require_POST(self._action))

    def urls(self, prefixes: dict) -> list:
        """The routes of every register, `prefixes` mapping its key to its path: `<key>_list`,
        `_create`, `_detail`, `_edit` and `_action` (args (pk, action))."""
        patterns = []
        for key, prefix in prefixes.items():
            kw = {"register": key}
            patterns += [
                path(f"{prefix}/", self.record_list, kw, name=f"{key}_list"),
                path(f"{prefix}/new/", self.record_create, kw, name=f"{key}_create"),
                path(f"{prefix}/<int:pk>/", self.record_detail, kw, name=f"{key}_detail"),
                path(f"{prefix}/<int:pk>/edit/", self.record_edit, kw, name=f"{key}_edit"),
                path(f"{prefix}/<int:pk>/<slug:action>/", self.record_action, kw, name=f"{key}_action"),
            ]
        return patterns

    def register(self, key) -> registers.Register:
        return registers.register_of(self.registers, key)

    def manageable_committees(self, request):
        return registers.manageable_committees(request, self.can_manage)

    # Hooks -----------------------------------------------------------------------------------------

    def more_detail(self, request, reg, obj, context) -> None:
        """Adds what the module's detail page shows besides the register's details."""

    def initial(self, reg, obj) -> dict:
        """The edit form's values from the record: a relation by its id (or ids), the rest as stored."""
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

    def form_data(self, reg, obj, form) -> dict:
        """What the valid form hands the register's service."""
        return form.service_data()

    def shown_form(self, reg, obj, form) -> None:
        """Adjusts the form before it is shown."""

    def other_action(self, request, reg, obj, action):
        """A response for an action the page serves outside the register's table, or None."""
        return None

    # Views -----------------------------------------------------------------------------------------

    def _list(self, request, register):
        reg = self.register(register)
        return registers.list_page(
            request,
            reg,
            self.listings[reg.key],
            template=f"{self.namespace}/list.html",
            states=reg.model._meta.get_field("state").choices if reg.has_state else [],
            can_create=lambda: self.manageable_committees(request).exists(),
        )

    def _detail(self, request, register, pk):
        reg = self.register(register)
        return self.detail_page(request, reg, registers.get_record(reg, request, pk))

    def detail_page(self, request, reg, obj, **extra):
        """The record's detail page (`extra` added to what `more_detail` gives)."""
        table = self.tables.get(reg.key)
        context = registers.detail_context(request, reg, obj, can_manage=self.can_manage, table=table)
        self.more_detail(request, reg, obj, context)
        context.update(extra)
        return render(request, f"{self.namespace}/detail.html", context)

    def _form_page(self, request, reg, obj=None):
        if obj is None and reg.create is None:
            raise PermissionDenied
        if obj is not None and (reg.update is None or not reg.editable(obj)):
            raise PermissionDenied
        if obj is None:
            committees = self.manageable_committees(request)
        else:  # the record's own committee, which the user manages (`managed_record`)
            committees = committee_model().objects.filter(pk=obj.committee_id)
        if not committees.exists():
            raise PermissionDenied
        committee = form_committee(request, committees, obj)
        initial = {"committee": committee.pk, **(self.initial(reg, obj) if obj is not None else {})}
        form = registers.bound_form(
            request, reg, committees=committees, committee=committee, initial=initial, members=self.members
        )
        if request.method == "POST" and form.is_valid():
            data = self.form_data(reg, obj, form)
            saved = registers.save_form(request, reg, obj, form, data, namespace=self.namespace)
            if saved is not None:
                return saved
        self.shown_form(reg, obj, form)
        return render(request, f"{self.namespace}/form.html", {"reg": reg, "obj": obj, "form": form})

    def _create(self, request, register):
        return self._form_page(request, self.register(register))

    def _edit(self, request, register, pk):
        reg = self.register(register)
        obj = registers.managed_record(request, reg, pk, self.can_manage)
        return self._form_page(request, reg, obj)

    def _action(self, request, register, pk, action):
        """One action of the register's action table from its form on the detail page (the API's
        `POST /api/v1/<resource>/{id}/<action>` runs the same table); problems come back as a message."""
        reg = self.register(register)
        obj = registers.managed_record(request, reg, pk, self.can_manage)
        other = self.other_action(request, reg, obj, action)
        if other is not None:
            return other
        table = self.tables.get(reg.key)
        return registers.page_action(request, reg, obj, action, table=table, namespace=self.namespace)
