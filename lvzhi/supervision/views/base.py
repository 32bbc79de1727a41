"""The shape every register page shares. A `Register` names a model's list columns, filters,
form, services and detail fields once; the list (with its export), detail, create, edit and
action views below serve every register from it, and the API filters through `filter_records`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.dateparse import parse_date

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions
from lvzhi.core.errors import NotFound
from lvzhi.core.scope import active_committee_ids, committee_ids, committee_named
from lvzhi.org.models import Committee, Member
from lvzhi.supervision.services import can_manage

PAGE_SIZE = 50
EXPORT_LIMIT = 20000


def can_read(user) -> bool:
    return permissions.can_read(user, Permission.SUPERVISION)


def reader_required(view):
    """Staff with the supervision permission and leaders (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@dataclass(frozen=True)
class Col:
    label: str
    value: Callable
    width: int = 14
    link: bool = False
    nowrap: bool = True
    badge: Callable | None = None  # (obj) -> colour


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
        if day:
            qs = qs.filter(**{f"{register.date_field}__{lookup}": day})
    q = (params.get("q") or "").strip()[:100]
    if q:
        condition = Q()
        for lookup in register.search:
            condition |= Q(**{lookup: q})
        qs = qs.filter(condition)  # own columns and foreign keys only: no duplicate rows
    return qs


def scoped(register: Register, request):
    return register.queryset().visible_to(request.user).filter(committee_id__in=active_committee_ids(request))


def get_record(register: Register, request, pk):
    obj = register.queryset().visible_to(request.user).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def manageable_committees(request):
    ids = [pk for pk in active_committee_ids(request) if can_manage(request.user, pk)]
    return Committee.objects.filter(id__in=ids).order_by("path")


def members_of_committee(committee):
    return (
        Member.objects.filter(memberships__committee=committee)
        .distinct()
        .order_by("name_pinyin", "id")
        .only("id", "name")
    )
