"""The committee overview, a dashboard per module, and the big screen (大屏)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from lvzhi.core import registry
from lvzhi.stats import dashboards
from lvzhi.stats.screen import headlines as screen_headlines
from lvzhi.stats.views.common import reader_required, select, selector_context

SCREEN_CHARTS = ["activities.by_month", "activities.by_county", "proposals.by_state", "opinions.funnel"]
SCREEN_REFRESH_SECONDS = 60


@reader_required
def overview(request):
    sel = select(request)
    context = selector_context(request, sel)
    context.update(
        sections=dashboards.overview_sections(sel),
        charts=dashboards.charts(sel),
        modules=[(key, label, registry.module(key) is not None) for key, label in dashboards.MODULES],
        title=_("统计总览"),
    )
    return render(request, "stats/overview.html", context)


@reader_required
def module_dashboard(request, module):
    labels = dict(dashboards.MODULES)
    registered = registry.module(module)
    if registered is None and module not in labels:
        raise Http404
    sel = select(request)
    context = selector_context(request, sel)
    context.update(
        module_key=module,
        module_label=registered.label if registered else labels[module],
        enabled=registered is not None,
        cards=dashboards.module_cards(module, sel) if registered else [],
        charts=dashboards.charts(sel, module_key=module),
        modules=[(key, label, registry.module(key) is not None) for key, label in dashboards.MODULES],
    )
    return render(request, "stats/module.html", context)


@reader_required
def screen(request):
    """A dark page for a meeting-room display (1920×1080 without scrolling): the committee's headline
    figures, the ones its work summaries report (stats.screen), then four charts. The tiles poll every
    minute (htmx), the whole page reloads every ten minutes so that the charts follow."""
    sel = select(request)
    tiles = screen_headlines(sel.committee, sel.as_of, within=sel.within)
    # a committee without a summary template of its own: the overview's figures, as many as fit
    cards = [] if tiles else [c for s in dashboards.overview_sections(sel) for c in s["cards"] if not c.error][:24]
    context = {
        "sel": sel,
        "tiles": tiles,
        "cards": cards,
        "charts": dashboards.charts(sel, only=SCREEN_CHARTS) if request.GET.get("fragment") != "cards" else [],
        "refresh": SCREEN_REFRESH_SECONDS,
    }
    if request.GET.get("fragment") == "cards":
        return render(request, "stats/screen.html#cards", context)
    return render(request, "stats/screen.html", context)
