"""Links between modules: a module's records that point at another module's object (a proposal's
opinion report converted from it), declared as `LinkSource`s in the registry and shown on that
object's page as `Link`s, every module's read in one statement (`registry.links_for`)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, Value, Window
from django.db.models.functions import RowNumber
from django.urls import reverse


@dataclass(frozen=True)
class Link:
    """A record of another module that points at the object on a detail page."""

    label: str  # what the record is ("社情民意信息", "诉讼线索")
    title: str
    url: str
    state: str = ""
    key: str = ""  # a stable name for the kind of link (pages group by it; tests find it)
    color: str = ""  # the state's badge colour


@dataclass(frozen=True)
class LinkSource:
    """Records of a module that point at another module's object, as `Link`s on that object's page.

    - `key`: the links' stable name (`Link.key`: pages group by it, tests find it); `label`: what the
      records are;
    - `rows(obj, user)`: a queryset of the records that point at `obj` and that `user` may see named,
      in the order the page lists them, annotated with `may_open` (a boolean: whether the user may
      open the record; a link without it shows the title only) — or None when `obj` is not such an
      object or the user may see none of them (no query);
    - `url_name`: the record's page (its pk the argument); `title`, `state`: the fields a link shows
      (the state a choices field: its label is shown).

    `links_for` reads every module's sources in one `UNION ALL`; a source called alone,
    `source(obj, user)`, gives its own links in one query."""

    key: str
    label: str
    rows: Callable
    url_name: str
    title: str = "title"
    state: str = "state"

    def __call__(self, obj, user) -> list[Link]:
        return _read_links([self], obj, user)


def _order_expressions(qs) -> list:
    """A queryset's ordering (its own, else its model's) as expressions for a window's ORDER BY."""
    ordering = qs.query.order_by or (qs.query.get_meta().ordering if qs.query.default_ordering else ())
    if not set(ordering) & {"pk", "-pk", "id", "-id"}:
        ordering = (*ordering, "pk")  # a total order
    found = []
    for item in ordering:
        if isinstance(item, str):
            item = F(item[1:]).desc() if item.startswith("-") else F(item).asc()
        found.append(item)
    return found


def _read_links(sources, obj, user) -> list[Link]:
    """The links of `sources` to `obj` for `user`: one statement, each source's rows in its order."""
    if obj.pk is None:
        return []
    parts, used = [], []
    for source in sources:
        qs = source.rows(obj, user)
        if qs is None or qs.query.is_empty():
            continue
        n = len(used)
        used.append((source, dict(qs.model._meta.get_field(source.state).flatchoices)))
        parts.append(
            qs.annotate(link_source=Value(n), link_order=Window(RowNumber(), order_by=_order_expressions(qs)))
            .order_by()
            .values_list("link_source", "link_order", "pk", source.title, source.state, "may_open")
        )
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    links = []
    for n, _order, pk, title, state, may_open in rows.order_by("link_source", "link_order"):
        source, states = used[n]
        links.append(
            Link(
                label=str(source.label),
                title=title,
                url=reverse(source.url_name, args=[pk]) if may_open else "",
                state=str(states.get(state, state)),
                key=source.key,
            )
        )
    return links
