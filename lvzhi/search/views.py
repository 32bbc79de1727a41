"""The search page (/search/?q=&kind=&committee=&year=, tabs by kind with counts) and the header's
quick results (htmx, at most eight per kind)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Invalid
from lvzhi.core.listing import Column, Listing, ListPage
from lvzhi.core.scope import committee_ids, committee_model
from lvzhi.search import selectors

PAGE_SIZE = 20
# The results are ranked, not sorted by a column: the list kit gives the page its pager, page sizes
# and "go to page" like every other list; nothing is remembered (a search is typed anew).
RESULTS = Listing(
    key="search",
    columns=(Column(gettext_lazy("相关度"), "relevance"),),
    default_sort="relevance",
    page_size=PAGE_SIZE,
    page_sizes=(PAGE_SIZE, 50, 100),
    remember=False,
)


class _Counted:
    """What the paginator pages: the count is known, the page's rows come from the search."""

    def __init__(self, count):
        self._count = count

    def count(self):
        return self._count

    def __getitem__(self, item):
        return []


@login_required
def search_page(request):
    errors = {}
    try:
        params = selectors.parse_params(request.user, request.GET)
    except Invalid as exc:
        errors = exc.errors or {"q": [exc.message]}
        params = selectors.parse_params(request.user, {"q": request.GET.get("q", "")[: selectors.MAX_QUERY]})
    page_number = as_id(request.GET.get("page")) or 1
    page_number = page_number if page_number < 10_000 else 1
    per_page = RESULTS.per_page_of(request.GET.get("per_page"))
    results, counts = selectors.search(request.user, params, limit=per_page, offset=(page_number - 1) * per_page)
    page = Paginator(_Counted(counts.total(params.kind)), per_page).get_page(page_number)
    listing = ListPage(listing=RESULTS, request=request, page=page, sort=RESULTS.default_sort, per_page=per_page)
    scope = committee_ids(request.user)
    committees = list(committee_model().objects.filter(id__in=scope).order_by("path")) if len(scope) > 1 else []
    context = {
        "q": params.query.text,
        "params": params,
        "errors": errors,
        "results": results,
        "tabs": selectors.tabs(request.user, counts),
        "total": counts.total(),
        "total_estimated": counts.is_estimated(),
        "page": page,
        "listing": listing,
        "committees": committees,
        "committee_value": request.GET.get("committee", ""),
        "year_value": request.GET.get("year", ""),
        "searched": bool(params.query),
        "empty_query": not params.query.text,
        "title": _("全文检索"),
    }
    return render(request, "search/search.html", context)


@login_required
def quick(request):
    try:
        params = selectors.parse_params(request.user, {"q": request.GET.get("q", "")})
    except Invalid:
        params = None
    groups = selectors.quick(request.user, params) if params else []
    return render(
        request, "search/_quick.html", {"groups": groups, "q": params.query.text if params else "", "params": params}
    )
