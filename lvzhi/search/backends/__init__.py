"""Where the search runs. A backend answers one question — the records matching a query among those
the caller may open, ranked, with a count per kind — and hears of every change to the index table.

Two backends ship, one per database, over the same index table (`SearchEntry`, tokens cut by jieba):

- SQLite: an FTS5 table `search_fts` (external content: it stores only the index, triggers on the
  entry table keep it in step), ranked by where the words are (title over text) and recency.
- PostgreSQL: a generated `tsvector` column `tsv` ('simple' configuration over the segmented tokens,
  title weight A, body weight B) with a GIN index, ranked by ts_rank.

Another engine (OpenSearch/Elasticsearch with a Chinese analyser) is a third class with the same
methods: `indexed`/`removed` push the entries out, `search` asks the engine for the kind/committee/
year-filtered matches and keeps those in `allowed` (see docs/search.md). Callers (the service,
the selectors, the page and the API) only call `backend()`.
"""

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from lvzhi.search.backends.base import (  # noqa: F401 (the names the search has always been called by)
    BOUND,
    SPARSE,
    Answer,
    DatabaseBackend,
    Filters,
    Hit,
    committee_bound,
    kind_tag,
    tags,
)
from lvzhi.search.backends.postgres import PostgresBackend
from lvzhi.search.backends.sqlite import SQLiteBackend

BACKENDS = {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}


def backend():
    """The configured backend: LVZHI_SEARCH_BACKEND (a dotted class path) or the database's own."""
    path = getattr(settings, "LVZHI_SEARCH_BACKEND", "")
    if path:
        return import_string(path)()
    return BACKENDS[connection.vendor]()
