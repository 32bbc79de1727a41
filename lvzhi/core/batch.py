"""Several counts in one statement: `counts([qs1, qs2, ...])` answers `[qs1.count(), qs2.count(), ...]`
with one `SELECT (SELECT COUNT(*) FROM (…)), (SELECT COUNT(*) FROM (…)), …` per database, so a page
that shows a dozen counts (the to-do kinds of the side menu and the home page) pays one round trip,
not a dozen. Each count is the queryset's own query with its ordering dropped: the rows it counts are
the rows `.count()` counts (duplicates from joins, `distinct()`, slices alike). `values(parts)` does
the same for counts and single values (`First`: a date a figure is computed from) together.

`prefetch_present(objects, ...)` prefetches a relation only for the objects whose read said it has
rows (an `EXISTS` annotation): a page whose object has none of its optional lists pays no query for
them."""

from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Prefetch, QuerySet, prefetch_related_objects


class First(NamedTuple):
    """A part of `values`: the one value of the first row of `queryset` (a `values_list` of one field,
    in its order), None when it has no rows."""

    queryset: QuerySet


def counts(querysets: list[QuerySet]) -> list[int]:
    return values(querysets)


def values(parts: list) -> list:
    """`[qs.count()]` for each queryset and `[the first row's value]` for each `First`, in one
    statement per database."""
    found: list = [None] * len(parts)
    done = [False] * len(parts)
    by_db: dict[str, list[int]] = {}
    for index, part in enumerate(parts):
        by_db.setdefault(_queryset(part).db, []).append(index)
    converters: dict[int, tuple] = {}
    for db, indexes in by_db.items():
        selects, params = [], []
        for n, index in enumerate(indexes):
            part = parts[index]
            qs = _queryset(part)
            if qs.query.is_empty():  # .none(): Django answers 0 (or no row) without asking
                found[index], done[index] = (None if isinstance(part, First) else 0), True
                continue
            try:
                if isinstance(part, First):
                    compiler = qs[:1].query.get_compiler(db)
                    sql, args = compiler.as_sql()
                    converters[index] = (compiler, compiler.get_converters([compiler.select[0][0]]))
                    selects.append(f"({sql})")
                else:
                    if qs.query.is_sliced:  # the slice depends on the order: counted as it stands
                        sql, args = qs.values("pk").query.sql_with_params()
                    else:
                        sql, args = qs.order_by().values("pk").query.sql_with_params()
                    selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{n})")
            except EmptyResultSet:  # a condition nothing can meet (`__in=[]`): Django answers so too
                found[index], done[index] = (None if isinstance(part, First) else 0), True
                continue
            params.extend(args)
        if not selects:
            continue
        with connections[db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(selects), params)
            row = iter(cursor.fetchone())
        for index in indexes:
            if done[index]:
                continue
            value = next(row)
            if index in converters:
                compiler, convert = converters[index]
                found[index] = next(iter(compiler.apply_converters([[value]], convert)))[0] if convert else value
            else:
                found[index] = int(value)
    return found


def _queryset(part) -> QuerySet:
    return part.queryset if isinstance(part, First) else part


def prefetch_present(objects, *lookups: Prefetch) -> None:
    """`prefetch_related_objects(objects, *lookups)`, except that a relation none of the objects has
    rows in is not read: each object carries `has_<relation>` (an `Exists` annotated on its read), and
    when it is false for all of them the relation is set empty without a query. Each lookup is a
    `Prefetch` of one relation with its queryset."""
    objects = list(objects)
    if not objects:
        return
    for lookup in lookups:
        if not any(getattr(obj, f"has_{lookup.prefetch_through}") for obj in objects):
            lookup = Prefetch(lookup.prefetch_through, lookup.queryset.none(), to_attr=lookup.to_attr)
        prefetch_related_objects(objects, lookup)
