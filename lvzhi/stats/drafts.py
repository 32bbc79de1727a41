"""Draft from records: the first draft of a highlights summary for a committee, a period and the
modules it uses, written from what the records hold — one paragraph per line of work (module), each
sentence built from the module's figures that have records in the period (as placeholders, so the
numbers stay counted) and, where a figure's records carry names, the most frequent of them (a names
placeholder). Staff then edit the draft like any template; nothing in it is typed."""

import datetime

from django.utils.translation import gettext as _

from lvzhi.core import registry
from lvzhi.core.errors import Invalid, ServiceError
from lvzhi.org.models import Committee
from lvzhi.stats.selectors import evaluate
from lvzhi.stats.summary import default_period

FIGURES_PER_PARAGRAPH = 8  # the largest counts of a module; the rest stay in the catalogue
NAMES_SHOWN = 3


def _scope(figure, committee) -> str:
    """With the lower committees where the figure allows it and the committee has them."""
    if "tree" in figure.scopes and Committee.objects.descendants_of(committee.pk, include_self=False).exists():
        return "tree"
    return "self" if "self" in figure.scopes else figure.scopes[0]


def _period_for(figure, period: str) -> str:
    """The draft's period when the figure is defined for it, else the figure's own ("current" counts)."""
    kind = period.split(":", 1)[0]
    return period if kind in figure.periods else default_period(figure)


def _placeholder(kind, key, scope, period, *extra) -> str:
    options = [f"scope={scope}", f"period={period}", *extra]
    return "{{ " + f"{kind}:{key} | " + " | ".join(options) + " }}"


def _sentence(figure, scope, period) -> str:
    text = f"{figure.label}{_placeholder('figure', figure.key, scope, period)}{figure.unit}"
    if figure.names:
        names = _placeholder("names", figure.key, scope, period, f"top={NAMES_SHOWN}")
        text += _("（%(names)s等）") % {"names": names}
    return text


def paragraphs(committee, period: str, as_of: datetime.date, modules=None) -> list[tuple[str, list[str]]]:
    """(module label, [sentence]) for each module (of `modules`, or all) with records in the period."""
    found = []
    for module in registry.modules():
        if not module.figures or (modules and module.key not in modules):
            continue
        counted = []
        for figure in module.figures:
            if figure.measure in ("rate", "average"):  # a count or a sum reads as a sentence of work done
                continue
            scope = _scope(figure, committee)
            used = _period_for(figure, period)
            try:
                value = evaluate(figure.key, committee, scope, used, as_of).value
            except ServiceError:
                continue
            if value:
                counted.append((value, figure, scope, used))
        counted.sort(key=lambda row: -float(row[0]))
        if counted:
            top = sorted(counted[:FIGURES_PER_PARAGRAPH], key=lambda row: module.figures.index(row[1]))
            found.append((str(module.label), [_sentence(f, s, p) for _v, f, s, p in top]))
    return found


def draft_body(committee, period: str, as_of: datetime.date, modules=None) -> str:
    """The body of the draft: a heading and one paragraph per line of work, or Invalid when no
    module has records in the period."""
    found = paragraphs(committee, period, as_of, modules)
    if not found:
        raise Invalid(errors={"period": [_("所选期间内这些工作没有记录，无法起草。")]})
    blocks = []
    for label, sentences in found:
        blocks.append(f"# {label}")
        blocks.append(_("期间内，") + "，".join(sentences) + "。")
    return "\n\n".join(blocks) + "\n"
