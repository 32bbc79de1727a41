"""The organisation's figures as cards, each opening the records behind it."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from lvzhi.core import registry
from lvzhi.core.periods import parse_period
from lvzhi.core.scope import SCOPE_SESSION_KEY, active_committee_ids
from lvzhi.org.models import Committee
from lvzhi.org.views.common import reader_required

# Extra filters that make a figure's drill-down read naturally in its list.
LINK_PARAMS = {"org.party_branches": {"kind": "branch"}, "org.party_groups": {"kind": "group"}}


@reader_required
def dashboard(request):
    tree_ids = active_committee_ids(request)
    base_id = request.session.get(SCOPE_SESSION_KEY) or request.user.committee_id
    if base_id not in tree_ids:
        base_id = request.user.committee_id
    base = Committee.objects.filter(pk=base_id).first()
    self_ids = frozenset([base_id]) if base_id in tree_ids else frozenset()
    period = parse_period("current")
    cards = []
    figures = _org_figures()
    own_values = registry.compute_figures(figures, self_ids, period)
    in_tree = [f for f in figures if "tree" in f.scopes and tree_ids != self_ids]
    tree_values = dict(zip(in_tree, registry.compute_figures(in_tree, tree_ids, period), strict=True))
    for figure, value in zip(figures, own_values, strict=True):
        card = {"figure": figure, "value": value, "tree_value": None}
        params = {"figure": figure.key, **LINK_PARAMS.get(figure.key, {})}
        if figure.records_url:
            card["url"] = reverse(figure.records_url) + "?" + urlencode({**params, "committee": base_id})
        if figure in tree_values:
            card["tree_value"] = tree_values[figure]
            if figure.records_url:
                card["tree_url"] = reverse(figure.records_url) + "?" + urlencode(params)
        cards.append(card)
    return render(request, "org/dashboard.html", {"cards": cards, "base": base, "period": period})


def _org_figures():
    return [f for m in registry.modules() if m.key == "org" for f in m.figures]
