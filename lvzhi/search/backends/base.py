"""What the search backends share: the filters, the hits and the answer, the candidates' bound, and
`DatabaseBackend` — a backend over the index table in the database, answering from the candidates
its engine gives (the SQLite and PostgreSQL backends differ only in that engine)."""

import json
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In
from django.db.models.sql.where import AND, WhereNode

from lvzhi.core import registry
from lvzhi.search.text import Query

_DEFAULT_COMMITTEE = registry.Searchable.__dataclass_fields__["committee"].default

TABLE = "search_searchentry"
COLUMNS = ("id", "kind", "object_id", "title", "extra", "body", "url", "date", "committee_id")


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()  # empty: every kind
    committee_ids: tuple[int, ...] | None = None  # None: no committee filter
    year: int | None = None


@dataclass
class Hit:
    id: int
    kind: str
    object_id: int
    title: str
    extra: str
    body: str
    url: str
    date: object
    committee_id: int | None
    score: float = 0.0


@dataclass
class Answer:
    hits: list[Hit]
    counts: dict[str, int] = field(default_factory=dict)  # per kind, without the kind filter
    estimated: set[str] = field(default_factory=set)  # kinds whose count is an estimate

    @property
    def count(self) -> int:
        return sum(self.counts.values())


# A query matching more records of a kind than this is answered from that many candidates: the
# kind's best matches by the index's own rank, taken before anything else is read. The page, the
# quick results and the count come from those the user may open; the count then is an estimate.
BOUND = 500
SPARSE = 20  # fewer candidates of a cut-off kind than this that the user may open: count it exactly


@dataclass
class _Candidate:
    id: int
    kind: str
    date: object
    score: float
    ok: bool
    total: int | None = None  # the kind's matches in the index, when the candidates' query counts them


def committee_bound(kind: str, queryset):
    """The committees a kind's visibility query confines the user to, or None when it does not.
    Read from its WHERE: `<committee> IN (ids)` on the model's own committee column bounds it; an
    AND is bounded by any of its bounded parts, an OR only when every branch is (a branch naming
    records by pk counts as the committees of those records); a NOT, or anything else, is not.
    Only for a kind whose entries carry the record's own committee (the Searchable's default
    `committee`). Scope stays exact either way: this only lets the index leave out what the
    visibility check would refuse."""
    searchable = next((s for s in registry.searchables() if s.kind == kind), None)
    if searchable is None or searchable.committee is not _DEFAULT_COMMITTEE:
        return None
    query = queryset.query
    alias = query.get_initial_alias()

    def leaf(child):
        target = getattr(child.lhs, "target", None)
        if not isinstance(child, In) or getattr(child.lhs, "alias", None) != alias or target is None:
            return None
        if not isinstance(child.rhs, (list, tuple, set, frozenset)):
            return None
        if target.name == "committee":  # ids as given; anything else (instances, expressions): no bound
            ids = list(child.rhs)
            return frozenset(ids) if all(isinstance(i, int) for i in ids) else None
        if target.primary_key:  # records named by pk: their committees
            if not child.rhs:
                return frozenset()
            if len(child.rhs) > 1000:
                return None
            rows = query.model._base_manager.filter(pk__in=list(child.rhs)).values_list("committee_id", flat=True)
            return frozenset(rows)
        return None

    def bound(node):
        if not isinstance(node, WhereNode):
            return leaf(node)
        if node.negated:
            return None
        parts = [bound(child) for child in node.children]
        if node.connector == AND:
            known = [p for p in parts if p is not None]
            return frozenset.intersection(*known) if known else None
        if any(p is None for p in parts):
            return None
        return frozenset().union(*parts)

    return bound(query.where)


def _rank(c):
    """Sorted in reverse: best first; among equals the newer, then the higher id (no date last)."""
    return (c.score, c.date is not None, str(c.date or ""), c.id)


def _recency(c):
    return c.id  # the most recently indexed (entries are written as records are made)


class DatabaseBackend:
    """The shared SQL of both database backends; subclasses say how a query matches and ranks.

    A search is bounded whatever the number of matches: for each kind, the best BOUND + 1 matches
    by the index's rank (the kind, committee and year filters applied inside the index query), each
    checked against the user's visibility in the same statement; then, only when a kind has more
    matches than that, its number of matches in the index (for the estimate); then the page's rows.
    A page that reaches below the candidates of a cut-off kind is answered by the exact query."""

    bound = None  # None: the module's BOUND (tests lower it)
    # True: a kind's candidates are its best matches by rank (SQLite: FTS5 ranks inside the index),
    # so a page above the lowest candidate's score is exact. False: its most recent matches
    # (PostgreSQL: ts_rank reads every match's tsvector, so it takes the latest entries), ranked among
    # themselves; a page beyond them is answered by the exact query.
    ranked_candidates = True

    def indexed(self, entries) -> None:
        """The entry table is the index (triggers or a generated column follow it)."""

    def removed(self, kind, object_ids) -> None:
        """Idem."""

    def after_bulk(self) -> None:
        """Called after a bulk build."""

    # --- what a subclass provides
    def source(self, query: Query) -> tuple[str, str, list]:
        """(FROM clause, match condition, params) of the exact query."""
        raise NotImplementedError

    def score(self, query: Query) -> tuple[str, list]:
        """SQL (and params) of a match's relevance in the exact query."""
        raise NotImplementedError

    def candidates(self, query: Query, kind: str, filters: Filters, limit: int) -> tuple[str, list]:
        """SQL selecting `id, object_id, date, score, total` of the kind's best `limit` matches (filters
        applied; `total` the kind's number of matches when the query counts them, else NULL)."""
        raise NotImplementedError

    def matches(self, query: Query, kind: str, filters: Filters) -> tuple[str, list]:
        """SQL counting the kind's matches in the index (filters applied; visibility not)."""
        raise NotImplementedError

    # --- the search
    def _scope(self, allowed: dict) -> tuple[str, list]:
        """Each kind's records the user may open, as a correlated EXISTS on the record's pk: the
        database probes the module's own visibility query for the matched entries only."""
        sql, params, _kinds = self._scope_of(allowed)
        return sql, params

    @staticmethod
    def _scope_of(allowed: dict) -> tuple[str, list, list]:
        parts, params, kinds = [], [], []
        for kind, queryset in allowed.items():
            try:
                probe = queryset.filter(pk=RawSQL("e.object_id", ())).values("pk")
                sql, sub = probe.query.sql_with_params()
            except EmptyResultSet:  # .none(): nothing of this kind for this user
                continue
            parts.append(f"(e.kind = %s AND EXISTS ({sql}))")
            params.extend([kind, *sub])
            kinds.append(kind)
        return "(" + (" OR ".join(parts) or "1=0") + ")", params, kinds

    @staticmethod
    def id_list(ids) -> tuple[str, list]:
        """A subquery yielding these ids, as one parameter (a pk__in of hundreds of ids costs Django
        more than the search)."""
        return "SELECT value FROM json_each(%s)", [json.dumps(list(ids))]

    def _opened(self, allowed: dict, found) -> set[tuple[str, int]]:
        """Which of the candidates (rows of id, kind, object id, …) the user may open: one statement
        over the kinds that have any, each kind's visibility query narrowed to its candidates' pks — a
        primary-key probe per candidate, whatever the number of records the user may open, and
        planned for the kinds with candidates only."""
        ids: dict[str, list[int]] = {}
        for row in found:
            ids.setdefault(row[1], []).append(row[2])
        parts, params = [], []
        for kind, pks in ids.items():
            try:
                narrowed = allowed[kind].filter(pk__in=RawSQL(*self.id_list(pks)))
                sql, sub = narrowed.order_by().values("pk").query.sql_with_params()
            except EmptyResultSet:  # .none(): nothing of this kind for this user
                continue
            parts.append(f"SELECT %s, v.pk FROM ({sql}) v")
            params.extend([kind, *sub])
        if not parts:
            return set()
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return {(kind, pk) for kind, pk in cursor.fetchall()}

    @staticmethod
    def _bounds(allowed: dict, kinds: list, filters: Filters) -> dict:
        """{kind: the filters of its candidates}: the page's filters, narrowed to the committees the
        kind's visibility query confines the user to when it does (see `committee_bound`), so that
        the index yields only candidates of the user's committees."""
        bounds = {}
        for kind in kinds:
            ids = committee_bound(kind, allowed[kind])
            if ids is not None and filters.committee_ids is not None:
                ids = ids & frozenset(filters.committee_ids)
            elif ids is None:
                ids = filters.committee_ids
            if ids is not None and not ids:
                continue
            bounds[kind] = Filters(filters.kinds, None if ids is None else tuple(sorted(ids)), filters.year)
        return bounds

    def _filters(self, filters: Filters, *, with_kind: bool) -> tuple[str, list]:
        where, params = [], []
        if with_kind and filters.kinds:
            where.append("e.kind IN (" + ", ".join(["%s"] * len(filters.kinds)) + ")")
            params.extend(filters.kinds)
        if filters.committee_ids is not None:
            ids = list(filters.committee_ids) or [0]
            where.append("e.committee_id IN (" + ", ".join(["%s"] * len(ids)) + ")")
            params.extend(ids)
        if filters.year is not None:
            where.append("e.year = %s")
            params.append(filters.year)
        return " AND ".join(where) or "1=1", params

    def search(
        self, query: Query, allowed: dict, filters: Filters, *, limit: int, offset: int = 0, per_kind: bool = False
    ) -> Answer:
        """The ranked page of hits (best first, the newer first among equals) and the count per kind
        of what the user may open (estimated for a kind with more than BOUND matches). With
        `per_kind`, the best `limit` hits of each kind (quick results)."""
        if not query or not allowed:
            return Answer([], {})
        bound = self.bound or BOUND
        kinds = list(allowed)
        bounds = self._bounds(allowed, [k for k in kinds if not allowed[k].query.is_empty()], filters)
        if not bounds:
            return Answer([], {})
        few = self.few(query, bounds, bound)
        if few:  # no more matches than one kind's candidates: the exact query is as cheap
            return self.exact(
                query, {k: allowed[k] for k in bounds}, filters, limit=limit, offset=offset, per_kind=per_kind
            )
        parts, params = [], []
        for kind, kind_filters in bounds.items():
            sql, sub = self.candidates(query, kind, kind_filters, bound + 1)
            parts.append(f"SELECT c.id, %s, c.object_id, c.date, c.score, c.total FROM ({sql}) c")
            params.extend([kind, *sub])
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            found = cursor.fetchall()
        opened = self._opened(allowed, found)
        rows = [
            _Candidate(id, kind, date, score, (kind, object_id) in opened, total)
            for id, kind, object_id, date, score, total in found
        ]
        by_kind: dict[str, list[_Candidate]] = {}
        for row in rows:
            by_kind.setdefault(row.kind, []).append(row)
        cut = {}  # kind → the lowest score among its candidates, for kinds with more matches
        for kind, found in by_kind.items():
            if len(found) > bound:  # the extra candidate says there are more: drop the worst (the oldest)
                found.sort(key=_rank if self.ranked_candidates else _recency, reverse=True)
                cut[kind] = found[bound - 1].score
                del found[bound:]
        counts = {kind: sum(c.ok for c in found) for kind, found in by_kind.items()}
        # a cut-off kind of which the user may open only a few candidates (a unit among a common
        # word's matches) may hide more beyond them: that kind is counted exactly
        sparse = [kind for kind in cut if counts[kind] < SPARSE]
        if sparse:
            counts.update(self.exact(query, {k: allowed[k] for k in sparse}, filters, limit=0).counts)
        estimated = {kind for kind in cut if kind not in sparse}
        totals = {}
        if estimated:
            totals = {kind: by_kind[kind][0].total for kind in estimated}
            missing = [kind for kind, n in totals.items() if n is None]
            if missing:
                totals.update(self.totals(query, {kind: bounds[kind] for kind in missing}))
            for kind in estimated:
                counts[kind] = max(counts[kind], round(totals[kind] * counts[kind] / bound))
        counts = {kind: n for kind, n in counts.items() if n}
        wanted = [k for k in (filters.kinds or kinds) if counts.get(k)]
        if not wanted or limit <= 0:
            return Answer([], counts, estimated)
        visible = {k: sorted((c for c in by_kind[k] if c.ok), key=_rank, reverse=True) for k in wanted}
        if per_kind:
            page, short = [], []
            for kind in wanted:
                if kind in cut and len(visible[kind]) < limit:
                    short.append(kind)
                else:
                    page.extend(visible[kind][:limit])
            hits = self._hits(page)
            if short:
                exact = self.exact(
                    query, {k: allowed[k] for k in short}, filters, limit=limit, per_kind=True, count=False
                )
                hits.extend(exact.hits)
            return Answer(hits, counts, estimated)
        merged = sorted((c for k in wanted for c in visible[k]), key=_rank, reverse=True)
        cut_wanted = [k for k in wanted if k in cut]
        # candidates that are a kind's best over all its matches (SQLite): a page above the lowest of
        # them is the full ranking's. Otherwise (PostgreSQL) the ranking is that of the most recent
        # matches, and a page beyond the candidates is the exact query's.
        if self.ranked_candidates:
            floor = max((cut[k] for k in cut_wanted), default=None)
            merged = merged if floor is None else [c for c in merged if c.score >= floor]
        if len(merged) >= offset + limit or not cut_wanted:
            return Answer(self._hits(merged[offset : offset + limit]), counts, estimated)
        # the page lies below the candidates of a cut-off kind: the exact query answers it
        page_filters = Filters(tuple(wanted), filters.committee_ids, filters.year)
        exact = self.exact(query, allowed, page_filters, limit=limit, offset=offset, count=False)
        return Answer(exact.hits, counts, estimated)

    def few(self, query: Query, bounds: dict, bound: int) -> bool:
        """Whether the query matches at most `bound` entries of these kinds in all (a cheap check
        where the index can count without reading entries; False: don't know)."""
        return False

    def totals(self, query: Query, kinds: dict) -> dict[str, int]:
        """{kind: number of matches in the index} for {kind: filters} (visibility not applied)."""
        parts, params = [], []
        for kind, filters in kinds.items():
            sql, sub = self.matches(query, kind, filters)
            parts.append(f"SELECT %s, ({sql})")
            params.extend([kind, *sub])
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return dict(cursor.fetchall())

    def _hits(self, page: list[_Candidate]) -> list[Hit]:
        """The page's rows (the text for its snippets only), in the page's order."""
        if not page:
            return []
        columns = ", ".join(f"e.{c}" for c in COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {TABLE} e WHERE e.id IN ({', '.join(['%s'] * len(page))})",
                [c.id for c in page],
            )
            rows = {row[0]: row for row in cursor.fetchall()}
        return [Hit(*rows[c.id], score=c.score) for c in page if c.id in rows]

    def exact(
        self,
        query: Query,
        allowed: dict,
        filters: Filters,
        *,
        limit: int,
        offset: int = 0,
        per_kind: bool = False,
        count: bool = True,
    ) -> Answer:
        """Every match ranked and counted (each checked against the user's visibility): what the
        bounded search falls back to for a page beyond its candidates."""
        if not query or not allowed:
            return Answer([], {})
        source, match, match_params = self.source(query)
        scope, scope_params = self._scope(allowed)
        where, params = self._filters(filters, with_kind=False)
        columns = ", ".join(f"e.{c}" for c in COLUMNS)
        order = "score DESC, e.date DESC, e.id DESC"
        score, score_params = self.score(query)
        with connection.cursor() as cursor:
            if count:
                cursor.execute(
                    f"SELECT e.kind, COUNT(*) FROM {source} WHERE {match} AND {where} AND {scope} GROUP BY e.kind",
                    [*match_params, *params, *scope_params],
                )
                counts = dict(cursor.fetchall())
                wanted = tuple(k for k in (filters.kinds or counts) if counts.get(k))
            else:
                counts, wanted = {}, tuple(filters.kinds or allowed)
            if not wanted or limit <= 0:
                return Answer([], counts)
            where, params = self._filters(Filters(wanted, filters.committee_ids, filters.year), with_kind=True)
            select = f"SELECT {columns}, {score} AS score FROM {source} WHERE {match} AND {where} AND {scope}"
            values = [*score_params, *match_params, *params, *scope_params]
            if per_kind:
                names = ", ".join(f"r.{c}" for c in COLUMNS)
                number = "ROW_NUMBER() OVER (PARTITION BY s.kind ORDER BY s.score DESC, s.date DESC, s.id DESC)"
                sql = (
                    f"SELECT {names}, r.score FROM (SELECT s.*, {number} AS rn FROM ({select}) s) r "
                    "WHERE r.rn <= %s ORDER BY r.kind, r.rn"
                )
                cursor.execute(sql, [*values, limit])
            else:
                cursor.execute(f"{select} ORDER BY {order} LIMIT %s OFFSET %s", [*values, limit, offset])
            hits = [Hit(*row) for row in cursor.fetchall()]
        return Answer(hits, counts)


def kind_tag(kind: str) -> str:
    """The token naming a kind in an entry's `tags` ("proposals.proposal" → kproposalsproposal)."""
    return "k" + "".join(ch for ch in kind.lower() if ch.isascii() and ch.isalnum())


def tags(kind: str, committee_id, year) -> str:
    """What the filters match inside the index: the kind, the committee and the year as tokens."""
    return f"{kind_tag(kind)} c{committee_id or 0} y{year or 0}"
