"""What each module contributes, declared once in its AppConfig.ready():

    registry.register(Module(
        key="org", label=_("组织"),
        menu=[MenuEntry(_("委员"), "org:member_list", icon="people", allowed=can_manage_members)],
        figures=[Figure(...)],
        exports=[...], duty_producers=[...], demo_loaders=[load_org_demo], home_panels=[...],
    ))

The page shell builds its menu from here, the statistics module reads the figures, the demo command
runs the demo loaders in registration order, and the duty ledger asks the producers.

Modules never import each other. What one needs of another goes through a contract declared here:

- `links`: `LinkSource`s, records of this module that point at another module's object (a
  proposal's opinion report converted from it, a report's litigation clues). A detail page shows
  `links_for(obj, user)`: every module's, read in one statement.
- `provides`: named operations other modules may call (`"opinions.report_from_proposal"`), looked
  up with `provided(name)`; an absent provider is a clear error, not an import failure.
- `derived_stores`: functions `(*objs)` that bring a derived store (the duty ledger, later the search
  index) up to date with changed source objects; services call `sync_derived(*objs)` in their
  transaction, and the store's module registers the function.
- `action_tables`: the module's `lvzhi.core.actions.ActionTable`s (page/API parity is tested over them).
- `todos`: `TodoKind`s, what awaits a user in this module (the one to-do centre and the home page's
  counts read them).
- `key_figures`: keys of the module's figures that the leader's home page shows (`key_figures()`
  collects them in registration order).
- `Searchable` (`register_searchable`): the module's records the full-text search finds.
- `notification_kinds`: `NotificationKind`s, the events the module notifies of, with the default
  delivery per role (immediately, daily digest, off) and the channels beyond the inbox; the message
  channels (`lvzhi.delivery`) read them, and `notify(..., kind=...)` names one.
- `FileHolder` (`register_file_holders`): the module's records that hold attachments, and which of
  them a user may see; the file download serves a file only to those who may see a record holding it.
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone

from lvzhi.core import figure_cache
from lvzhi.core.batch import values as batch_values

# the contracts declared in their own files, named here as every module has always named them
from lvzhi.core.duty_facts import (  # noqa: F401
    DutyFact,
    DutyProducer,
    Titles,
    fact_rows,
    local_date,
    member_facts,
    titles_of,
)
from lvzhi.core.links import Link, LinkSource, _read_links  # noqa: F401
from lvzhi.core.todo_kinds import (  # noqa: F401
    Todo,
    TodoGroup,
    TodoKind,
    late_after_days,
    late_by_date,
    late_by_datetime,
    never_late,
    this_minute,
)


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the side menu; `todos` names the module's to-do kinds whose pending count the
    menu shows beside it (the module's heading shows all of its kinds')."""

    label: str
    url_name: str
    icon: str = "circle"
    allowed: Callable = lambda user: True
    todos: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A named, defined count or sum. `records(committee_ids, period)` returns the queryset
    behind it; `value(...)` defaults to counting those records."""

    key: str
    label: str
    definition: str
    unit: str
    records: Callable
    scopes: tuple[str, ...] = ("self", "tree")
    periods: tuple[str, ...] = ("current",)
    value: Callable | None = None
    records_url: str | None = None  # a URL name that lists the records, given ?figure=key
    # count | sum | rate | average; empty: a count when there is no `value` function, a rate when
    # the unit is "%", otherwise a sum (see `measure`).
    kind: str = ""
    # For a sum of a number typed on each record (people reached at an event): the field summed. The
    # records page shows each record's amount beside it and the total, and lists the records that
    # carry most of the sum for review.
    amount: str = ""
    # The field (or a query expression) that names the records (a partner university, a destination, a
    # series or a book's title): a summary writes the names the records hold (`{{ names:key }}`).
    names: object = ""
    # The value moves with the clock, not only with the records (a notice scheduled for later today):
    # the figure cache never keeps it.
    varies_with_time: bool = False

    @property
    def module_key(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def measure(self) -> str:
        if self.kind:
            return self.kind
        if self.value is None:
            return "count"
        return "rate" if self.unit == "%" else "sum"

    def supports_period(self, period) -> bool:
        """Whether the figure is defined for this period (`periods` holds kinds: "year", not "year:2024")."""
        return period.kind in self.periods

    def compute(self, committee_ids, period):
        """The value, from the figure cache while no table it was counted from has been written since."""
        if getattr(period, "is_empty", False):  # a period not yet begun on the as-of date
            return 0
        return figure_cache.cached(self, committee_ids, period, lambda: self.count(committee_ids, period))

    def count(self, committee_ids, period):
        """The value counted from the records now (no cache)."""
        if self.value is not None:
            return self.value(committee_ids, period)
        return self.records(committee_ids, period).count()


@dataclass(frozen=True)
class FromParts:
    """A figure's `value` computed from a few queries — querysets counted, or the first value of one
    (`batch.First`: the earliest founding date) — that `compute_figures` reads with the other figures'
    counts in one statement: `parts(committee_ids, period)` the queries, `combine(period, *their
    values)` the value (a rate: the share of one count in another)."""

    parts: Callable
    combine: Callable

    def __call__(self, committee_ids, period):
        return self.combine(period, *batch_values(self.parts(committee_ids, period)))


def percent(_period, part, whole):
    """`FromParts.combine` of a rate: `part` as a percentage of `whole` (one decimal), None of none."""
    return round(100 * part / whole, 1) if whole else None


def compute_figures(figures, committee_ids, period) -> list:
    """`[f.compute(committee_ids, period) for f in figures]`, with what the figure cache does not hold
    of the plain counts and the `FromParts` figures read together in one statement (a dashboard's
    cold cards: one round trip, not one COUNT per card)."""
    return compute_figures_of([(figure, committee_ids, period) for figure in figures])


def compute_figures_of(items) -> list:
    """`compute_figures` of figures of several scopes and periods (`items`: (figure, committee ids,
    period)), read together all the same (the leader's key figures: this term's and today's)."""
    items = list(items)
    found: list = [None] * len(items)
    together = []
    for index, (figure, committee_ids, period) in enumerate(items):
        if getattr(period, "is_empty", False):
            found[index] = 0
        elif figure.value is None or isinstance(figure.value, FromParts):
            together.append(index)
        else:
            found[index] = figure.compute(committee_ids, period)
    if together:
        read = figure_cache.cached_together([items[i] for i in together], _parts_of, batch_values, _combined)
        for index, value in zip(together, read, strict=True):
            found[index] = value
    return found


def _parts_of(figure, committee_ids, period) -> list:
    if figure.value is None:
        return [figure.records(committee_ids, period)]
    return list(figure.value.parts(committee_ids, period))


def _combined(figure, period, found):
    return found[0] if figure.value is None else figure.value.combine(period, *found)


@dataclass(frozen=True)
class Searchable:
    """A kind of record the platform-wide full-text search finds (`lvzhi.search` indexes it and keeps
    the index current; see docs/search.md). Declared by the record's module, registered with
    `register_searchable` from its AppConfig.ready().

    - `kind`: "<module>.<what>" ("proposals.proposal"), stable: filters and index rows name it;
      `label`: the tab's name ("提案").
    - `model`: the model label ("proposals.Proposal").
    - `title(obj)`, `body(obj)`: the text; `extra(obj)`: exact identifiers (案号, 文号, a name)
      that should be found as typed; `pinyin`: also index the title's pinyin and initials (people).
    - `committee(obj)` the committee id, `date(obj)` a date (the year filter, recency), `url`: the
      name of the detail page's URL, which takes the record's pk ("proposals:detail"), or `url(obj)`.
    - `visible(user)`: the queryset of records of this kind the user may open (the module's own
      `visible_to` and the permission its detail page names), or None when the kind is not for
      this user (no query). Search never shows a record outside it.
    - `records(queryset)`: narrows the model's rows to those worth finding (replies: the
      assignments that have one); a row that drops out leaves the index.
    - `related`/`prefetch`: select_related/prefetch_related names the documents read, so a rebuild
      reads each batch in a constant number of queries.
    - `watch`: {model label: obj -> ids of this kind's records} for other models whose changes
      alter the text (a proposal's reply lives on its assignment).
    """

    kind: str
    label: str
    model: str
    title: Callable
    url: str | Callable
    body: Callable = lambda obj: ""
    extra: Callable = lambda obj: ""
    committee: Callable = lambda obj: obj.committee_id
    date: Callable = lambda obj: None
    visible: Callable | None = None
    records: Callable = lambda queryset: queryset
    pinyin: bool = False
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    watch: dict[str, Callable] = field(default_factory=dict)


@dataclass(frozen=True)
class FileHolder:
    """Records of a module that hold attachments: `model` (a label, "proposals.Proposal") whose
    `field` is a foreign key or many-to-many to core.Attachment, and `visible(user)`, the queryset of
    those records the user may see (default: the model's `objects.visible_to(user)`). A module
    registers one per such field with `register_file_holders` from its AppConfig.ready(); the
    download (`core.attachments.attachment_for`) serves a file only to a user who may see a record
    holding it."""

    model: str
    field: str
    visible: Callable | None = None

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def holding(self, attachment_id: int):
        """Every record of this kind that holds the attachment, visible or not."""
        return self.model_class._default_manager.filter(**{self.field: attachment_id})

    def visible_holding(self, user, attachment_id: int):
        """The records holding the attachment that `user` may see."""
        records = self.visible(user) if self.visible else self.model_class.objects.visible_to(user)
        return records.filter(**{self.field: attachment_id})


_file_holders: dict[tuple[str, str], FileHolder] = {}


def register_file_holders(*items: FileHolder) -> None:
    for item in items:
        _file_holders[(item.model, item.field)] = item


def file_holders() -> list[FileHolder]:
    """Every registered kind of record that holds attachments."""
    return list(_file_holders.values())


_searchables: dict[str, Searchable] = {}


def register_searchable(*items: Searchable) -> None:
    for item in items:
        _searchables[item.kind] = item


def searchables() -> list[Searchable]:
    """Every registered searchable kind, in registration order."""
    return list(_searchables.values())


@dataclass(frozen=True)
class NotificationKind:
    """An event a module notifies of ("proposals.assigned"): who is told is the service's choice;
    how is the user's preference, defaulting by role (`defaults`: role code -> "immediate" |
    "digest" | "off", `default` for other roles). `mandatory` kinds are delivered immediately
    whatever the preference, unless the committee's policy says otherwise. `channels` are the
    channels beyond the inbox the kind may use (those the deployment configures)."""

    key: str
    label: str
    defaults: dict = field(default_factory=dict)
    default: str = "immediate"
    mandatory: bool = False
    channels: tuple[str, ...] = ("sms", "wecom", "email")
    roles: tuple[str, ...] = ()  # the roles that receive it (for the settings page); empty: anyone

    def concerns(self, role_codes) -> bool:
        return not self.roles or bool(set(self.roles) & set(role_codes))

    def default_for(self, role_codes) -> str:
        for role, mode in self.defaults.items():
            if role in role_codes:
                return mode
        return self.default


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    menu: list[MenuEntry] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)
    duty_producers: list[DutyProducer] = field(default_factory=list)
    demo_loaders: list[Callable] = field(default_factory=list)
    home_panels: list[Callable] = field(default_factory=list)  # (request) -> dict | None
    links: list[LinkSource] = field(default_factory=list)
    provides: dict[str, Callable] = field(default_factory=dict)
    derived_stores: list[Callable] = field(default_factory=list)  # (*objs) -> None
    action_tables: list = field(default_factory=list)
    key_figures: list[str] = field(default_factory=list)  # figure keys for the leader's home page
    key_figures_order: int = 100  # where they stand among other modules' (lower first)
    todos: list[TodoKind] = field(default_factory=list)
    notification_kinds: list[NotificationKind] = field(default_factory=list)
    # `load(stdout=...)` run after every module's demo loaders, in the same transaction (the search
    # index is built from all the records the loaders wrote)
    demo_finishers: list[Callable] = field(default_factory=list)


_modules: dict[str, Module] = {}
_bulk_loading = ContextVar("lvzhi_bulk_loading", default=False)


@contextmanager
def bulk_loading():
    """Inside: a bulk load (the demo) that ends by rebuilding the derived stores, so per-record
    upkeep that only the end result needs (the search index's) may skip its work."""
    token = _bulk_loading.set(True)
    try:
        yield
    finally:
        _bulk_loading.reset(token)


def is_bulk_loading() -> bool:
    return _bulk_loading.get()


def register(module: Module) -> None:
    _modules[module.key] = module


def modules() -> list[Module]:
    return list(_modules.values())


def figures() -> dict[str, Figure]:
    return {f.key: f for m in _modules.values() for f in m.figures}


def duty_producers() -> list[DutyProducer]:
    """Every registered producer that follows the DutyProducer contract, in registration order."""
    return [p for m in _modules.values() for p in m.duty_producers if isinstance(p, DutyProducer)]


def links_for(obj, user) -> list[Link]:
    """Every module's records that point at `obj` and that `user` may see named (a link to those they
    may open), module by module in registration order: one statement."""
    return _read_links([source for m in _modules.values() for source in m.links], obj, user)


def provided(name: str) -> Callable:
    """The operation another module provides under `name` ("opinions.report_from_proposal")."""
    for m in _modules.values():
        if name in m.provides:
            return m.provides[name]
    raise LookupError(f"No installed module provides {name!r}.")


def is_provided(name: str) -> bool:
    return any(name in m.provides for m in _modules.values())


def sync_derived(*objs) -> None:
    """Bring every derived store up to date with these changed source objects (call inside the
    service's transaction)."""
    for m in _modules.values():
        for sync in m.derived_stores:
            sync(*objs)


def action_tables() -> list:
    return [t for m in _modules.values() for t in m.action_tables]


def key_figures() -> list[Figure]:
    """The registered figures the modules name as key figures, by `key_figures_order`, then registration
    order (a key whose figure is not registered is skipped)."""
    registered = figures()
    ordered = sorted(_modules.values(), key=lambda m: m.key_figures_order)
    return [registered[key] for m in ordered for key in m.key_figures if key in registered]


def notification_kinds() -> dict[str, NotificationKind]:
    """Every module's notification kinds by key, in registration order."""
    return {k.key: k for m in _modules.values() for k in m.notification_kinds}


def todo_kinds() -> list[TodoKind]:
    return [kind for m in _modules.values() for kind in m.todos]


def todo_kind(key: str) -> tuple["Module", TodoKind] | None:
    """The module and the to-do kind registered under `key`, or None."""
    return next(((m, k) for m in _modules.values() for k in m.todos if k.key == key), None)


def todos_for(user, *, limit: int = 0, kinds=None, late: bool = False) -> list[TodoGroup]:
    """What awaits `user`, per kind with at least one item, in registration order: one statement
    counts every kind stated as `rows` (`figure_cache.counts`: each count kept until a table it reads
    is written), one query per kind stated as `count`, and, when `limit` is given, one more statement
    reads the first `limit` items of every kind stated as `rows` (`todo_items`). `kinds` narrows to
    those keys. With `late`, the counting statement also counts the late rows of each kind that
    states `late` (`TodoGroup.late`), except a kind the cache holds as having no rows."""
    if not getattr(user, "is_authenticated", False):
        return []
    wanted, querysets = [], []
    for m in _modules.values():
        for kind in m.todos:
            if kinds is not None and kind.key not in kinds:
                continue
            if kind.rows is not None:
                rows = kind.rows(user)
                if rows is None:
                    continue
                querysets.append(rows)
                wanted.append((m, kind, len(querysets) - 1, rows))
            else:
                wanted.append((m, kind, kind.count(user), None))
    # the kinds stated as querysets: kept in the figure cache until their tables are written, the
    # others counted in one statement, with the late rows of those that may have rows (a kind the
    # cache holds as empty — most kinds of a user — has its late statement not even made)
    today = timezone.localdate()
    kind_of = [(kind, rows) for _m, kind, _found, rows in wanted if rows is not None]

    def overdue(index):
        kind, rows = kind_of[index]
        return kind.late(rows, today) if late and kind.late is not None else None

    counted, late_counted = figure_cache.counts_then(querysets, overdue)
    groups = []
    for m, kind, found, rows in wanted:
        count, late_count = (counted[found], late_counted[found]) if rows is not None else (found, None)
        if not count:
            continue
        url = kind.url(user) if kind.url is not None else ""
        groups.append(TodoGroup(kind, str(m.label), count, [], url, late_count, rows))
    if limit:
        firsts = todo_items(user, [(group, 0, limit) for group in groups])
        groups = [group._replace(items=items) for group, items in zip(groups, firsts, strict=True)]
    return groups


def todo_items(user, wanted: list[tuple[TodoGroup, int, int]]) -> list[list[Todo]]:
    """Items `start`..`stop` of each (group, start, stop), most urgent first: the kinds stated as
    `rows` read together in one statement (`core.batch.rows`, from the rows `todos_for` counted; each
    kind's kept in the figure cache until a table it reads is written: `figure_cache.rows`), a kind
    stated as `items` by its own queries."""
    querysets = [group.rows[start:stop] for group, start, stop in wanted if group.rows is not None]
    read = iter(figure_cache.rows(querysets))  # kept until a table they read is written
    return [
        [group.kind.todo(row) for row in next(read)]
        if group.rows is not None
        else group.kind.items_for(user, stop - start, start)
        for group, start, stop in wanted
    ]


def module(key: str) -> Module | None:
    return _modules.get(key)


def menu_for(user) -> list[tuple[Module, list[MenuEntry]]]:
    result = []
    for module in _modules.values():
        entries = [e for e in module.menu if user.is_authenticated and e.allowed(user)]
        if entries:
            result.append((module, entries))
    return result


def menu_counts(user) -> dict:
    """The pending work the side menu shows: per module (its heading) and per entry (by URL name), the
    count of the to-do kinds that concern `user`, one query per such kind (`todos_for`)."""
    per_kind = {group.kind.key: group.count for group in todos_for(user)}
    modules_count: dict[str, int] = {}
    entries: dict[str, int] = {}
    for module, items in menu_for(user):
        total = sum(per_kind.get(kind.key, 0) for kind in module.todos)
        if total:
            modules_count[module.key] = total
        for entry in items:
            count = sum(per_kind.get(key, 0) for key in entry.todos)
            if count:
                entries[entry.url_name] = count
    return {"modules": modules_count, "entries": entries, "total": sum(per_kind.values())}
