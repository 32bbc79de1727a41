"""The database's own full-text index over the entries' segmented tokens (the clearly separated,
database-specific part of the schema; see docs/search.md).

SQLite: an FTS5 table with external content (it stores only the index) and triggers that keep it in
step with search_searchentry. PostgreSQL: a generated tsvector column ('simple' configuration: the
tokens are already words; title weight A, body weight B) with a GIN index.
"""

from django.db import migrations

SQLITE = [
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
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES = [
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title_tokens), 'A') || setweight(to_tsvector('simple', body_tokens), 'B')"
    ") STORED",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (tsv)",
]
POSTGRES_UNDO = ["DROP INDEX IF EXISTS search_entry_tsv", "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv"]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRES_UNDO}),
        )
    ]
