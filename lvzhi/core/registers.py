"""The shape of a register (columns, action inputs, actions, the register itself) and the helpers
its declarations share. A module declares its registers in its own `registers.py` with these; the
generic list/detail/export pages, selectors and API helpers read the declarations."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import create_model

from lvzhi.core import actions as core_actions
from lvzhi.core.api import In
from lvzhi.core.cleaning import DATE_MAX, DATE_MIN
from lvzhi.core.errors import NotFound, ServiceError
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.scope import active_committee_ids, committee_ids, committee_model, committee_named
from lvzhi.core.workflow import timeline

PAGE_SIZE = 50
EXPORT_LIMIT = 20000


@dataclass(frozen=True)
class Col:
    label: str
    value: Callable
    width: int = 14
    link: bool = False
    nowrap: bool = True
    badge: Callable | None = None  # (obj) -> colour
    order: tuple[str, ...] = ()  # the fields the list sorts this column by; empty: not sortable


@dataclass(frozen=True)
class Field:
    """An input of an action form on a detail page."""

    name: str
    label: str
    kind: str = "text"  # text | textarea | date | select
    choices: tuple = ()
    required: bool = True


@dataclass(frozen=True)
class Action:
    label: str
    call: Callable  # (actor, obj, data) -> object
    fields: tuple[Field, ...] = ()
    available: Callable = lambda user, obj: True
    style: str = "outline-danger"
    done: str = ""
    confirm: str = ""  # the consequence, asked before an irreversible step


@dataclass(frozen=True)
class Register:
    key: str
    title: str
    noun: str
    model: type
    form: type
    create: Callable | None  # (actor, committee, data); None: created from another record's page
    update: Callable | None  # (actor, obj, data)
    columns: tuple[Col, ...]
    search: tuple[str, ...]
    date_field: str
    details: Callable  # (obj) -> [(label, value)]
    export_what: str
    filters: tuple[tuple[str, str, tuple], ...] = ()  # (param, label, choices); param is also the lookup
    select: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    actions: dict = field(default_factory=dict)
    editable: Callable = lambda obj: True
    sections: str = ""  # a template with more of the detail page
    member_fields: tuple[str, ...] = ()
    has_state: bool = False

    def queryset(self):
        qs = self.model.objects.select_related("committee", *self.select)
        if self.prefetch:
            qs = qs.prefetch_related(*self.prefetch)
        return qs

    @property
    def filter_keys(self):
        keys = ["q", "committee", "date_from", "date_to", *[f[0] for f in self.filters]]
        return [*keys, "state"] if self.has_state else keys


def names(rows):
    """The names of people (members, staff), joined for a cell."""
    return "、".join(r.name for r in rows)


def flow(workflow, action):
    """`Action.available`: the workflow offers `action` to this user on this record."""

    def available(user, obj):
        return any(r.action == action for r in workflow.actions_for(obj, user))

    return available


def day(value):
    return value.isoformat() if value else ""


def reopen(label, call: Callable, workflow, done) -> Action:
    """The workflow's `reopen` action: the record back into work, with the reason as its note
    (`call(actor, obj, note)`)."""
    return Action(
        label,
        lambda actor, obj, data: call(actor, obj, data.get("note", "")),
        (Field("note", _("原因")),),
        available=flow(workflow, "reopen"),
        style="outline-secondary",
        done=done,
    )


COMMITTEE = Col(_("委员会"), lambda o: o.committee.short_name, 10, order=("committee__path",))
NOTE = Field("note", _("说明"), "textarea", required=False)


# The reads, pages and action tables every register serves. A module passes its own names (who may
# read, who may manage, its URL namespace, its action inputs); the logic is the same for every one.


def filter_records(register: Register, qs, params, user):
    """One filter for the list page, its export and the API."""
    text = (params.get("committee") or "").strip()
    if text:  # a committee named by id or GB/T 2260 code; one outside the scope (or none) matches nothing
        found = committee_named(text, committee_ids(user))
        qs = qs.filter(committee=found) if found is not None else qs.none()
    for param, _label, choices in register.filters:
        value = params.get(param) or ""
        if value and value in [c[0] for c in choices]:
            qs = qs.filter(**{param: value})
    if register.has_state:
        state = params.get("state") or ""
        if state in [c[0] for c in register.model._meta.get_field("state").choices]:
            qs = qs.filter(state=state)
    for param, lookup in (("date_from", "gte"), ("date_to", "lte")):
        text = (params.get(param) or "").strip()[:10]
        try:
            day = parse_date(text) if text else None
        except ValueError:
            day = None
        if day and DATE_MIN <= day <= DATE_MAX:  # a date outside the platform's range filters nothing
            qs = qs.filter(**{f"{register.date_field}__{lookup}": day})
    q = (params.get("q") or "").strip()[:100]
    if q:
        condition = Q()
        for lookup in register.search:
            condition |= Q(**{lookup: q})
        qs = qs.filter(condition)  # own columns and foreign keys only: no duplicate rows
    return qs


def reader_required(can_read: Callable) -> Callable:
    """A view decorator: signed in, and `can_read(user)` (else 403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not can_read(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def scoped(register: Register, request):
    """The register's records the user may see, in the committees chosen in the scope picker."""
    return register.queryset().visible_to(request.user).filter(committee_id__in=active_committee_ids(request))


def get_record(register: Register, request, pk):
    """The record for the user; 404 for one they may not see."""
    obj = register.queryset().visible_to(request.user).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def manageable_committees(request, can_manage: Callable):
    """The committees of the active scope the user may write for (`can_manage(user, committee_id)`)."""
    ids = [pk for pk in active_committee_ids(request) if can_manage(request.user, pk)]
    return committee_model().objects.filter(id__in=ids).order_by("path")


def register_of(registers: dict, key) -> Register:
    """The module's register named in the URL (404 for none)."""
    try:
        return registers[key]
    except KeyError:
        raise Http404 from None


def detail_context(request, register: Register, obj, *, can_manage: Callable, table) -> dict:
    """What a register's detail page shows: the details, whether the user manages the record (and
    may edit it), the actions the table offers them as (name, action, confirm) rows, the timeline."""
    user = request.user
    manages = can_manage(user, obj.committee_id)
    offered = table.for_user(obj, user) if table is not None else []
    return {
        "reg": register,
        "obj": obj,
        "details": register.details(obj),
        "manages": manages,
        "editable": manages and register.update is not None and register.editable(obj),
        "actions": [(action.name, register.actions[action.name], action.confirm) for action in offered],
        "timeline": timeline(obj) if register.has_state else None,
    }


def cell(value):
    """A column's value as a cell of the list and its export."""
    if value is None:
        return ""
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def listing_of(register: Register) -> Listing:
    """The register's list: its columns sort by their declared fields, its date newest first."""
    columns = tuple(
        ListColumn(
            c.label,
            c.order[0].replace("__", ".") if c.order else "",
            order=c.order,
            value=lambda o, c=c: cell(c.value(o)),
            width=c.width,
        )
        for c in register.columns
    )
    by_date = next((col.key for col in columns if col.order == (register.date_field,)), "")
    return Listing(
        key=register.export_what,
        columns=columns,
        default_sort=f"-{by_date}" if by_date else next(col.key for col in columns if col.key),
        page_size=PAGE_SIZE,
        page_sizes=(20, 50, 100),
        export_name=str(register.title),
    )


def list_page(request, register: Register, listing: Listing, *, template: str, states, can_create: Callable):
    """The list page of a register (or its xlsx): filtered, sorted, paged. `can_create()` is asked
    only for a register whose records are created on its own pages."""
    params = {k: request.GET.get(k, "") for k in register.filter_keys}
    qs = filter_records(register, scoped(register, request), params, request.user)
    result = listing.run(request, qs, filters=params, export_rows=lambda rows: rows[:EXPORT_LIMIT])
    if result.response:
        return result.response
    page = result.page
    rows = [(obj, [(c, c.value(obj), c.badge(obj) if c.badge else "") for c in register.columns]) for obj in page]
    committees = committee_model().objects.filter(id__in=committee_ids(request.user)).order_by("path")
    return render(
        request,
        template,
        {
            "reg": register,
            "listing": result,
            "page": page,
            "rows": rows,
            "params": params,
            "committees": committees,
            "states": states,
            "can_create": register.create is not None and can_create(),
        },
    )


def managed_record(request, register: Register, pk, can_manage: Callable):
    """The record for the user (404 for one they may not see), if they manage its committee (else 403)."""
    obj = get_record(register, request, pk)
    if not can_manage(request.user, obj.committee_id):
        raise PermissionDenied
    return obj


def bound_form(request, register: Register, *, committees, committee, initial, members):
    """The register's form of its create or edit page (bound to a POST)."""
    return register.form(
        request.POST if request.method == "POST" else None,
        initial=initial,
        committees=committees,
        committee=committee,
        members=members,
        user=request.user,
    )


def page_action(request, register: Register, obj, action, *, table, namespace: str):
    """One action of the register's action table from its form on the detail page (the API runs the
    same table); back to the detail page, problems as a message."""
    if table is None:
        raise Http404
    core_actions.perform_page_action(request, table, obj, action)
    return redirect(f"{namespace}:{register.key}_detail", obj.pk)


def save_form(request, register: Register, obj, form, data, *, namespace: str):
    """Creates (`obj` None) or updates the record with the form's `data` through the register's
    service: the redirect to its detail page, or None with the service's errors on the form."""
    try:
        if obj is None:
            obj = register.create(actor=request.user, committee=form.cleaned_data["committee"], data=data)
            messages.success(request, gettext("已登记。"))
        else:
            register.update(request.user, obj, data)
            messages.success(request, gettext("已保存。"))
    except ServiceError as exc:
        apply_service_error(form, exc)
        return None
    return redirect(f"{namespace}:{register.key}_detail", obj.pk)


def _camel(text: str) -> str:
    return "".join(part.capitalize() for part in text.replace("-", "_").split("_"))


def _run(call):
    def run(actor, obj, data):
        return call(actor, obj, {k: v for k, v in data.items() if v is not None})

    return run


def _manages_and(can_manage, available):
    def check(user, obj):
        return can_manage(user, obj.committee_id) and available(user, obj)

    return check


def action_table(
    register: Register, *, table_key: str, api_path: str, namespace: str, inputs: type[In], can_manage, body_prefix=""
):
    """The action table (`lvzhi.core.actions`) of a register's declared actions: the detail page's
    forms (`<namespace>:<register>_action`, args (pk, action)) and `POST /api/v1/<api_path>/{id}/<action>`.
    Both routes hand the service the same inputs by name (typed by `inputs`, one field per name); the
    service validates them. Offered to those who manage the record's committee. `body_prefix` starts the
    names of the API bodies (their OpenAPI schema names)."""

    def body(name, fields) -> type[In]:
        chosen = {f.name: (inputs.model_fields[f.name].annotation, inputs.model_fields[f.name]) for f in fields}
        return create_model(f"{body_prefix}{_camel(table_key)}{_camel(name)}In", __base__=In, **chosen)

    def form(name, fields) -> type[forms.Form]:
        """The page form of one action: it carries the inputs (as typed) to the service, which checks them."""
        attrs = {f.name: forms.CharField(label=f.label, required=False, strip=False) for f in fields}
        return type(f"{_camel(table_key)}{_camel(name)}Form", (forms.Form,), attrs)

    return core_actions.ActionTable(
        key=table_key,
        model=register.model._meta.label,
        api_path=api_path,
        page_url=f"{namespace}:{register.key}_action",
        actions=[
            core_actions.Action(
                name,
                declared.label,
                run=_run(declared.call),
                form=core_actions.plain(form(name, declared.fields)),
                body=body(name, declared.fields),
                available=_manages_and(can_manage, declared.available),
                done=declared.done,
                confirm=declared.confirm,
                style=declared.style,
            )
            for name, declared in register.actions.items()
        ],
    )


def action_tables(
    registers: dict, resources: dict, *, namespace: str, inputs: type[In], can_manage, body_prefix=""
) -> dict:
    """The action table of each of a module's registers that declares actions, by register key;
    `resources` maps the key to (the table's key, the API resource's path)."""
    return {
        key: action_table(
            register,
            table_key=resources[key][0],
            api_path=resources[key][1],
            namespace=namespace,
            inputs=inputs,
            can_manage=can_manage,
            body_prefix=body_prefix,
        )
        for key, register in registers.items()
        if register.actions
    }
