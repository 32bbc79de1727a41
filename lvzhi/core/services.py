"""core's own writes: a user's remembered list filters (core.listing).

A remembered filter is the user's own page preference, like the interface language: it is not a
record of the committee's work, so it is not audited."""

from django.db import transaction

from lvzhi.core.models import SavedListQuery

MAX_QUERY = 2000


@transaction.atomic
def remember_list_query(*, actor, key: str, query: str) -> None:
    """Keep `query` (an urlencoded query string) as the actor's filters on the list `key`; an empty
    query forgets them."""
    if not getattr(actor, "is_authenticated", False):
        return
    query = query if len(query) <= MAX_QUERY else ""
    if not query:
        SavedListQuery.objects.filter(user=actor, key=key).delete()
        return
    SavedListQuery.objects.update_or_create(user=actor, key=key, defaults={"query": query})


def forget_list_query(*, actor, key: str) -> None:
    remember_list_query(actor=actor, key=key, query="")
