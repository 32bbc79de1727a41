"""Where the search runs. A backend answers one question — the records matching a query among those
the caller may open, ranked, with a count per kind — and hears of every change to the index table.

Two backends ship, one per database, over the same index table (`SearchEntry`, tokens cut by jieba):

- SQLite: an FTS5 table `search_fts` (external content: it stores only the index, triggers on the
  entry table keep it in step), ranked by bm25 with the title weighted over the body.
- PostgreSQL: a generated `tsvector` column `tsv` ('simple' configuration over the segmented tokens,
  title weight A, body weight B) with a GIN index, ranked by ts_rank.

Another engine (OpenSearch/Elasticsearch with a Chinese analyser) is a third class with the same
methods: `indexed`/`removed` push the entries out, `search` asks the engine for the kind/committee/
year-filtered matches and keeps those in `allowed` (see docs/search.md). Callers (the service,
the selectors, the page and the API) only call `backend()`.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.module_loading import import_string

from lvzhi.search.text import Query

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

    @property
    def count(self) -> int:
        return sum(self.counts.values())


class DatabaseBackend:
    """The shared SQL of both database backends; subclasses say how a query matches and ranks."""

    def indexed(self, entries) -> None:
        """The entry table is the index (triggers or a generated column follow it)."""

    def removed(self, kind, object_ids) -> None:
        """Idem."""

    def after_bulk(self) -> None:
        """Called after a bulk build."""

    # --- what a subclass provides
    def source(self, query: Query) -> tuple[str, str, list]:
        """(FROM clause, match condition, params)."""
        raise NotImplementedError

    def score(self) -> str:
        raise NotImplementedError

    # --- the search
    def _scope(self, allowed: dict) -> tuple[str, list]:
        """Each kind's records the user may open, as a correlated EXISTS on the record's pk: the
        database probes the module's own visibility query for the matched entries only."""
        parts, params = [], []
        for kind, queryset in allowed.items():
            try:
                probe = queryset.filter(pk=RawSQL("e.object_id", ())).values("pk")
                sql, sub = probe.query.sql_with_params()
            except EmptyResultSet:  # .none(): nothing of this kind for this user
                continue
            parts.append(f"(e.kind = %s AND EXISTS ({sql}))")
            params.extend([kind, *sub])
        return "(" + (" OR ".join(parts) or "1=0") + ")", params

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
        of everything that matches: two queries, whatever the number of matches. With `per_kind`,
        the best `limit` hits of each kind (quick results), still in one query."""
        if not query or not allowed:
            return Answer([], {})
        source, match, match_params = self.source(query)
        scope, scope_params = self._scope(allowed)
        where, params = self._filters(filters, with_kind=False)
        columns = ", ".join(f"e.{c}" for c in COLUMNS)
        order = "score DESC, e.date DESC, e.id DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.kind, COUNT(*) FROM {source} WHERE {match} AND {where} AND {scope} GROUP BY e.kind",
                [*match_params, *params, *scope_params],
            )
            counts = dict(cursor.fetchall())
            wanted = tuple(k for k in (filters.kinds or counts) if counts.get(k))
            if not wanted or limit <= 0:
                return Answer([], counts)
            where, params = self._filters(Filters(wanted, filters.committee_ids, filters.year), with_kind=True)
            select = f"SELECT {columns}, {self.score()} AS score FROM {source} WHERE {match} AND {where} AND {scope}"
            values = [*match_params, *params, *scope_params]
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


def _fts5_term(term) -> str:
    words = [f'"{w}"*' if term.prefix else f'"{w}"' for w in term.words]
    return words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")"


class SQLiteBackend(DatabaseBackend):
    def source(self, query):
        expression = " AND ".join(_fts5_term(t) for t in query.terms)
        return f"search_fts JOIN {TABLE} e ON e.id = search_fts.rowid", "search_fts MATCH %s", [expression]

    def score(self):
        # bm25 is lower for better matches; the title (with 案号 and pinyin) weighs ten times the body
        return "-bm25(search_fts, 10.0, 1.0)"

    def after_bulk(self):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def _tsquery_term(term) -> str:
    words = [f"'{w}':*" if term.prefix else f"'{w}'" for w in term.words]
    return words[0] if len(words) == 1 else "(" + " | ".join(words) + ")"


class PostgresBackend(DatabaseBackend):
    def source(self, query):
        expression = " & ".join(_tsquery_term(t) for t in query.terms)
        return f"{TABLE} e, to_tsquery('simple', %s) q", "e.tsv @@ q", [expression]

    def score(self):
        return "ts_rank(e.tsv, q)"


BACKENDS = {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}


def backend():
    """The configured backend: LVZHI_SEARCH_BACKEND (a dotted class path) or the database's own."""
    path = getattr(settings, "LVZHI_SEARCH_BACKEND", "")
    if path:
        return import_string(path)()
    return BACKENDS[connection.vendor]()
