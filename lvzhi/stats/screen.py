"""The big screen's headline figures: the ones the committee's own work summaries report. Each
placeholder of the committee's summary templates (lvzhi.stats.summary) is one tile, computed with the
placeholder's scope and period, labelled with its note and saying that scope and period in words."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lvzhi.core import registry
from lvzhi.stats.models import SummaryTemplate
from lvzhi.stats.summary import check_body, default_period, fill

SCOPE_WORDS = {"self": "本级", "tree": "含下级", "lower": "下级"}
PERIOD_WORDS = {"term": "本届以来", "current": "现有", "cumulative": "累计", "year": "今年以来"}


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    unit: str
    when: str  # the scope and period in words ("含下级 · 本届以来")
    url: str
    key: str
    problem: str = ""


def period_words(period: str) -> str:
    if period in PERIOD_WORDS:
        return _(PERIOD_WORDS[period])
    kind, _sep, value = period.partition(":")
    if kind == "year":
        return _("%(y)s年") % {"y": value}
    if kind == "since":
        year, month_day = value[:4], value[5:]
        return _("%(y)s年以来") % {"y": year} if month_day == "01-01" else _("%(d)s以来") % {"d": value}
    if kind == "range":
        start, _sep, end = value.partition("..")
        return _("%(a)s至%(b)s") % {"a": start, "b": end}
    return period


def _label(placeholder, figure) -> str:
    note = re.sub(r"^[A-Za-z]+\d+\s*", "", placeholder.note or "").strip()
    return note or str(figure.label)


def _unit(placeholder, figure) -> str:
    unit = str(figure.unit)
    if placeholder.div and unit.endswith("元"):
        return f"{placeholder.div}元"
    if placeholder.round == "万" and not unit.startswith("万"):
        return unit  # the value itself says 万 ("2.1万")
    return unit


def headlines(committee, as_of, *, within=None) -> list[Headline]:
    """One tile per distinct placeholder (figures, scope, period) of the committee's summary
    templates, in the order the summaries name them."""
    known = registry.figures()
    seen, tiles = set(), []
    for template in SummaryTemplate.objects.filter(committee=committee).order_by("slug"):
        for placeholder in check_body(template.body):
            identity = (placeholder.keys, placeholder.scope, placeholder.period, placeholder.div)
            if identity in seen:
                continue
            seen.add(identity)
            figure = known.get(placeholder.keys[0])
            if figure is None:
                continue
            part = fill(placeholder, committee, as_of, within=within)
            period = placeholder.period or default_period(figure)
            tiles.append(
                Headline(
                    label=_label(placeholder, figure),
                    value=part.text if not (part.missing or part.error) else "—",
                    unit=_unit(placeholder, figure),
                    when=f"{_(SCOPE_WORDS.get(placeholder.scope, placeholder.scope))} · {period_words(period)}",
                    url=part.links[0][1] if part.links else "",
                    key=" + ".join(placeholder.keys),
                    problem=part.error,
                )
            )
    return tiles
