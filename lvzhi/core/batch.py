"""Several counts in one statement: `counts([qs1, qs2, ...])` answers `[qs1.count(), qs2.count(), ...]`
with one `SELECT (SELECT COUNT(*) FROM (…)), (SELECT COUNT(*) FROM (…)), …` per database, so a page
that shows a dozen counts (the to-do kinds of the side menu and the home page) pays one round trip,
not a dozen. Each count is the queryset's own query with its ordering dropped: the rows it counts are
the rows `.count()` counts (duplicates from joins, `distinct()`, slices alike).

`prefetch_present(objects, ...)` prefetches a relation only for the objects whose read said it has
rows (an `EXISTS` annotation): a page whose object has none of its optional lists pays no query for
them."""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Prefetch, QuerySet, prefetch_related_objects


def counts(querysets: list[QuerySet]) -> list[int]:
    found: list[int | None] = [None] * len(querysets)
    by_db: dict[str, list[int]] = {}
    for index, qs in enumerate(querysets):
        by_db.setdefault(qs.db, []).append(index)
    for db, indexes in by_db.items():
        parts, params = [], []
        for n, index in enumerate(indexes):
            qs = querysets[index]
            if qs.query.is_empty():  # .none(): Django answers 0 without asking
                found[index] = 0
                continue
            try:
                if qs.query.is_sliced:  # the slice depends on the order: counted as it stands
                    sql, args = qs.values("pk").query.sql_with_params()
                else:
                    sql, args = qs.order_by().values("pk").query.sql_with_params()
            except EmptyResultSet:  # a condition nothing can meet (`__in=[]`): Django answers 0 too
                found[index] = 0
                continue
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{n})")
            params.extend(args)
        if not parts:
            continue
        with connections[db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            values = iter(cursor.fetchone())
        for index in indexes:
            if found[index] is None:
                found[index] = int(next(values))
    return found  # type: ignore[return-value]


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
