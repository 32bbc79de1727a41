"""Pages of long lists by a deferred join: first the page's ids (an index-only query, cheap even
when the database must sort 100,000 rows of a multi-committee scope), then those rows with their
related objects. A plain OFFSET over the joined rows sorts every joined row first (SQLite: seconds
at 100,000 proposals; see bench/proposals.py)."""

from django.core.paginator import Paginator

from lvzhi.core.api import paginate


def rows_by_ids(queryset, ids):
    found = queryset.filter(pk__in=ids).in_bulk() if ids else {}
    return [found[pk] for pk in ids if pk in found]


def page(queryset, number, per_page):
    """A Django paginator page whose object_list holds the model instances of this page only."""
    result = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    result.object_list = rows_by_ids(queryset, list(result.object_list))
    return result


def api_page(queryset, page_number, page_size):
    """Like lvzhi.core.api.paginate: {"items": [instances], "count": N}."""
    data = paginate(queryset.values_list("pk", flat=True), page_number, page_size)
    data["items"] = rows_by_ids(queryset, list(data["items"]))
    return data
