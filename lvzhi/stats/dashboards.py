"""What the dashboards show: figure cards and chart data, each element with the URL of the records
behind it. Everything is computed from the records on every request; a module that is not
installed yields a "本模块尚未启用" note, never a number.

Query budget: each card costs the queries of one figure (one to three); each chart one to three
grouped queries. Neither depends on the number of records. A card's value and a chart's groups are
kept in the figure cache (`selectors.derived`) while no table they were counted from changes: a
dashboard viewed again with nothing written since runs none of them."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import registry
from lvzhi.core.errors import ServiceError
from lvzhi.core.periods import Period
from lvzhi.org.models import Committee
from lvzhi.stats.selectors import (
    Result,
    check_supported,
    derived,
    evaluate,
    lower_committees,
    records,
    resolve_period,
    scope_ids,
)

# The modules a committee's work covers, in the order the overview shows them. A module that is
# not registered is shown as not yet enabled.
MODULES = [
    ("org", gettext_lazy("委员与组织")),
    ("proposals", gettext_lazy("提案")),
    ("opinions", gettext_lazy("社情民意")),
    ("activities", gettext_lazy("会议活动")),
    ("supervision", gettext_lazy("监督与服务发展")),
    ("regulations", gettext_lazy("制度机制")),
    ("duties", gettext_lazy("履职档案与考核")),
]
# The overview's key figures per module (those registered are shown; else the module's first ones).
KEY_FIGURES = {
    "org": ["org.studios", "org.party_branches"],
    "proposals": ["proposals.received", "proposals.handled", "proposals.onsite", "proposals.satisfaction"],
    "activities": ["activities.all", "activities.grassroots", "activities.outcomes", "activities.people_reached"],
    "regulations": ["regulations.mechanisms", "regulations.revised"],
}
CARDS_PER_MODULE = 4
NOT_ENABLED = gettext_lazy("本模块尚未启用")


@dataclass
class Selection:
    """What a dashboard is about: a committee, a scope, a period and the as-of date."""

    committee: Committee
    scope: str
    period: Period
    as_of: datetime.date
    within: frozenset

    def query(self, **extra) -> dict:
        return {
            "committee": self.committee.code,
            "scope": self.scope,
            "period": self.period.text,
            "as_of": self.as_of.isoformat(),
            **extra,
        }


@dataclass
class Card:
    figure: registry.Figure
    value: object = None
    url: str = ""
    note: str = ""
    error: str = ""


@dataclass
class Chart:
    key: str
    title: str
    module: str
    kind: str = "bar"  # bar | stacked | pie | funnel | rates
    categories: list = field(default_factory=list)
    series: list = field(default_factory=list)  # [{"name", "data": [{"value", "url"}]}]
    note: str = ""  # why there is no chart (module not enabled, no data)
    unit: str = ""

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": str(self.title),
            "kind": self.kind,
            "categories": [str(c) for c in self.categories],
            "series": self.series,
            "unit": str(self.unit),
        }


def records_url(key: str, query: dict) -> str:
    return reverse("stats:records", args=[key]) + "?" + urlencode(query)


def lenient(key: str, sel: Selection) -> Result | None:
    """A figure for the selection, or — where the figure is not defined for the chosen scope or
    period — its nearest definition (the committee alone; "current" as of the period's end)."""
    figure = registry.figures().get(key)
    found = _lenient_terms(figure, sel) if figure is not None else None
    if found is None:
        return None
    scope, period = found
    return evaluate(key, sel.committee, scope, period, sel.as_of, within=sel.within)


def _lenient_terms(figure: registry.Figure, sel: Selection) -> tuple[str, Period] | None:
    """The scope and period `lenient` counts a figure with (None: not defined for the selection)."""
    scope = sel.scope if sel.scope in figure.scopes or (sel.scope == "lower" and "tree" in figure.scopes) else "self"
    period = sel.period
    if not figure.supports_period(period):
        if "current" not in figure.periods:
            return None
        period = Period("current", None, period.end, "current")
    return scope, period


def _count_together(keys, sel: Selection) -> None:
    """Counts the plain-count figures among `keys` that the figure cache lacks together — one
    statement per scope and period (registry.compute_figures) — so that each card then reads its
    value from the cache instead of counting alone."""
    groups: dict[tuple, tuple] = {}
    for key in keys:
        figure = registry.figures().get(key)
        if figure is None or figure.value is not None or figure.varies_with_time:
            continue
        found = _lenient_terms(figure, sel)
        if found is None:
            continue
        scope, period = found
        try:
            check_supported(figure, scope, period)
            ids = scope_ids(sel.committee, scope, within=sel.within)
        except ServiceError:
            continue  # its card says why
        group = groups.setdefault((ids, period.kind, period.start, period.end), (ids, period, []))
        group[2].append(figure)
    for ids, period, figures in groups.values():
        registry.compute_figures(figures, ids, period)


def card(key: str, sel: Selection) -> Card:
    figure = registry.figures()[key]
    try:
        result = lenient(key, sel)
    except ServiceError as exc:
        return Card(figure, error=str(exc.message))
    if result is None:
        return Card(figure, error=_("不适用于所选期间"))
    notes = []
    if result.scope != sel.scope:
        notes.append(_("本级"))
    if result.period.text != sel.period.text:
        notes.append(_("截至 %(d)s") % {"d": result.period.end})
    return Card(figure, result.value, records_url(key, result.query), "，".join(notes))


def _card_keys(module_key: str, limit: int | None) -> list[str]:
    module = registry.module(module_key)
    if module is None:
        return []
    keys = [f.key for f in module.figures]
    if limit is not None:
        preferred = [k for k in KEY_FIGURES.get(module_key, []) if k in keys]
        keys = (preferred + [k for k in keys if k not in preferred])[:limit]
    return keys


def cards(keys, sel: Selection) -> list[Card]:
    """The cards of these figures, the cold plain counts among them counted together."""
    _count_together(keys, sel)
    return [card(k, sel) for k in keys]


def module_cards(module_key: str, sel: Selection, *, limit: int | None = None) -> list[Card]:
    return cards(_card_keys(module_key, limit), sel)


def overview_sections(sel: Selection) -> list[dict]:
    keys = {key: _card_keys(key, CARDS_PER_MODULE) for key, _label in MODULES}
    _count_together([k for module_keys in keys.values() for k in module_keys], sel)
    return [
        {
            "key": key,
            "label": label,
            "enabled": registry.module(key) is not None,
            "cards": [card(k, sel) for k in keys[key]],
        }
        for key, label in MODULES
    ]


# --- charts ------------------------------------------------------------------------------------


def _choice_labels(model, name) -> dict:
    try:
        return {k: str(v) for k, v in model._meta.get_field(name).choices or []}
    except Exception:  # noqa: BLE001 - a model without that field simply has no labels
        return {}


def _grouped(key, sel, by, lookup, label_lookup=None) -> Chart | None:
    result = lenient(key, sel)
    if result is None:
        return None
    qs = records(result)
    fields = [lookup] + ([label_lookup] if label_lookup else [])
    rows = derived(
        result,
        f"groups:{','.join(fields)}",
        lambda: list(qs.order_by().values(*fields).annotate(n=Count("pk")).order_by("-n")),
    )
    labels = _choice_labels(qs.model, lookup) if not label_lookup else {}
    chart = Chart(key=f"{key}:{by}", title="", module=key.split(".")[0])
    data = []
    for row in rows:
        value = row[lookup]
        chart.categories.append(row.get(label_lookup) if label_lookup else labels.get(value, value) or "—")
        data.append({"value": row["n"], "url": records_url(key, {**result.query, "by": by, "v": value or ""})})
    chart.series = [{"name": str(result.figure.label), "data": data}]
    return chart


def proposals_by_state(sel):
    chart = _grouped("proposals.received", sel, "state", "state")
    if chart:
        chart.title, chart.kind = _("提案按状态"), "pie"
    return chart


def proposals_by_category(sel):
    chart = _grouped("proposals.received", sel, "category", "category_id", "category__name")
    if chart:
        chart.title = _("提案按类别")
    return chart


def unit_rates(sel):
    """Per unit: replies on time among answering assignments replied, and satisfied evaluations. The
    per-unit counts come from the proposals module ("proposals.unit_chart" in the registry)."""
    on_time = lenient("proposals.replied_on_time", sel)
    satisfied = lenient("proposals.satisfaction", sel)
    if on_time is None or satisfied is None or not registry.is_provided("proposals.unit_chart"):
        return None
    rows = derived(
        on_time,
        f"unit_rates:{sorted(satisfied.ids)}:{satisfied.period.start}:{satisfied.period.end}",
        lambda: registry.provided("proposals.unit_chart")(on_time, satisfied, limit=12),
    )
    chart = Chart(key="proposals.unit_rates", title=_("承办单位按期答复率、满意率"), module="proposals", kind="rates")
    chart.unit = "%"
    on_time_data, satisfied_data = [], []
    for row in rows:
        unit = row["unit_id"]
        chart.categories.append(row["unit_name"])
        on_time_data.append(
            {
                "value": round(100 * row["on_time"] / row["answered"], 1),
                "url": records_url("proposals.replied_on_time", {**on_time.query, "by": "unit", "v": unit}),
            }
        )
        satisfied_data.append(
            {
                "value": round(100 * row["satisfied"] / row["rated"], 1) if row["rated"] else None,
                "url": records_url("proposals.satisfaction", {**satisfied.query, "by": "assignment_unit", "v": unit}),
            }
        )
    chart.series = [
        {"name": _("按期答复率"), "data": on_time_data},
        {"name": _("满意率"), "data": satisfied_data},
    ]
    return chart


FUNNEL_STAGES = ["received", "used", "adopted_by_office", "published", "sent", "instructed", "adopted", "fed_back"]


def opinion_funnel(sel):
    """The opinion-report funnel from whichever stage figures the opinions module registers."""
    module = registry.module("opinions")
    if module is None:
        return None
    keys = {f.key.split(".", 1)[1]: f.key for f in module.figures}
    stages = [keys[s] for s in FUNNEL_STAGES if s in keys]
    if not stages:
        stages = [f.key for f in module.figures if f.measure == "count"][:6]
    chart = Chart(key="opinions.funnel", title=_("社情民意信息流程"), module="opinions", kind="funnel")
    data = []
    for key in stages:
        result = lenient(key, sel)
        if result is None or result.value is None:
            continue
        chart.categories.append(str(result.figure.label))
        data.append({"value": result.value, "name": str(result.figure.label), "url": records_url(key, result.query)})
    chart.series = [{"name": _("社情民意信息"), "data": data}]
    return chart if data else None


def _month_range(month: datetime.date) -> str:
    nxt = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return f"range:{month:%Y-%m-%d}..{nxt - datetime.timedelta(days=1):%Y-%m-%d}"


def activities_by_month(sel):
    result = lenient("activities.all", sel)
    if result is None:
        return None
    qs = records(result)
    tz = timezone.get_current_timezone()
    rows = derived(
        result,
        f"by_month:{tz}",
        lambda: list(
            qs.order_by().annotate(month=TruncMonth("start", tzinfo=tz)).values("month", "kind").annotate(n=Count("pk"))
        ),
    )
    months = sorted({row["month"].date() if hasattr(row["month"], "date") else row["month"] for row in rows})[-24:]
    labels = _choice_labels(qs.model, "kind")
    kinds = sorted({row["kind"] for row in rows}, key=lambda k: list(labels).index(k) if k in labels else 99)
    counts = {}
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        counts[(month, row["kind"])] = row["n"]
    chart = Chart(key="activities.by_month", title=_("各月会议活动（按类别）"), module="activities", kind="stacked")
    chart.categories = [f"{m:%Y-%m}" for m in months]
    for kind in kinds:
        data = []
        for month in months:
            n = counts.get((month, kind), 0)
            query = {**result.query, "period": _month_range(month), "by": "kind", "v": kind}
            data.append({"value": n, "url": records_url("activities.all", query) if n else ""})
        chart.series.append({"name": labels.get(kind, kind), "data": data})
    return chart


def by_county(sel):
    """Studio and grassroots activities of the committee and each lower committee."""
    keys = [k for k in ("activities.studio", "activities.grassroots") if k in registry.figures()]
    if not keys:
        return None
    tree = Selection(sel.committee, "tree", sel.period, sel.as_of, sel.within)
    committees = lower_committees(sel.committee, sel.within, include_self=True)
    chart = Chart(key="activities.by_county", title=_("委员工作室与基层协商活动（按县区）"), module="activities")
    chart.categories = [c.short_name for c in committees]
    for key in keys:
        result = lenient(key, tree)
        if result is None:
            continue
        qs = records(result).order_by().values_list("committee_id").annotate(n=Count("pk"))
        counts = dict(derived(result, "by_committee", lambda qs=qs: list(qs)))
        data = []
        for c in committees:
            query = {**result.query, "committee": c.code, "scope": "self"}
            data.append({"value": counts.get(c.pk, 0), "url": records_url(key, query)})
        chart.series.append({"name": str(result.figure.label), "data": data})
    return chart


def grade_distribution(sel):
    """The members' annual assessment grades: the first figure of the duty-record module whose
    records carry a grade, grouped by grade (each slice opens its records)."""
    module = registry.module("duties")
    if module is None:
        return None
    for figure in module.figures:
        try:
            result = lenient(figure.key, sel)
            if result is None:
                continue
            records(result).model._meta.get_field("grade")
        except (ServiceError, FieldDoesNotExist):
            continue  # a figure whose records carry no grade
        chart = _grouped(figure.key, sel, "grade", "grade")
        if chart is not None:
            chart.title, chart.kind, chart.module = _("委员考核等次分布"), "pie", "duties"
            return chart
    return None


# (chart key, title, module, builder)
CHARTS = [
    ("proposals.by_state", gettext_lazy("提案按状态"), "proposals", proposals_by_state),
    ("proposals.by_category", gettext_lazy("提案按类别"), "proposals", proposals_by_category),
    ("proposals.unit_rates", gettext_lazy("承办单位按期答复率、满意率"), "proposals", unit_rates),
    ("opinions.funnel", gettext_lazy("社情民意信息流程"), "opinions", opinion_funnel),
    ("activities.by_month", gettext_lazy("各月会议活动（按类别）"), "activities", activities_by_month),
    ("activities.by_county", gettext_lazy("委员工作室与基层协商活动（按县区）"), "activities", by_county),
    ("duties.grades", gettext_lazy("委员考核等次分布"), "duties", grade_distribution),
]


def charts(sel: Selection, module_key: str | None = None, only: list[str] | None = None) -> list[Chart]:
    out = []
    for key, title, module, build in CHARTS:
        if module_key is not None and module != module_key:
            continue
        if only is not None and key not in only:
            continue
        if registry.module(module) is None:
            out.append(Chart(key=key, title=title, module=module, note=str(NOT_ENABLED)))
            continue
        try:
            chart = build(sel)
        except ServiceError as exc:
            chart = Chart(key=key, title=title, module=module, note=str(exc.message))
        if chart is None:
            chart = Chart(key=key, title=title, module=module, note=_("暂无可用的统计口径"))
        elif not any(d.get("value") for s in chart.series for d in s["data"]):
            chart.note = _("所选期间暂无记录")
        chart.title = chart.title or title
        out.append(chart)
    return out


def selection(user_scope: frozenset, committee: Committee, scope: str, period_text: str, as_of) -> Selection:
    period = resolve_period(period_text, committee, as_of)
    return Selection(committee, scope, period, as_of, user_scope)
