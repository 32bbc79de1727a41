"""The search on SQLite: FTS5 over the index table's tokens."""

from django.db import connection

from lvzhi.search.backends.base import TABLE, DatabaseBackend, kind_tag


def _fts5_term(term) -> str:
    words = [f'"{w}"*' if term.prefix else f'"{w}"' for w in term.words]
    return words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")"


class SQLiteBackend(DatabaseBackend):
    """FTS5 over the entries' tokens; its third column `tags` holds the kind, committee and year as
    tokens, so the filters are part of the MATCH and a kind's best matches come from the index alone.

    Relevance is where the words are: a record whose title (with its 案号, names and pinyin) holds
    every word of the query ranks above one that has them in its text only; among equals the newer
    entry first. FTS5's bm25 would weigh term frequencies too, but it computes each query word's
    document frequency over the whole index on every query — a common word or a prefix such as a
    案号's "1"* costs hundreds of milliseconds before a single row is ranked — while these two tiers
    come from the index in rowid order with a LIMIT, whatever the number of matches."""

    def source(self, query):
        # CROSS JOIN keeps the index the outer loop (SQLite would otherwise walk the entries of a kind)
        return (
            f"search_fts CROSS JOIN {TABLE} e ON e.id = search_fts.rowid",
            "search_fts MATCH %s",
            [self._words(query)],
        )

    def _words(self, query, columns="title_tokens body_tokens"):
        # the query's words are looked for in the text columns only, never in the tags
        return f"{{{columns}}}: (" + " AND ".join(_fts5_term(t) for t in query.terms) + ")"

    def _expression(self, query, kind, filters, columns="title_tokens body_tokens"):
        return f"{self._words(query, columns)} AND {self._tags(kind, filters)}"

    def _tags(self, kind, filters):
        parts = [f"tags: {kind_tag(kind)}"]
        if filters.committee_ids is not None:
            ids = list(filters.committee_ids) or [0]
            parts.append("tags: (" + " OR ".join(f"c{i}" for i in ids) + ")")
        if filters.year is not None:
            parts.append(f"tags: y{filters.year}")
        return "(" + " AND ".join(parts) + ")"

    def few(self, query, bounds, bound):
        """One count over every kind (each with its committees), stopping past `bound`: FTS5 counts
        from the index alone, and a narrow query (a 案号, a name) then takes the exact path's two
        statements instead of one candidate query per kind."""
        tags = " OR ".join(self._tags(kind, filters) for kind, filters in bounds.items())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
                [f"{self._words(query)} AND ({tags})", bound + 1],
            )
            return cursor.fetchone()[0] <= bound

    def score(self, query):
        return (
            "CASE WHEN search_fts.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) THEN 1 ELSE 0 END",
            [self._words(query, "title_tokens")],
        )

    def candidates(self, query, kind, filters, limit):
        # the newest title matches, then the newest others: two walks of the index by rowid
        title = self._expression(query, kind, filters, "title_tokens")
        anywhere = self._expression(query, kind, filters)
        walk = (
            "SELECT rowid AS id, {tier} AS score FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s"
        )
        both = f"SELECT * FROM ({walk.format(tier=1)}) UNION ALL SELECT * FROM ({walk.format(tier=0)})"
        best = f"SELECT b.id, MAX(b.score) AS score FROM ({both}) b GROUP BY b.id ORDER BY score DESC, b.id DESC"
        best += " LIMIT %s"
        # CROSS JOIN: the candidates stay the outer loop, each entry read by its rowid
        return (
            f"SELECT e.id, e.object_id, e.date, x.score, NULL AS total FROM ({best}) x CROSS JOIN {TABLE} e "
            "ON e.id = x.id",
            [title, limit, anywhere, limit, limit],
        )

    def matches(self, query, kind, filters):
        return "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s", [self._expression(query, kind, filters)]

    def after_bulk(self):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
