"""PostgreSQL: the GIN index built on the entry's tsvector with its tags (kind, committee, year) added
as lexemes of their own ('#kproposalsproposal', '#c12', '#y2025': a query word is letters and digits
only, so it never names one) — `backends.TAGGED` — instead of the tsvector alone. The index then
answers the words and the filters together, as the SQLite FTS5 table's `tags` column does, and a
kind's candidates in the user's committees come from one bitmap of the index (see docs/search.md,
"Speed"). An expression index: the table is not rewritten. SQLite has nothing to change."""

from django.db import migrations

TAGGED = "((tsv || array_to_tsvector(string_to_array('#' || replace(tags, ' ', ' #'), ' '))))"
FORWARD = [
    f"CREATE INDEX search_entry_tsv_tags ON search_searchentry USING gin {TAGGED}",
    "DROP INDEX IF EXISTS search_entry_tsv",
]
BACKWARD = [
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (tsv)",
    "DROP INDEX IF EXISTS search_entry_tsv_tags",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_narrow_rows")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
