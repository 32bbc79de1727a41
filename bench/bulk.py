"""Bulk writing for the benchmarks' data generators: rows as dicts keyed by attname, written with
COPY on PostgreSQL and executemany elsewhere. Every column gets its value or the field's default;
auto_now / auto_now_add fields get `now`; ids are given by the caller (`Ids`), and the sequences are
reset afterwards (`reset_sequences`)."""

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone


class Ids:
    """The next free primary key of each model, counted in Python (the rows are written with ids)."""

    def __init__(self):
        self.next = {}

    def take(self, model) -> int:
        if model not in self.next:
            self.next[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        value = self.next[model]
        self.next[model] = value + 1
        return value


def _columns(model):
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()
    return fields, defaults


def write(model, rows) -> int:
    """Writes the rows (dicts by attname, each with its id) in one statement stream; returns how many."""
    if not rows:
        return 0
    fields, defaults = _columns(model)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    prepared = (
        [f.get_db_prep_save(row.get(f.attname, defaults[f.attname]), connection) for f in fields] for row in rows
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for values in prepared:
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(prepared))
    return len(rows)


def reset_sequences(models) -> None:
    """PostgreSQL: the id sequences after explicit ids (nothing to do on SQLite)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)


def analyze() -> None:
    """The planner's statistics, and on PostgreSQL the visibility map too (VACUUM), as autovacuum
    would leave them after a while: an index-only scan (the proposals' counts) reads the table's
    pages of every row a VACUUM has not yet marked visible."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
