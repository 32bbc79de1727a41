"""The search as users see it: which kinds a user may search and the records of each they may open
(every module's own `visible` rule), the filters of the page and the API, the ranked results."""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext as _

from lvzhi.core import registry
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.scope import committee_ids, committee_model, committee_named
from lvzhi.org.audience import remembered_seats
from lvzhi.search.backends import Answer, Filters, backend
from lvzhi.search.text import MAX_QUERY, Query, highlight, parse_query, snippet

YEAR_MIN, YEAR_MAX = 1949, 2100


def allowed(user) -> dict:
    """{kind: queryset of the records of that kind this user may open}, kinds not for them left out."""
    if not getattr(user, "is_authenticated", False):
        return {}
    result = {}
    with remembered_seats():  # several modules address records to a member's seats: read them once
        for searchable in registry.searchables():
            if searchable.visible is not None:
                qs = searchable.visible(user)
            else:
                qs = apps.get_model(searchable.model)._default_manager.visible_to(user)
            if qs is not None:
                result[searchable.kind] = qs
    return result


@dataclass(frozen=True)
class Params:
    query: Query
    filters: Filters
    kind: str = ""
    committee: object = None
    year: int | None = None


def parse_params(user, data) -> Params:
    """q, kind, committee (id or GB/T 2260 code, within the user's scope), year; bad input is one
    Invalid with every field's message."""
    clean = Cleaner(data)
    text = " ".join(str(data.get("q") or "").split())
    if len(text) > MAX_QUERY:
        clean.error("q", _("检索词不能超过 %(n)s 个字。") % {"n": MAX_QUERY})
    kind = str(data.get("kind") or "").strip()
    kinds = {s.kind for s in registry.searchables()}
    if kind and kind not in kinds:
        clean.error("kind", _("没有这种检索类别。"))
    committee = None
    committee_text = str(data.get("committee") or "").strip()
    if committee_text:
        committee = committee_named(committee_text, committee_ids(user))
        if committee is None:
            clean.error("committee", _("委员会不存在或不在您的范围内。"))
    year = None
    year_text = str(data.get("year") or "").strip()
    if year_text:
        if not year_text.isascii() or not year_text.isdigit() or not YEAR_MIN <= int(year_text) <= YEAR_MAX:
            clean.error("year", _("年度应为 %(a)s 至 %(b)s 之间的四位数字。") % {"a": YEAR_MIN, "b": YEAR_MAX})
        else:
            year = int(year_text)
    clean.done()
    ids = None
    if committee is not None:
        ids = tuple(
            committee_model().objects.descendants_of(committee.pk, include_self=True).values_list("id", flat=True)
        )
    return Params(parse_query(text), Filters((kind,) if kind else (), ids, year), kind, committee, year)


class Counts(dict):
    """{kind: number of results}; `estimated` names the kinds whose number is an estimate (more
    matches than the search ranks one by one: shown as "约 N")."""

    def __init__(self, counts=(), estimated=()):
        super().__init__(counts)
        self.estimated = frozenset(estimated)

    def total(self, kind: str = "") -> int:
        return self.get(kind, 0) if kind else sum(self.values())

    def is_estimated(self, kind: str = "") -> bool:
        return kind in self.estimated if kind else bool(self.estimated)


@dataclass
class Result:
    kind: str
    label: str
    id: int
    title: str
    title_html: str
    snippet: str
    extra: str
    url: str
    date: object


def search(user, params: Params, *, limit: int = 20, offset: int = 0) -> tuple[list[Result], Counts]:
    """The page of results (best first, newer first among equals) and the count per kind."""
    if not params.query:
        return [], Counts()
    answer: Answer = backend().search(params.query, allowed(user), params.filters, limit=limit, offset=offset)
    labels = {s.kind: str(s.label) for s in registry.searchables()}
    results = [
        Result(
            kind=hit.kind,
            label=labels.get(hit.kind, hit.kind),
            id=hit.object_id,
            title=hit.title,
            title_html=highlight(hit.title, params.query),
            snippet=snippet(hit.body, params.query),
            extra=hit.extra,
            url=hit.url,
            date=hit.date,
        )
        for hit in answer.hits
    ]
    return results, Counts(answer.counts, answer.estimated)


def tabs(user, counts: Counts) -> list[tuple[str, str, int, bool]]:
    """(kind, label, count, estimated) of every kind this user may search, in registration order."""
    kinds = allowed(user)
    return [
        (s.kind, str(s.label), counts.get(s.kind, 0), s.kind in counts.estimated)
        for s in registry.searchables()
        if s.kind in kinds
    ]


def quick(user, params: Params, *, per_kind: int = 8) -> list[tuple[str, str, int, bool, list[Result]]]:
    """At most `per_kind` results of each kind with matches: (kind, label, count, estimated,
    results), in a bounded number of queries whatever the number of matches."""
    if not params.query:
        return []
    answer = backend().search(params.query, allowed(user), params.filters, limit=per_kind, per_kind=True)
    by_kind = {}
    for hit in answer.hits:
        by_kind.setdefault(hit.kind, []).append(hit)
    groups = []
    for searchable in registry.searchables():
        hits = by_kind.get(searchable.kind)
        if not hits:
            continue
        label = str(searchable.label)
        results = [
            Result(
                hit.kind,
                label,
                hit.object_id,
                hit.title,
                highlight(hit.title, params.query),
                snippet(hit.body, params.query, width=40),
                hit.extra,
                hit.url,
                hit.date,
            )
            for hit in hits
        ]
        count = answer.counts.get(searchable.kind, 0)
        groups.append((searchable.kind, label, count, searchable.kind in answer.estimated, results))
    return groups
