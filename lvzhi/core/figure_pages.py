"""A module's figure page, written once: every figure of the module for a committee, scope and
period, and with `?figure=<key>` the records behind one of them (its drill-down).

A module declares its page and serves it from a view that names its permission:

    FIGURE_PAGE = FigurePage(
        figures=FIGURES,
        template="supervision/figures.html",
        records_template="supervision/figure_records.html",
        row=record_row,                       # (obj) -> {"url", "text", "when"?}
        default_scope="tree",
    )

    @reader_required
    def figure_list(request):
        return figure_page(request, FIGURE_PAGE)

The page's selection is read by `statistics_scope` (also usable on its own): the committee by id,
within the user's scope (default: the user's own, else the first); `scope` self or tree; `period`
any text `lvzhi.core.periods.parse_period` reads, an unreadable one falling back to "term". A figure
key that is not the module's is 404. The templates stay the module's own.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lvzhi.core import registry
from lvzhi.core.errors import ServiceError
from lvzhi.core.listing import paginate
from lvzhi.core.periods import parse_period, period_choices, period_words, scope_words
from lvzhi.core.scope import committee_ids, committee_model

SCOPES = ("self", "tree")
PAGE_SIZES = ("20", "50", "100")


@dataclass(frozen=True)
class FigurePage:
    figures: Sequence  # the module's registry.Figure list
    template: str  # every figure with its value; context: figures = [(figure, value)]
    records_template: str  # one figure's records; context: figure, value, page, rows
    row: Callable  # (record) -> dict for one row of the records page
    default_scope: str = "self"
    default_period: str = "term"
    page_size: int = 50
    related: tuple[str, ...] = ()  # select_related on the records, where the model has the field
    # (request, figure, records, value, context) -> (records, value): narrow a drill-down further
    # (a bar of a chart), adding what the template shows about it to `context`.
    narrow: Callable | None = None
    # The records' order: newest first by default — the model's own order when it has one (its
    # date), else the newest row first.
    order: tuple[str, ...] = ()
    extra: Callable | None = None  # (scope_ids, period) -> dict, more for the figures page
    name_the_year: bool = False  # period "year" reads as "year:YYYY" (this year, named)
    no_committee: type[Exception] = PermissionDenied  # when the user's scope holds no committee


def statistics_scope(
    request,
    *,
    default_scope="self",
    default_period="term",
    name_the_year=False,
    no_committee: type[Exception] = PermissionDenied,
):
    """The committee, scope and period a figure page is about: (context, ids of the committees counted)."""
    ids = committee_ids(request.user)
    committees = committee_model().objects.filter(id__in=ids).order_by("path")
    wanted = str(request.GET.get("committee") or request.user.committee_id or "").strip()  # an id or a code
    chosen = next((c for c in committees if wanted in (str(c.pk), c.code)), None) or committees.first()
    if chosen is None:
        raise no_committee
    scope = request.GET.get("scope")
    scope = scope if scope in SCOPES else default_scope
    period_text = request.GET.get("period") or default_period
    if name_the_year and period_text == "year":
        period_text = f"year:{timezone.localdate().year}"
    term = chosen.current_term()
    term_start = term.start_date if term else None
    try:
        period = parse_period(period_text, term_start=term_start)
    except ServiceError:
        period_text = "term"
        period = parse_period(period_text, term_start=term_start)
    scope_ids = (
        set(committee_model().objects.descendants_of(chosen.pk).filter(id__in=ids).values_list("id", flat=True))
        if scope == "tree"
        else {chosen.pk}
    )
    context = {
        "committees": committees,
        "chosen": chosen,
        "scope": scope,
        "period_text": period_text,
        "period": period,
        "period_words": period_words(period),
        "period_choices": period_choices(timezone.localdate(), period_text),
        "scope_words": scope_words(scope, chosen),
        "scope_choices": [(s, scope_words(s, chosen)) for s in SCOPES],
    }
    return context, scope_ids


def figure_page(request, page: FigurePage):
    """The module's figures, or with ?figure=<key> the paginated records behind one of them."""
    context, scope_ids = statistics_scope(
        request,
        default_scope=page.default_scope,
        default_period=page.default_period,
        name_the_year=page.name_the_year,
        no_committee=page.no_committee,
    )
    period = context["period"]
    key = request.GET.get("figure")
    if key:
        figure = next((f for f in page.figures if f.key == key), None)
        if figure is None:
            raise Http404
        records = figure.records(scope_ids, period)
        if getattr(period, "is_empty", False):
            records = records.none()
        value = figure.compute(scope_ids, period)
        if page.narrow is not None:
            records, value = page.narrow(request, figure, records, value, context)
        related = [name for name in page.related if _relates(records.model, name.split("__")[0])]
        if related:
            records = records.select_related(*related)
        order = page.order or tuple(records.model._meta.ordering) or ("-pk",)
        per_page = int(wanted) if (wanted := str(request.GET.get("per_page") or "")) in PAGE_SIZES else page.page_size
        # A count figure's value is the number of its records (and cached): the pager needs no COUNT;
        # a page's ids are read first, then its rows, so a far page walks an index, not whole rows.
        counted = page.narrow is None and figure.value is None and isinstance(value, int)
        known = value if counted else None
        paged = paginate(records.order_by(*order, "-pk"), request.GET.get("page"), per_page, by_ids=True, count=known)
        context.update(figure=figure, value=value, page=paged, rows=[page.row(r) for r in paged])
        return render(request, page.records_template, context)
    context["figures"] = list(zip(page.figures, registry.compute_figures(page.figures, scope_ids, period), strict=True))
    if page.extra is not None:
        context.update(page.extra(scope_ids, period))
    return render(request, page.template, context)


def _relates(model, name: str) -> bool:
    """Whether the model has a relation of this name (a text field may share the name: a reply's
    `outcome`)."""
    try:
        return model._meta.get_field(name).is_relation
    except FieldDoesNotExist:
        return False
