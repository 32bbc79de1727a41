"""The summary editor's insert-figure picker: the office chooses a figure, whose records (本级 / 含下级 /
仅下级), which period and how the number is written, sees at once what the sentence will say for its
committee, and inserts the placeholder into the text — nobody types `{{ figure:… }}` by hand.

GET /stats/summaries/figure/?figure=&scope=&period=&round=&committee= answers the preview fragment
(htmx); the placeholder it builds is the one `lvzhi.stats.summary` parses, filled by the same `fill`."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import registry
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Invalid, NotFound
from lvzhi.core.periods import parse_period, period_words, scope_words
from lvzhi.stats.summary import PLACEHOLDER, ROUNDINGS, default_period, fill, parse_placeholder
from lvzhi.stats.views.common import committees_for, reader_required

SCOPES = (("self", gettext_lazy("本级")), ("tree", gettext_lazy("含下级")), ("lower", gettext_lazy("仅下级")))
ROUND_WORDS = {
    "exact": gettext_lazy("照实写（253）"),
    "余": gettext_lazy("“余”（253 → 250余）"),
    "多": gettext_lazy("“多”（183 → 180多）"),
    "近": gettext_lazy("“近”（396 → 近400）"),
    "万": gettext_lazy("以万计（21046 → 2.1万）"),
    "中文": gettext_lazy("中文数字（22 → 二十二）"),
}


def picker_context(committee) -> dict:
    """What the picker offers: the figures by module, scopes, periods and roundings, in words."""
    today = timezone.localdate()
    groups = []
    for module in registry.modules():
        figures = [(f.key, f.label) for f in module.figures]
        if figures:
            groups.append((module.label, figures))
    periods = [("", _("该口径的默认期间")), ("term", _("本届以来")), ("year", _("今年"))]
    periods += [(f"year:{y}", _("%(y)d年") % {"y": y}) for y in range(today.year - 1, today.year - 5, -1)]
    periods += [("cumulative", _("累计")), ("current", _("截至统计日"))]
    return {
        "picker_groups": groups,
        "picker_scopes": SCOPES,
        "picker_periods": periods,
        "picker_rounds": [(r, ROUND_WORDS[r]) for r in ROUNDINGS],
        "picker_committee": committee,
    }


def _whose(scope: str, committee) -> str:
    if scope == "lower":
        return _("%(name)s的下级政协") % {"name": committee.short_name}
    return scope_words(scope, committee)


def _source(key: str, scope: str, period: str, rounding: str) -> str:
    options = [f"scope={scope}"] + ([f"period={period}"] if period else []) + [f"round={rounding}"]
    return "{{ figure:" + key + "".join(f" | {o}" for o in options) + " }}"


@reader_required
def summary_figure(request):
    """The picker's preview: the chosen figure in words and as the summary will write it."""
    allowed = {c.pk: c for c in committees_for(request.user)}
    wanted = str(request.GET.get("committee") or request.user.committee_id or "")
    committee = allowed.get(as_id(wanted))
    if committee is None:
        raise NotFound()
    key = request.GET.get("figure") or ""
    figure = registry.figures().get(key)
    context = {"figure": figure}
    if figure is not None:
        scope = request.GET.get("scope") if request.GET.get("scope") in dict(SCOPES) else "self"
        period = (request.GET.get("period") or "").strip()[:40]
        rounding = request.GET.get("round") if request.GET.get("round") in ROUNDINGS else "exact"
        source = _source(key, scope, period, rounding)
        try:
            part = fill(parse_placeholder(PLACEHOLDER.fullmatch(source)), committee, timezone.localdate())
            term = committee.current_term()
            counted = parse_period(period or default_period(figure), term_start=term.start_date if term else None)
            context.update(
                source=source,
                part=part,
                period_words=period_words(counted) if period != "current" else _("截至统计日"),
                scope_words=_whose(scope, committee),
            )
        except Invalid as exc:
            context["problem"] = "；".join(str(m) for v in exc.errors.values() for m in v) or str(exc.message)
    return render(request, "stats/_figure_pick.html", context)
