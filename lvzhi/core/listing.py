"""One list page, declared once: its filters, sortable columns, default order, page sizes and
export, and the user's last filters remembered.

    PROPOSALS = Listing(
        key="proposals",                       # remembered filters and the export's audit name
        columns=(
            Column(_("案号"), "number", value=lambda p: p.number, width=26),
            Column(_("提交时间"), "submitted", order=("submitted_at",)),
            Column(_("状态")),                  # no key: shown, not sortable
        ),
        default_sort="-submitted",             # newest first
        filters=(Filter("state", _("状态"), choices=ProposalState.choices),
                 Filter("submitted", _("提交日期"), kind=DATE_RANGE, field="submitted_at", is_datetime=True)),
        export_name=_("提案"),
    )

    def all_proposals(request):
        listing = PROPOSALS.run(request, Proposal.objects.visible_to(request.user))
        if listing.response:                   # the export, a remembered filter's redirect, a reset
            return listing.response
        return render(request, "proposals/list.html", {"listing": listing, "page": listing.page})

The query string holds the whole state, so a list can be bookmarked and shared: `sort=<key>` or
`sort=-<key>` (a key no column declares falls back to the default), `page` (past the end shows
the last page), `per_page` (one of `page_sizes`), each filter's `name` (a date range: `name_from`,
`name_to`, read through core.cleaning — a malformed date or one outside 1949-10-01..2100-12-31 is
a page message and that filter is not applied), and `export=xlsx` for the rows the page shows, in
its order. A request with no query string at all brings back the user's last filters, and one with a
query string keeps them: in the session while the user works (no query), per user in the database
from one login to the next;
`?reset=1` forgets them (the "清除筛选" link). Drill-downs (`?figure=`) are neither restored nor
remembered.

Templates: `{% load listing %}`, `{% list_head listing %}` for the sortable header row,
`{% include "partials/list_filters.html" %}` for a declared filter bar (or
`partials/list_keep.html` inside a module's own filter form: it keeps the order and page size and
offers the reset), and `{% include "partials/list_pager.html" %}` for the pager (page numbers, go
to page, page size, "共 N 条").
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from lvzhi.core import exports, figure_cache, registry
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.models import SavedListQuery
from lvzhi.core.scope import active_committee_ids, committee_model, committee_named
from lvzhi.core.services import remember_list_queries

CHOICE = "choice"
TEXT = "text"
DATE_RANGE = "date_range"
COMMITTEE = "committee"
BOOL = "bool"

# Parameters that are not filters: never remembered.
TRANSIENT = frozenset({"page", "export", "reset", "partial"})
SESSION_KEY = "lvzhi.lists"  # the user's remembered filters, by list key, loaded at login
CHANGED_KEY = "lvzhi.lists.changed"  # the lists whose filters changed in this session
# Parameters that make a drill-down: a request with one is neither restored nor remembered.
DRILL_DOWN = frozenset({"figure"})


@dataclass(frozen=True)
class Column:
    title: str
    key: str = ""  # the sort key in the URL; empty: not sortable
    order: tuple[str, ...] = ()  # the fields to order by ascending (default: the key itself)
    value: Callable | None = None  # (row) -> cell of the export; None: not exported
    width: int = 14  # the export column's width
    css: str = ""  # classes of the header cell (e.g. "d-none d-md-table-cell")
    sort_value: Callable | None = None  # (row) -> value, for lists of computed rows (`run_rows`)

    @property
    def sortable(self) -> bool:
        return bool(self.key)

    @property
    def fields(self) -> tuple[str, ...]:
        return self.order or (self.key,)


@dataclass(frozen=True)
class Filter:
    name: str  # the query parameter (a date range reads name_from and name_to)
    label: str
    kind: str = CHOICE  # choice | text | date_range | committee | bool
    field: str = ""  # the field filtered (default: the name); for text, see `fields`
    fields: tuple[str, ...] = ()  # text: the fields searched (icontains, any of them)
    choices: Sequence | Callable = ()  # choice: [(value, label)] or (request) -> [(value, label)]
    is_datetime: bool = False  # date range over a datetime field (compared by local date)
    apply: Callable | None = None  # (queryset, value, request) -> queryset, instead of the lookup
    placeholder: str = ""

    @property
    def lookup(self) -> str:
        return self.field or self.name

    def options(self, request):
        return list(self.choices(request) if callable(self.choices) else self.choices)


def _direction(name: str, descending: bool):
    return F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)


@dataclass(frozen=True)
class Listing:
    key: str  # names the list: remembered filters and the export's audit entry
    columns: tuple[Column, ...]
    default_sort: str  # "<key>" or "-<key>"; the key must be a column's
    filters: tuple[Filter, ...] = ()
    page_sizes: tuple[int, ...] = (20, 50, 100)
    page_size: int = 20
    export_name: str = ""  # the xlsx file's name; empty: the list does not export
    export_columns: tuple = ()  # exports.Column; default: the columns that have a value
    remember: bool = True
    by_ids: bool = False  # page by ids first (a deferred join), for lists of 100,000 rows
    tiebreak: str = "pk"

    def __post_init__(self):
        keys = {c.key for c in self.columns if c.key}
        assert self.default_sort.lstrip("-") in keys, f"{self.key}: default sort {self.default_sort!r} is no column"

    def column(self, key):
        return next((c for c in self.columns if c.key and c.key == key), None)

    def sort_of(self, text) -> str:
        text = str(text or "").strip()
        return text if self.column(text.lstrip("-")) is not None and text.count("-") <= 1 else self.default_sort

    def ordering(self, sort: str) -> list:
        descending = sort.startswith("-")
        column = self.column(sort.lstrip("-"))
        # A field written "-name" runs against the column's direction (e.g. open groups first, newest first).
        fields = [(name[1:], not descending) if name.startswith("-") else (name, descending) for name in column.fields]
        return [_direction(name, desc) for name, desc in fields] + [_direction(self.tiebreak, descending)]

    def per_page_of(self, text) -> int:
        text = str(text or "").strip()
        return int(text) if text.isascii() and text.isdigit() and int(text) in self.page_sizes else self.page_size

    def exported(self) -> list:
        if self.export_columns:
            return list(self.export_columns)
        return [exports.Column(str(c.title), c.value, c.width) for c in self.columns if c.value is not None]

    # --- the request ---------------------------------------------------------------------------

    def run(self, request, queryset, *, filters: dict | None = None, export_rows: Callable | None = None):
        """The list for this request: a ListPage whose `response` is set when the view must return it
        (the export, the redirect to remembered filters, the reset). `filters` are the module's own
        filter values already applied to `queryset`, named in the export's audit entry."""
        result = ListPage(listing=self, request=request)
        restore = self._remembered(request, result)
        if restore is not None:
            result.response = restore
            return result
        queryset, applied = self.filter(request, queryset, result)
        result.filters = {**(filters or {}), **applied}
        result.sort = self.sort_of(request.GET.get("sort"))
        queryset = queryset.order_by(*self.ordering(result.sort))
        result.queryset = queryset
        if self.export_name and request.GET.get("export") == "xlsx":
            result.response = self._xlsx(request, queryset, result.filters, result.sort, export_rows)
            return result
        result.per_page = self.per_page_of(request.GET.get("per_page"))
        result.page = paginate(queryset, request.GET.get("page"), result.per_page, by_ids=self.by_ids)
        return result

    def export(
        self,
        request,
        queryset,
        *,
        filters: dict | None = None,
        export_rows: Callable | None = None,
        columns: list | None = None,
    ):
        """The xlsx of the list's rows for this request's filters, in its order (for a list whose
        export has a URL of its own, or whose columns depend on the user: `columns`)."""
        queryset, applied = self.filter(request, queryset)
        sort = self.sort_of(request.GET.get("sort"))
        merged = {**(filters or {}), **applied}
        return self._xlsx(request, queryset.order_by(*self.ordering(sort)), merged, sort, export_rows, columns)

    def _xlsx(self, request, queryset, filters, sort, export_rows, columns=None):
        count = queryset.count()  # the decision below; inside the job, what its progress counts to
        handed = exports.offload(_("导出：%(name)s") % {"name": self.export_name}, count, request=request)
        if handed is not None:
            return handed
        return exports.xlsx_response(
            actor=request.user,
            rows=export_rows(queryset) if export_rows else queryset,  # a queryset is read in chunks
            count=count,
            columns=columns or self.exported(),
            filename=str(self.export_name),
            what=self.key,
            filters={**filters, **({"sort": sort} if sort != self.default_sort else {})},
            committee=getattr(request.user, "committee", None),
        )

    def run_rows(self, request, rows: list, *, filters: dict | None = None):
        """Like `run`, for rows computed in Python (a ranking): sorted by the columns' `sort_value`,
        then paged. The export is the module's own (its rows are not a queryset)."""
        result = ListPage(listing=self, request=request)
        restore = self._remembered(request, result)
        if restore is not None:
            result.response = restore
            return result
        result.filters = dict(filters or {})
        result.sort = self.sort_of(request.GET.get("sort"))
        column = self.column(result.sort.lstrip("-"))
        if column.sort_value is not None:
            present = [r for r in rows if column.sort_value(r) is not None]
            missing = [r for r in rows if column.sort_value(r) is None]  # always last, as in the database
            present.sort(key=column.sort_value, reverse=result.sort.startswith("-"))
            rows = present + missing
        result.per_page = self.per_page_of(request.GET.get("per_page"))
        result.page = paginate(rows, request.GET.get("page"), result.per_page)
        return result

    def filter(self, request, queryset, result=None):
        """The queryset narrowed by the declared filters; and the values applied, by name."""
        applied = {}
        for flt in self.filters:
            if flt.kind == DATE_RANGE:
                queryset, values = self._date_range(request, queryset, flt, result)
                applied.update(values)
                continue
            value = str(request.GET.get(flt.name) or "").strip()[:200]
            if not value:
                continue
            if flt.apply is not None:
                queryset = flt.apply(queryset, value, request)
            elif flt.kind == TEXT:
                condition = Q()
                for name in flt.fields or (flt.lookup,):
                    condition |= Q(**{f"{name}__icontains": value})
                queryset = queryset.filter(condition)
            elif flt.kind == COMMITTEE:
                committee = committee_named(value, active_committee_ids(request))
                queryset = queryset.filter(**{flt.lookup: committee.pk}) if committee else queryset.none()
            elif flt.kind == BOOL:
                if value not in ("1", "0"):
                    continue
                queryset = queryset.filter(**{flt.lookup: value == "1"})
            else:
                allowed = {str(v) for v, _label in flt.options(request)}
                queryset = queryset.filter(**{flt.lookup: value}) if value in allowed else queryset.none()
            applied[flt.name] = value
        return queryset, applied

    def _date_range(self, request, queryset, flt, result):
        names = (f"{flt.name}_from", f"{flt.name}_to")
        clean = Cleaner(request.GET)
        start, end = (clean.date(name) for name in names)
        if clean.errors:
            if result is not None:
                for problems in clean.errors.values():
                    for problem in problems:
                        result.errors.append(f"{flt.label}：{problem}")
                        messages.error(request, _("%(f)s：%(m)s 该条件未生效。") % {"f": flt.label, "m": problem})
            return queryset, {}
        lookup = f"{flt.lookup}__date" if flt.is_datetime else flt.lookup
        if start:
            queryset = queryset.filter(**{f"{lookup}__gte": start})
        if end:
            queryset = queryset.filter(**{f"{lookup}__lte": end})
        return queryset, {n: request.GET[n] for n, d in zip(names, (start, end), strict=True) if d}

    def _remembered(self, request, result):
        """The redirect to the user's last filters, or the reset's redirect; remembers the filters
        of this request. None: go on with this request.

        The filters live in the session while the user works (the session is saved on every
        request anyway, so remembering costs no query); they are kept per user in SavedListQuery,
        read into the session at login and written back at logout (`load_remembered`,
        `save_remembered`)."""
        user = request.user
        session = getattr(request, "session", None)
        if not self.remember or session is None or not getattr(user, "is_authenticated", False):
            return None
        if request.method != "GET":
            return None
        params = request.GET
        if "reset" in params:
            _keep(session, self.key, "")
            return HttpResponseRedirect(request.path)
        if DRILL_DOWN & set(params) or "export" in params:
            return None
        if not params:
            stored = (session.get(SESSION_KEY) or {}).get(self.key)
            if stored:
                result.restored = True
                return HttpResponseRedirect(f"{request.path}?{stored}")
            return None
        query = urlencode(
            sorted((k, v) for k, values in params.lists() if k not in TRANSIENT for v in values if v.strip())
        )
        _keep(session, self.key, query)
        return None


def _keep(session, key, query):
    remembered = dict(session.get(SESSION_KEY) or {})
    if remembered.get(key, "") == query:
        return
    if query:
        remembered[key] = query
    else:
        remembered.pop(key, None)
    session[SESSION_KEY] = remembered
    session[CHANGED_KEY] = sorted({*session.get(CHANGED_KEY, ()), key})


def load_remembered(sender, request=None, user=None, **kwargs):
    """On login (django's user_logged_in, connected in core's AppConfig): the user's remembered list
    filters into the session, in one query, for the list pages to read."""
    session = getattr(request, "session", None)
    if session is None or user is None:
        return
    rows = SavedListQuery.objects.filter(user=user).exclude(query="").values_list("key", "query")
    session[SESSION_KEY] = dict(rows)
    session.pop(CHANGED_KEY, None)


def save_remembered(sender, request=None, user=None, **kwargs):
    """On logout (user_logged_out): the lists whose filters changed in this session, kept for the
    user's next visit (one statement)."""
    session = getattr(request, "session", None)
    if session is None or user is None:
        return
    remembered = session.get(SESSION_KEY) or {}
    changed = session.get(CHANGED_KEY) or ()
    remember_list_queries(actor=user, queries={key: remembered.get(key, "") for key in changed})
    session.pop(CHANGED_KEY, None)


def offloaded(request, queryset, title, *, threshold: int | None = None):
    """For an export of more rows than `threshold` (LVZHI_EXPORT_BACKGROUND_ROWS): the answer of the
    module that runs it as a background job (the job page, which offers the file when it is ready);
    None for a smaller export, inside that job, or when no module runs jobs."""
    if exports.in_background() or not registry.is_provided("jobs.offload_download"):
        return None
    return exports.offload(title, queryset.count(), threshold=threshold, request=request)


def paginate(queryset, number, per_page: int, *, by_ids: bool = False, count: int | None = None):
    """A Django paginator page; past the end it is the last page, anything unreadable the first.
    `by_ids`: the page's ids first (an index-only query), then those rows with their relations.
    `count`: the number of rows when the caller already knows it (a count figure's value): no COUNT."""
    query = getattr(queryset, "query", None)  # a plain list (rows built in Python) has none
    if query is None or query.distinct or query.combinator:
        by_ids = False  # a list, or the ids of a DISTINCT or UNION query, cannot be re-read by pk alone
    if not by_ids:
        return _known(Paginator(queryset, per_page), count).get_page(number)
    page = _known(Paginator(queryset.values_list("pk", flat=True), per_page), count).get_page(number)
    page.object_list = rows_by_ids(queryset, list(page.object_list))
    return page


def _known(paginator, count):
    """The paginator with its number of rows: given, or a queryset's kept in the figure cache."""
    if count is None and isinstance(paginator.object_list, QuerySet):
        count = figure_cache.count(paginator.object_list)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    return paginator


def rows_by_ids(queryset, ids):
    found = queryset.order_by().filter(pk__in=ids).in_bulk() if ids else {}
    return [found[pk] for pk in ids if pk in found]


@dataclass
class ListPage:
    listing: Listing
    request: object
    page: object = None
    queryset: object = None
    sort: str = ""
    per_page: int = 0
    filters: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    response: object = None
    restored: bool = False

    @property
    def count(self) -> int:
        return self.page.paginator.count if self.page is not None else 0

    @property
    def filtered(self) -> bool:
        return any(k not in TRANSIENT and k not in ("sort", "per_page") and v for k, v in self.request.GET.items())

    def headers(self):
        """[(column, sort link query or "", "asc" | "desc" | "")] for the header row."""
        out = []
        current = self.sort.lstrip("-")
        descending = self.sort.startswith("-")
        for column in self.listing.columns:
            if not column.sortable:
                out.append((column, "", ""))
                continue
            if column.key == current:
                state = "desc" if descending else "asc"
                target = column.key if descending else f"-{column.key}"
            else:
                state = ""
                target = column.key
            out.append((column, self.query(sort=target, page=None), state))
        return out

    def query(self, **changes) -> str:
        """The current query string with some parameters replaced (None removes one)."""
        params = self.request.GET.copy()
        for name in ("export", "reset"):
            params.pop(name, None)
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        return params.urlencode()

    def keep(self, *, exclude=()) -> list[tuple[str, str]]:
        """(name, value) of the parameters a form on the page must carry over as hidden fields."""
        skip = set(exclude) | {"export", "reset"}
        return [(k, v) for k, values in self.request.GET.lists() if k not in skip for v in values]

    def page_numbers(self):
        """The page numbers to show: the first, the last and two either side of this one; None for a gap."""
        if self.page is None:
            return []
        total = self.page.paginator.num_pages
        here = self.page.number
        wanted = sorted({1, total, *range(max(1, here - 2), min(total, here + 2) + 1)})
        out, previous = [], 0
        for n in wanted:
            if n - previous > 1:
                out.append(None)
            out.append(n)
            previous = n
        return out

    def filter_fields(self):
        """The declared filters with their current values and options, for partials/list_filters.html."""
        out = []
        for flt in self.listing.filters:
            if flt.kind == DATE_RANGE:
                values = (self.request.GET.get(f"{flt.name}_from", ""), self.request.GET.get(f"{flt.name}_to", ""))
                out.append({"filter": flt, "kind": flt.kind, "values": values})
                continue
            value = str(self.request.GET.get(flt.name) or "")
            options = flt.options(self.request) if flt.kind in (CHOICE, COMMITTEE) else []
            options = [(str(v), label) for v, label in options]
            out.append({"filter": flt, "kind": flt.kind, "value": value, "options": options})
        return out


def committee_choices(request):
    """The committees of the active scope, for a committee filter: [(id, short name)]."""
    committees = committee_model().objects.filter(id__in=active_committee_ids(request)).order_by("path")
    return [(c.pk, c.short_name) for c in committees]
