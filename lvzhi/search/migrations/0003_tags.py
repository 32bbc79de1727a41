"""The entries' `tags` (kind, committee and year as tokens) and, on SQLite, the FTS5 table rebuilt
with them as a third column, so the kind, committee and year filters are part of the full-text match
and a kind's best matches come from the index alone (see docs/search.md, "Speed")."""

from django.db import migrations, models

SQLITE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title_tokens, body_tokens, tags, content='search_searchentry', "
    "content_rowid='id', tokenize='unicode61', prefix='1 2 3')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, title_tokens, body_tokens, tags) "
    "VALUES (new.id, new.title_tokens, new.body_tokens, new.tags); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens, tags) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens, old.tags); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE OF title_tokens, body_tokens, tags ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens, tags) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens, old.tags); "
    "INSERT INTO search_fts(rowid, title_tokens, body_tokens, tags) "
    "VALUES (new.id, new.title_tokens, new.body_tokens, new.tags); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title_tokens, body_tokens, content='search_searchentry', "
    "content_rowid='id', tokenize='unicode61', prefix='1 2 3')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, title_tokens, body_tokens) VALUES (new.id, new.title_tokens, new.body_tokens); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE OF title_tokens, body_tokens ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens); "
    "INSERT INTO search_fts(rowid, title_tokens, body_tokens) VALUES (new.id, new.title_tokens, new.body_tokens); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]


def kind_tag(kind):  # as lvzhi.search.backends.kind_tag (a migration keeps its own copy)
    return "k" + "".join(ch for ch in kind.lower() if ch.isascii() and ch.isalnum())


def fill_tags(apps, schema_editor):
    """Every entry's tags, one UPDATE per kind (the demo's 27,000 entries in well under a second)."""
    Entry = apps.get_model("search", "SearchEntry")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for kind in Entry.objects.values_list("kind", flat=True).distinct():
            cursor.execute(
                "UPDATE search_searchentry SET tags = CAST(%s AS TEXT) || ' c' || COALESCE(committee_id, 0) "
                "|| ' y' || COALESCE(year, 0) WHERE kind = %s",
                [kind_tag(kind), kind],
            )
    for sql in {"sqlite": SQLITE}.get(connection.vendor, []):
        schema_editor.execute(sql)


def drop_tags(apps, schema_editor):
    for sql in {"sqlite": SQLITE_UNDO}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="tags",
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.RunPython(fill_tags, drop_tags),
    ]
