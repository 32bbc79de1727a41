from django.db import migrations

NEWEST_FIRST = "activity_newest_first"


def _newest_first(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {NEWEST_FIRST} ON activities_activity (start DESC NULLS LAST, id DESC NULLS LAST)"
        )


def _no_newest_first(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NEWEST_FIRST}")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0005_todo_indexes"),
    ]

    operations = [
        # The list's default order, newest first, with its sort's NULLS LAST and tiebreak, and the
        # homes' and calendar's ranges of dates: a province's hundred committees are all in scope, so
        # the (committee, start) index meant a probe per committee or a scan of every activity.
        # PostgreSQL only, as the proposals' (SQLite's indexes have no NULLS LAST).
        migrations.RunPython(_newest_first, _no_newest_first),
    ]
