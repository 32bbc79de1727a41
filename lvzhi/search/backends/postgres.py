"""The search on PostgreSQL: a tsvector with the filters as lexemes, under a GIN index."""

import json
import time

from django.db import connection

from lvzhi.search.backends.base import TABLE, DatabaseBackend, Filters, kind_tag


def _tsquery_term(term) -> str:
    words = [f"'{w}':*" if term.prefix else f"'{w}'" for w in term.words]
    return words[0] if len(words) == 1 else "(" + " | ".join(words) + ")"


def tsquery_tags(kind: str, filters: Filters) -> str:
    """The filters as a tsquery over the tag lexemes of the tsvector (migration 0005): the kind, any
    of the committees, the year ('#kproposalsproposal' & ('#c12' | '#c13') & '#y2025')."""
    parts = [f"'#{kind_tag(kind)}'"]
    if filters.committee_ids is not None:
        ids = list(filters.committee_ids) or [0]
        parts.append("(" + " | ".join(f"'#c{int(i)}'" for i in ids) + ")")
    if filters.year is not None:
        parts.append(f"'#y{int(filters.year)}'")
    return " & ".join(parts)


# The entry's tsvector with its tags as lexemes of their own ('#kproposalsproposal', '#c12',
# '#y2025'; a query word is letters and digits only, so it never names one): the function the GIN
# index is built on (migrations 0005 and 0006), so the words and the filters are one index condition.
# It is declared costly, so the planner never prefers computing it row by row to the index.
TAGGED = "search_tagged(e.tsv, e.tags)"


class PostgresBackend(DatabaseBackend):
    """A generated tsvector column ('simple' configuration over the segmented tokens, title weight A,
    body weight B) and a GIN index on it with the kind, committee and year added as lexemes (TAGGED,
    migrations 0005, 0006), so the index alone finds a kind's matches in the user's committees. ts_rank
    has to read the tsvector of every row it ranks, so a kind's candidates are its most recently
    indexed matches (the highest entry ids of the index's bitmap: a top-N sort of row ids, no
    tsvector read), ranked among themselves; a cut-off kind's number of matches is the planner's
    estimate. The entries' wide columns live out of line (toast_tuple_target, migration 0004), so
    the rows the bitmap visits are a few hundred bytes each. A common word's newest matches are
    first looked for along the (kind, id) index instead of the bitmap (`candidates`)."""

    ranked_candidates = False
    WEIGHTS = "'{0.1, 0.2, 0.1, 1.0}'"  # D, C, B (the body), A (title, 案号, pinyin)

    @staticmethod
    def id_list(ids):
        return "SELECT unnest(%s::bigint[])", [list(ids)]

    def source(self, query):
        return f"{TABLE} e, to_tsquery('simple', %s) q", f"{TAGGED} @@ q", [self._words(query)]

    @staticmethod
    def _words(query):
        return " & ".join(_tsquery_term(t) for t in query.terms)

    def score(self, query):
        return f"ts_rank({self.WEIGHTS}, e.tsv, q)", []

    def _match(self, query, kind, filters):
        """The words and the filters as one condition the GIN index answers."""
        return (
            f"{TAGGED} @@ (to_tsquery('simple', %s) && CAST(%s AS tsquery))",
            [self._words(query), tsquery_tags(kind, filters)],
        )

    # A common word (more than COMMON of all entries hold it, by the column's statistics) is first
    # looked for among the kind's newest WALK entries; see `candidates`.
    COMMON = 0.2
    WALK = 3000

    def candidates(self, query, kind, filters, limit):
        match, params = self._match(query, kind, filters)
        # `e.id + 0`: the newest matches are taken from the GIN bitmap by a top-N sort of the narrow
        # columns, never by walking the primary key backwards and reading each row's tsvector until
        # enough match. Only then is each candidate's tsvector read, by its primary key, for ts_rank.
        recent = f"SELECT e.id, e.object_id, e.date FROM {TABLE} e WHERE {match} ORDER BY e.id + 0 DESC LIMIT %s"
        tsv = f"(SELECT t.tsv FROM {TABLE} t WHERE t.id = r.id)"
        rank = f"ts_rank({self.WEIGHTS}, {tsv}, to_tsquery('simple', %s))"
        gin = f"SELECT r.id, r.object_id, r.date, {rank} AS score, NULL AS total FROM ({recent}) r"
        gin_params = [self._words(query), *params, limit]
        if self._frequency(query) < self.COMMON:
            return gin, gin_params
        # A common word: the GIN bitmap would hold tens of thousands of matches, each visited for its
        # id before the top-N sort. The newest WALK entries of the kind are read along (kind, id)
        # instead, newest first, each tested against the query until `limit` match (a word in every
        # other entry: a thousand rows, 15 ms at full size instead of 200). Those are the kind's
        # `limit` newest matches — what the bitmap's top-N gives — so the answer is the same; when
        # fewer match among the WALK newest, the bitmap is asked after all (a one-time filter: the
        # branch not taken is never run). `kind BETWEEN`: the planner then cannot prefer walking the
        # primary key of every kind.
        conditions, walk_params = ["w.tsv @@ to_tsquery('simple', %s)"], [self._words(query)]
        if filters.committee_ids is not None:  # as the tags hold it: c0 for none
            ids = list(filters.committee_ids) or [0]
            conditions.append("COALESCE(w.committee_id, 0) IN (" + ", ".join(["%s"] * len(ids)) + ")")
            walk_params.extend(ids)
        if filters.year is not None:
            conditions.append("COALESCE(w.year, 0) = %s")
            walk_params.append(filters.year)
        walk = (
            f"SELECT e.id, e.kind, e.object_id, e.date, e.tsv, e.committee_id, e.year FROM {TABLE} e "
            "WHERE e.kind BETWEEN %s AND %s ORDER BY e.kind DESC, e.id DESC LIMIT %s"
        )
        newest = (
            f"SELECT w.id, w.object_id, w.date, w.tsv FROM ({walk}) w WHERE {' AND '.join(conditions)} "
            "ORDER BY w.kind DESC, w.id DESC LIMIT %s"
        )
        return (
            f"WITH n AS MATERIALIZED ({newest}) "
            f"SELECT n.id, n.object_id, n.date, ts_rank({self.WEIGHTS}, n.tsv, to_tsquery('simple', %s)) AS score, "
            "NULL AS total FROM n WHERE (SELECT COUNT(*) FROM n) >= %s "
            f"UNION ALL SELECT g.* FROM ({gin}) g WHERE (SELECT COUNT(*) FROM n) < %s",
            [kind, kind, self.WALK, *walk_params, limit, self._words(query), limit, *gin_params, limit],
        )

    _frequencies: tuple[float, dict] = (0.0, {})  # (when read, {lexeme: share of the entries})

    def _frequency(self, query) -> float:
        """The share of all entries the query's words are estimated to match, from the tsvector
        column's statistics (ANALYZE's most common lexemes, those in a few per mille of entries or
        more; read once a minute): a product over the terms, a term's words summed; a prefix or a
        word not among them counts as rare (0)."""
        read, shares = PostgresBackend._frequencies
        if time.monotonic() - read > 60:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT s.lexeme, s.share FROM pg_stats, unnest(most_common_elems::text::text[], "
                    "most_common_elem_freqs) AS s(lexeme, share) WHERE schemaname = current_schema() "
                    "AND tablename = %s AND attname = 'tsv' AND s.lexeme IS NOT NULL",
                    [TABLE],
                )
                shares = dict(cursor.fetchall())
            PostgresBackend._frequencies = (time.monotonic(), shares)
        estimate = 1.0
        for term in query.terms:
            if term.prefix:
                return 0.0
            estimate *= min(1.0, sum(shares.get(w, 0.0) for w in term.words))
        return estimate

    def matches(self, query, kind, filters):
        match, params = self._match(query, kind, filters)
        return f"SELECT 1 FROM {TABLE} e WHERE {match}", params

    def totals(self, query, kinds):
        """The planner's estimate from the tsvector statistics (the kind's candidates were cut off,
        so it has more than BOUND matches; counting tens of thousands would visit every one)."""
        estimates = {}
        with connection.cursor() as cursor:
            for kind, filters in kinds.items():  # one EXPLAIN each (a UNION's plan may merge branches)
                sql, params = self.matches(query, kind, filters)
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                estimates[kind] = int(plan[0]["Plan"]["Plan Rows"])
        return estimates
