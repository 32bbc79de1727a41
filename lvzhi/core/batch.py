"""Several counts in one statement: `counts([qs1, qs2, ...])` answers `[qs1.count(), qs2.count(), ...]`
with one `SELECT (SELECT COUNT(*) FROM (…)), (SELECT COUNT(*) FROM (…)), …` per database, so a page
that shows a dozen counts (the to-do kinds of the side menu and the home page) pays one round trip,
not a dozen. Each count is the queryset's own query with its ordering dropped: the rows it counts are
the rows `.count()` counts (duplicates from joins, `distinct()`, slices alike)."""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


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
