"""What each module contributes, declared once in its AppConfig.ready():

    registry.register(Module(
        key="org", label=_("组织"),
        menu=[MenuEntry(_("委员"), "org:member_list", icon="people", allowed=can_manage_members)],
        figures=[Figure(...)],
        exports=[...], duty_producers=[...], demo_loaders=[load_org_demo], home_panels=[...],
    ))

The page shell builds its menu from here, the statistics module reads the figures, the demo command
runs the demo loaders in registration order, and the duty ledger asks the producers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    icon: str = "circle"
    allowed: Callable = lambda user: True


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

    def compute(self, committee_ids, period):
        if self.value is not None:
            return self.value(committee_ids, period)
        return self.records(committee_ids, period).count()


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    menu: list[MenuEntry] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)
    duty_producers: list[Callable] = field(default_factory=list)
    demo_loaders: list[Callable] = field(default_factory=list)
    home_panels: list[Callable] = field(default_factory=list)  # (request) -> dict | None


_modules: dict[str, Module] = {}


def register(module: Module) -> None:
    _modules[module.key] = module


def modules() -> list[Module]:
    return list(_modules.values())


def figures() -> dict[str, Figure]:
    return {f.key: f for m in _modules.values() for f in m.figures}


def menu_for(user) -> list[tuple[Module, list[MenuEntry]]]:
    result = []
    for module in _modules.values():
        entries = [e for e in module.menu if user.is_authenticated and e.allowed(user)]
        if entries:
            result.append((module, entries))
    return result
