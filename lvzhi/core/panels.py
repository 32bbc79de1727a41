"""The home page's panels. A panel is a function (request) -> dict | None; the dict has "title",
"template" (rendered with `panel` in its context), optionally "key" (a stable name, used as
data-testid) and "wide" (spans two columns), plus whatever its template needs.

Each module adds its own panels through `home_panels` of its registry.Module (org: a member's seats
and a staff officer's counts; accounts: the administrator roles' tools; proposals: a unit's
assigned proposals). Core holds only the leader's key figures, which it reads from the registry:
each module names its key figures in `key_figures`.
"""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.core.periods import parse_period, period_words, scope_words
from lvzhi.core.scope import SCOPE_SESSION_KEY, active_committee_ids, committee_model, scope_committees
from lvzhi.core.todos import home_panel as todo_panel
from lvzhi.core.todos import overdue_panel

LEADER = "leader"  # the role code (accounts.choices.Role.LEADER; core sits below accounts)
MAX_FIGURES = 12


def _url(name, query=""):
    try:
        return reverse(name) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return ""


def key_figures():
    """The figures the modules declare as key figures; without any, the first registered ones."""
    return registry.key_figures()[:MAX_FIGURES] or list(registry.figures().values())[:MAX_FIGURES]


def _panel_period(figure, term_start):
    """本届以来 where the figure is counted by period (what the figure pages open on), else as of today."""
    if "term" in figure.periods:
        return "term", parse_period("term", term_start=term_start)
    return "current", parse_period("current")


def leader_panel(request):
    """Key figures of the leader's scope, each saying its period and scope in words and opening the
    page that counts the same records: the link passes the committee, scope and period it was counted
    with, so the number and the page agree."""
    user = request.user
    if not (user.has_role(LEADER) and user.committee_id):
        return None
    tree_ids = active_committee_ids(request)  # the scope switcher narrows the leader's view
    chosen = request.session.get(SCOPE_SESSION_KEY)
    own_id = chosen if chosen in tree_ids else user.committee_id
    # the committee as the scope switcher read it (its short name and level are what the words need)
    own = next((c for c in scope_committees(user) if c.pk == own_id), None)
    if own is None:
        own = committee_model().objects.filter(pk=own_id).first()
    term = own.current_term() if own is not None else None
    term_start = term.start_date if term else None
    chosen = []
    for figure in key_figures():
        if "tree" in figure.scopes and len(tree_ids) > 1:
            ids, scope = tree_ids, "tree"
        elif "self" in figure.scopes:
            ids, scope = frozenset([own_id]), "self"
        else:
            continue
        if not ({"term", "current"} & set(figure.periods)):
            continue
        chosen.append((figure, ids, scope, *_panel_period(figure, term_start)))
    # computed together, whatever their scope and period: the cache's misses in one statement
    values = registry.compute_figures_of([(figure, ids, period) for figure, ids, _scope, _text, period in chosen])
    figures = []
    for index, (figure, _ids, scope, period_text, period) in enumerate(chosen):
        query = urlencode({"figure": figure.key, "committee": own_id, "scope": scope, "period": period_text})
        figures.append(
            {
                "key": figure.key,
                "label": figure.label,
                "definition": figure.definition,
                "unit": figure.unit,
                "value": values[index],
                "url": _url(figure.records_url, query) if figure.records_url else "",
                "period": period_words(period),
                "scope": scope_words(scope, own),
            }
        )
    return {
        "key": "leader-figures",
        "order": 30,
        "title": _("关键数据"),
        "template": "core/panels/figures.html",
        "figures": figures,
        "as_of": timezone.localdate(),
        "wide": True,
    }


PANELS = [todo_panel, overdue_panel, leader_panel]
