"""The activities dashboard: activities per month by kind in the active scope, studio and grassroots
activity by lower committee, and the key figures. Every bar and card opens its records through the
figure drill-down (`activities:figures?figure=…`)."""

import datetime
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.activities import selectors
from lvzhi.activities.choices import ActivityKind
from lvzhi.activities.figures import FIGURES
from lvzhi.activities.views.common import reader_required
from lvzhi.core import registry
from lvzhi.core.errors import ServiceError
from lvzhi.core.periods import parse_period
from lvzhi.core.scope import active_committee_ids
from lvzhi.org.models import Committee

CARDS = (
    "activities.all",
    "activities.attendance",
    "activities.studio",
    "activities.grassroots",
    "activities.people_reached",
    "activities.suggestions",
)
LOCAL_KINDS = (ActivityKind.STUDIO, ActivityKind.GRASSROOTS)


def _drill(figure: str, committee, scope: str, period: str, **extra) -> str:
    query = {"figure": figure, "committee": committee.pk, "scope": scope, "period": period, **extra}
    return f"{reverse('activities:figures')}?{urlencode(query)}"


def period_choices(today: datetime.date) -> list[tuple[str, str]]:
    years = [(f"year:{y}", _("%(y)d 年") % {"y": y}) for y in range(today.year, today.year - 4, -1)]
    return [("term", _("本届以来")), *years, ("cumulative", _("累计"))]


@reader_required
def dashboard(request):
    ids = active_committee_ids(request)
    root = Committee.objects.filter(id__in=ids).order_by("path").first()
    if root is None:
        raise PermissionDenied
    term = root.current_term()
    term_start = term.start_date if term else None
    period_text = request.GET.get("period") or "term"
    try:
        period = parse_period(period_text, term_start=term_start)
    except ServiceError:
        period_text = "term"
        period = parse_period(period_text, term_start=term_start)
    scope_ids = sorted(ids)

    monthly = selectors.per_month_by_kind(scope_ids, period)
    months = monthly["months"]
    month_periods = [selectors.month_range(m, period) for m in months]
    month_series = [
        {
            "name": str(label),
            "data": [
                {
                    "value": monthly["counts"][kind].get(m, 0),
                    "url": _drill("activities.all", root, "tree", p, kind=kind),
                }
                for m, p in zip(months, month_periods, strict=True)
            ],
        }
        for kind, label in ActivityKind.choices
        if kind in monthly["counts"]
    ]
    month_chart = {
        "categories": [m.strftime("%Y-%m") for m in months],
        "series": month_series,
        "stacked": True,
        "unit": _("次"),
    }

    groups = selectors.by_lower_committee(root, ids, period, list(LOCAL_KINDS))
    local_chart = {
        "categories": [
            (_("%(c)s本级") % {"c": g["committee"].short_name})
            if g["own"] and len(groups) > 1
            else g["committee"].short_name
            for g in groups
        ],
        "series": [
            {
                "name": str(ActivityKind(kind).label),
                "data": [
                    {
                        "value": g["counts"][kind],
                        "url": _drill(f"activities.{kind}", g["committee"], g["scope"], period.text),
                    }
                    for g in groups
                ],
            }
            for kind in LOCAL_KINDS
        ],
        "stacked": False,
        "unit": _("次"),
    }

    figures = {f.key: f for f in FIGURES}
    values = registry.compute_figures([figures[key] for key in CARDS], scope_ids, period)
    cards = [
        {"figure": figures[key], "value": value, "url": _drill(key, root, "tree", period.text)}
        for key, value in zip(CARDS, values, strict=True)
    ]
    choices = period_choices(timezone.localdate())
    if period_text not in dict(choices):
        choices.append((period_text, period_text))
    return render(
        request,
        "activities/dashboard.html",
        {
            "root": root,
            "period": period,
            "period_text": period_text,
            "period_choices": choices,
            "cards": cards,
            "month_chart": month_chart,
            "local_chart": local_chart,
            "local_rows": [
                (name, [s["data"][i] for s in local_chart["series"]])
                for i, name in enumerate(local_chart["categories"])
            ],
            "has_lower": len(groups) > 1,
        },
    )
