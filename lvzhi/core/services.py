"""core's own writes: a user's remembered list filters (core.listing).

A remembered filter is the user's own page preference, like the interface language: it is not a
record of the committee's work, so it is not audited."""

from lvzhi.core.models import SavedListQuery

MAX_QUERY = 2000


def remember_list_queries(*, actor, queries: dict[str, str]) -> None:
    """Keep each `queries[key]` (an urlencoded query string; empty: none) as the actor's filters on
    the list `key`, in one statement (an insert that updates on conflict, on SQLite and PostgreSQL
    alike)."""
    if not getattr(actor, "is_authenticated", False) or not queries:
        return
    SavedListQuery.objects.bulk_create(
        [
            SavedListQuery(user=actor, key=key[:64], query=query if len(query) <= MAX_QUERY else "")
            for key, query in queries.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "key"],
        update_fields=["query", "updated_at"],
    )
