"""What every statistics page shares: who may read, and the committee/scope/period selection."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lvzhi.core.errors import Invalid
from lvzhi.core.scope import committee_ids
from lvzhi.stats.dashboards import Selection, selection
from lvzhi.stats.selectors import can_read, committees_in, parse_as_of, visible_committee

PAGE_SIZE = 50


def reader_required(view):
    """Staff with the statistics permission and leaders (else 403); members have no dashboard."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def as_page_error(exc: Invalid) -> Invalid:
    """An Invalid whose message names the problems (the error page shows only the message)."""
    details = "；".join(str(m) for messages in exc.errors.values() for m in messages)
    return Invalid(details or exc.message, exc.errors)


def committees_for(user):
    return committees_in(committee_ids(user))


def select(request, *, default_period="term", default_scope="tree") -> Selection:
    """The selection a page is about, from ?committee=&scope=&period=&as_of= (404 outside scope,
    422 for a period or date that cannot be read)."""
    params = request.GET
    committee = visible_committee(request.user, params.get("committee") or None)
    scope = params.get("scope") or default_scope
    if scope not in ("self", "tree", "lower"):
        scope = default_scope
    try:
        as_of = parse_as_of(params.get("as_of") or timezone.localdate())
        return selection(committee_ids(request.user), committee, scope, params.get("period") or default_period, as_of)
    except Invalid as exc:
        raise as_page_error(exc) from None


PERIOD_PRESETS = [
    ("term", gettext_noop("本届以来")),
    ("year", gettext_noop("今年以来")),
    ("cumulative", gettext_noop("累计")),
    ("current", gettext_noop("当前（截至统计日）")),
]


def selector_context(request, sel: Selection) -> dict:
    year = sel.as_of.year
    presets = [(value, _(label)) for value, label in PERIOD_PRESETS]
    presets += [(f"year:{y}", _("%(y)s 年") % {"y": y}) for y in range(year - 1, year - 3, -1)]
    if sel.period.text not in [p for p, _label in presets]:
        presets.append((sel.period.text, sel.period.text))
    return {
        "sel": sel,
        "committees": committees_for(request.user),
        "period_presets": presets,
        "scopes": [("self", _("本级")), ("tree", _("含下级")), ("lower", _("仅下级"))],
    }
