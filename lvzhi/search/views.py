"""The search page (/search/?q=&kind=&committee=&year=, tabs by kind with counts) and the header's
quick results (htmx, at most eight per kind)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid
from lvzhi.core.scope import committee_ids, committee_model
from lvzhi.search import selectors

PAGE_SIZE = 20


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
    page_number = request.GET.get("page") or "1"
    page_number = int(page_number) if page_number.isdigit() and 0 < int(page_number) < 10_000 else 1
    results, counts = selectors.search(request.user, params, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
    page = Paginator(_Counted(counts.total(params.kind)), PAGE_SIZE).get_page(page_number)
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
