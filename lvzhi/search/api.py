"""GET /api/v1/search?q=&kind=&committee=&year=&page=&page_size= → {"items", "count"}: the same
search, scope and ranking as the page. `snippet` is HTML: the record's text escaped, the query's
words in <mark>."""

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from lvzhi.core.api import READ_ERRORS, PageQuery, QueryIn, page_of
from lvzhi.search import selectors

router = Router(tags=["search"])


class SearchQuery(QueryIn):
    q: str = ""
    kind: str = ""
    committee: str = ""
    year: str = ""


class SearchHitOut(Schema):
    kind: str
    kind_label: str
    id: int
    title: str
    snippet: str
    extra: str
    url: str
    date: datetime.date | None = None


@router.get("/search", response={200: page_of(SearchHitOut), **READ_ERRORS})
def search(request: HttpRequest, query: Query[SearchQuery], paging: PageQuery):
    """Full-text search over every record the caller may open (Chinese words, pinyin, 案号)."""
    params = selectors.parse_params(request.user, query.model_dump())
    size = paging.page_size
    results, counts = selectors.search(request.user, params, limit=size, offset=(paging.page - 1) * size)
    count = sum(counts.values()) if not params.kind else counts.get(params.kind, 0)
    items = [
        {
            "kind": r.kind,
            "kind_label": r.label,
            "id": r.id,
            "title": r.title,
            "snippet": str(r.snippet),
            "extra": r.extra,
            "url": r.url,
            "date": r.date,
        }
        for r in results
    ]
    return {"items": items, "count": count}
