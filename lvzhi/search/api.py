"""GET /api/v1/search?q=&kind=&committee=&year=&page=&page_size= → {"items", "count", "count_estimated"}: the same
search, scope and ranking as the page. `snippet` is HTML: the record's text escaped, the query's
words in <mark>."""

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from lvzhi.core.api import READ_ERRORS, PageQuery, QueryIn
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


class SearchPageOut(Schema):
    items: list[SearchHitOut]
    count: int
    count_estimated: bool = False  # more matches than are ranked one by one: `count` is an estimate


@router.get("/search", response={200: SearchPageOut, **READ_ERRORS})
def search(request: HttpRequest, query: Query[SearchQuery], paging: PageQuery):
    """Full-text search over every record the caller may open (Chinese words, pinyin, 案号)."""
    params = selectors.parse_params(request.user, query.model_dump())
    size = paging.page_size
    results, counts = selectors.search(request.user, params, limit=size, offset=(paging.page - 1) * size)
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
    return {"items": items, "count": counts.total(params.kind), "count_estimated": counts.is_estimated(params.kind)}
