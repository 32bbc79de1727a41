"""core's own writes: a user's remembered list filters (core.listing).

A remembered filter is the user's own page preference, like the interface language: it is not a
record of the committee's work, so it is not audited."""

from lvzhi.core.models import SavedListQuery

MAX_QUERY = 2000


def remember_list_query(*, actor, key: str, query: str) -> None:
    """Keep `query` (an urlencoded query string; empty: none) as the actor's filters on the list `key`.

    One statement whatever was stored before (an insert that updates on conflict, on SQLite and
    PostgreSQL alike), so a list page costs the same number of queries every time it is shown."""
    if not getattr(actor, "is_authenticated", False):
        return
    query = query if len(query) <= MAX_QUERY else ""
    SavedListQuery.objects.bulk_create(
        [SavedListQuery(user=actor, key=key, query=query)],
        update_conflicts=True,
        unique_fields=["user", "key"],
        update_fields=["query", "updated_at"],
    )
