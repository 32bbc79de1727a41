"""The demo loaders' insert for rows whose ids nobody reads back (timelines, audit entries,
attendance, notice reads): the rows' values go to the database as they are — COPY on PostgreSQL,
executemany elsewhere — without the ORM's per-row SQL compilation, which costs several times more
than building the rows (a hundred thousand and more per load; the demo is loaded in the test suite
too).

A row is an unsaved model instance or a dict keyed by field attname (cheaper: no instance to build;
a missing key takes the field's default). Like `bulk_create`, no signal is sent and no `save()`
runs. Unlike it, the ids do not come back, and an `auto_now`/`auto_now_add` field keeps the value
the row carries (the date of the event), taking "now" only when it has none — what the loaders'
`_keep_times` contexts do for `bulk_create`."""

import datetime

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

BATCH = 5000
UTC = datetime.UTC
# values these fields hold go to either database as they are
PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _preparer(field, connection, now):
    """A function value → database value for the field, as `get_db_prep_save` would give."""
    stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.DateTimeField):

        def prepare(value):
            value = now if value is None and stamped else value
            if value is None or not sqlite:
                return value
            if timezone.is_aware(value):
                value = value.astimezone(UTC).replace(tzinfo=None)
            return str(value)

        return prepare
    if isinstance(field, models.DateField):
        return (lambda value: None if value is None else str(value)) if sqlite else (lambda value: value)
    if isinstance(field, PLAIN):
        return lambda value: value
    return lambda value: field.get_db_prep_save(value, connection)


def _getter(field, model_rows: bool):
    if not model_rows:
        default = field.get_default()
        return lambda row: row.get(field.attname, default)

    def get(obj):
        value = getattr(obj, field.attname)
        if value is None and field.is_relation and field.is_cached(obj):
            related = getattr(obj, field.name)  # set before the related row had its id
            value = related.pk if related is not None else None
        return value

    return get


def insert(rows, model=None) -> int:
    """Writes unsaved instances (or dicts by attname, naming `model`) of one model; returns how many.
    The instances' `pk` stays None."""
    rows = list(rows)
    if not rows:
        return 0
    model_rows = not isinstance(rows[0], dict)
    model = type(rows[0]) if model_rows else model
    connection = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    columns = [(_getter(f, model_rows), _preparer(f, connection, now)) for f in fields]
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([prepare(get(row)) for get, prepare in columns])
            return len(rows)
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        for i in range(0, len(rows), BATCH):
            cursor.executemany(sql, [[prepare(get(row)) for get, prepare in columns] for row in rows[i : i + BATCH]])
    return len(rows)
