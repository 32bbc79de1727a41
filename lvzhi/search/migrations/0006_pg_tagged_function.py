"""PostgreSQL: the GIN index of migration 0005 built on a function, `search_tagged(tsv, tags)`, instead
of the bare expression. The function computes the same tsvector (the entry's words with its kind,
committee and year as lexemes of their own) and is declared costly (COST 1000): computing it means
reading a row's out-of-line tsvector, which the planner cannot know of an expression. With the bare
expression it judged a scan of every entry, computing it row by row, cheaper than the index for a
kind with few entries (members, activities) — 200 ms instead of 2 at a tenth of the benchmark's size
(docs/search.md, "Speed"). PL/pgSQL, so that the planner does not inline it and lose the cost.

And no parallel scans of the entries: a search's statement has a branch per kind, and the planner
gave each its own two workers — on a busy server each branch then waited for them to start (800 ms
for a branch that found nothing), and workers add CPU time to a query that is cheap on one core.
SQLite has nothing to change."""

from django.db import migrations

FUNCTION = (
    "CREATE OR REPLACE FUNCTION search_tagged(tsv tsvector, tags text) RETURNS tsvector "
    "LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000 AS "
    "$$ BEGIN RETURN tsv || array_to_tsvector(string_to_array('#' || replace(tags, ' ', ' #'), ' ')); END $$"
)
OLD = "((tsv || array_to_tsvector(string_to_array('#' || replace(tags, ' ', ' #'), ' '))))"
FORWARD = [
    FUNCTION,
    "CREATE INDEX search_entry_tagged ON search_searchentry USING gin (search_tagged(tsv, tags))",
    "DROP INDEX IF EXISTS search_entry_tsv_tags",
    "ALTER TABLE search_searchentry SET (parallel_workers = 0)",
]
BACKWARD = [
    "ALTER TABLE search_searchentry RESET (parallel_workers)",
    f"CREATE INDEX search_entry_tsv_tags ON search_searchentry USING gin {OLD}",
    "DROP INDEX IF EXISTS search_entry_tagged",
    "DROP FUNCTION IF EXISTS search_tagged(tsvector, text)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_pg_tag_lexemes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
