"""The shape of a register (columns, action inputs, actions, the register itself) and the helpers
its declarations share. A module declares its registers in its own `registers.py` with these."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


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


COMMITTEE = Col(_("委员会"), lambda o: o.committee.short_name, 10, order=("committee__path",))
NOTE = Field("note", _("说明"), "textarea", required=False)
