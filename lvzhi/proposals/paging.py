"""Pages of long lists by a deferred join: first the page's ids (an index-only query, cheap even
when the database must sort 100,000 rows of a multi-committee scope), then those rows with their
related objects. A plain OFFSET over the joined rows sorts every joined row first (SQLite: seconds
at 100,000 proposals; see bench/proposals.py). The pages use core.listing (`by_ids=True`), which
pages the same way; the API pages here."""

from lvzhi.core.api import paginate
from lvzhi.core.listing import paginate as paginate_page
from lvzhi.core.listing import rows_by_ids


def page(queryset, number, per_page):
    """A Django paginator page whose object_list holds the model instances of this page only."""
    return paginate_page(queryset, number, per_page, by_ids=True)


def api_page(queryset, page_number, page_size):
    """Like lvzhi.core.api.paginate: {"items": [instances], "count": N}."""
    data = paginate(queryset.values_list("pk", flat=True), page_number, page_size)
    data["items"] = rows_by_ids(queryset, list(data["items"]))
    return data
