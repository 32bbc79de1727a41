"""The figures catalogue, the records page behind every number, and the year-end data pack."""

from django.db.models import F
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lvzhi.core import exports, registry
from lvzhi.core.errors import Invalid
from lvzhi.core.exports import Column, xlsx_response
from lvzhi.core.listing import paginate
from lvzhi.core.scope import committee_ids
from lvzhi.jobs.downloads import offload_download
from lvzhi.stats import dashboards, pack, selectors
from lvzhi.stats.summary import default_period
from lvzhi.stats.views.common import PAGE_SIZE, as_page_error, reader_required, select, selector_context


@reader_required
def catalogue(request):
    """Every registered figure with its definition, and its value for the chosen selection."""
    sel = select(request, default_scope="self")
    modules = list(selectors.module_figures())
    cards = iter(dashboards.cards([f.key for _module, figures in modules for f in figures], sel))
    groups = [(module, [(figure, next(cards)) for figure in figures]) for module, figures in modules]
    context = selector_context(request, sel)
    context.update(groups=groups, measures=selectors.MEASURE_LABELS)
    return render(request, "stats/catalogue.html", context)


def _newest_first(qs):
    """The records in date order, the newest first (by the first date the model has), then by id."""
    names = {f.name for f in qs.model._meta.concrete_fields}
    field = next((name for name in selectors.DATE_ATTRS if name in names), None)
    return qs.order_by(F(field).desc(nulls_last=True), "-pk") if field else qs


@reader_required
def figure_records(request, key):
    """The records behind a figure for a committee, scope, period and date (`?format=xlsx` exports)."""
    figure = selectors.get_figure(key)
    params = request.GET
    scope = params.get("scope") or "self"
    period = params.get("period") or default_period(figure)
    try:
        result = selectors.compute(
            user=request.user, key=key, committee=params.get("committee"), scope=scope, period=period,
            as_of=params.get("as_of"),
        )  # fmt: skip
        qs = selectors.records(result, by=params.get("by", ""), value=params.get("v", ""))
        if figure.names and params.get("name"):  # one name of a summary's names placeholder
            qs = selectors.named(qs, figure).filter(record_name=params["name"])
    except Invalid as exc:
        raise as_page_error(exc) from None
    qs = _newest_first(selectors.ordered(qs))
    if params.get("format") == "xlsx":
        return xlsx_response(
            actor=request.user,
            rows=selectors.record_rows(qs.iterator(chunk_size=500), amount=figure.amount),
            columns=[
                Column(_("记录"), lambda r: r["text"], 60),
                *([Column(str(figure.unit), lambda r: r["amount"], 10)] if figure.amount else []),
                Column(_("类型"), lambda r: r["type"], 12),
                Column(_("日期"), lambda r: r["date"].strftime("%Y-%m-%d") if r["date"] else "", 12),
                Column(_("委员会"), lambda r: str(r["committee"] or ""), 16),
                Column("ID", lambda r: r["id"], 10),
            ],
            filename=f"{figure.label}-{result.committee.short_name}",
            what="stats.records",
            filters={"figure": figure.key, **result.query, "by": params.get("by", ""), "v": params.get("v", "")},
            committee=result.committee,
        )
    per_page = int(params["per_page"]) if params.get("per_page") in ("20", "50", "100") else PAGE_SIZE
    # Unnarrowed, a count figure's value is the number of its records (and cached): no COUNT for the
    # pager; a page's ids are read first, then its rows, so a far page walks an index, not whole rows.
    plain_count = figure.value is None and not params.get("by") and not params.get("name")
    known = result.value if plain_count and isinstance(result.value, int) else None
    page = paginate(qs, params.get("page"), per_page, by_ids=True, count=known)
    module_url = ""
    if figure.records_url:
        try:
            module_url = reverse(figure.records_url) + "?" + urlencode({"figure": figure.key})
        except NoReverseMatch:
            module_url = ""
    context = selector_context(request, dashboards.Selection(
        result.committee, result.scope, result.period, result.as_of, committee_ids(request.user)
    ))  # fmt: skip
    context.update(
        figure=figure,
        result=result,
        page=page,
        rows=selectors.record_rows(page.object_list, amount=figure.amount),
        narrowed=bool(params.get("by")),
        all_query=urlencode(result.query),
        module_url=module_url,
        module=registry.module(figure.module_key),
        export_query=urlencode(
            {**result.query, "by": params.get("by", ""), "v": params.get("v", ""), "format": "xlsx"}
        ),
    )
    return render(request, "stats/records.html", context)


@reader_required
def figure_outliers(request, key):
    """The records that carry most of a typed sum, for review (`Figure.amount`)."""
    figure = selectors.get_figure(key)
    params = request.GET
    try:
        result = selectors.compute(
            user=request.user, key=key, committee=params.get("committee"), scope=params.get("scope") or "self",
            period=params.get("period") or default_period(figure), as_of=params.get("as_of"),
        )  # fmt: skip
        review = selectors.outliers(result)
    except Invalid as exc:
        raise as_page_error(exc) from None
    context = selector_context(request, dashboards.Selection(
        result.committee, result.scope, result.period, result.as_of, committee_ids(request.user)
    ))  # fmt: skip
    context.update(figure=figure, result=result, all_query=urlencode(result.query), **review)
    return render(request, "stats/outliers.html", context)


@reader_required
def year_pack(request):
    """The year-end data pack: a workbook, one sheet per module, figures by county and by month."""
    sel = select(request, default_period="year")
    year = sel.period.start.year if sel.period.start else sel.as_of.year
    if request.GET.get("download"):
        if not exports.in_background():  # ~14 s of work: a background job, its page offers the file
            title = _("%(committee)s %(year)s 年统计数据包") % {"committee": sel.committee.short_name, "year": year}
            return offload_download(request, title=title)
        return pack.year_pack_response(request.user, sel.committee, year)
    context = selector_context(request, sel)
    context.update(year=year, years=list(range(sel.as_of.year, sel.as_of.year - 5, -1)))
    return render(request, "stats/year_pack.html", context)
