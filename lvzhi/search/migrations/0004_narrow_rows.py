"""PostgreSQL: the entries' wide columns (text, tokens, tsvector) out of line, so a search that reads
a kind's matches reads rows of a few hundred bytes instead of pages of text, and an index on (kind,
id) along which it takes a kind's newest matches (see
docs/search.md, "Speed"). `toast_tuple_target` applies to rows as they are written: the UPDATE
rewrites the existing ones. SQLite has nothing to change."""

from django.db import migrations, models

POSTGRES = [
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
    "UPDATE search_searchentry SET tags = tags",
]
POSTGRES_UNDO = ["ALTER TABLE search_searchentry RESET (toast_tuple_target)"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_tags")]

    operations = [
        migrations.RunPython(_run(POSTGRES), _run(POSTGRES_UNDO)),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["kind", "id"], name="search_entry_kind_newest"),
        ),
    ]
