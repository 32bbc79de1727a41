"""The consequence an irreversible step asks about, taken from the action tables.

Every action with a `confirm` in its module's action table (`lvzhi.core.actions.Action.confirm`) has
its page URL and question published to the page (`{% action_confirms %}` in the base template, read by
`lvzhi/static/lvzhi/steps.js`), so whichever template draws the step's form — a button, a form
inside a collapsible panel, a separate page — the browser asks before the form is posted. A template
that sets `data-confirm` itself keeps its own question."""

import re
from functools import lru_cache

from django.urls import NoReverseMatch, reverse

from lvzhi.core import registry

_PK = 987654321  # a stand-in id, replaced by a pattern for any id


@lru_cache(maxsize=1)
def _routes() -> tuple[tuple[str, object], ...]:
    routes = []
    for table in registry.action_tables():
        for action in table.actions:
            if not action.confirm:
                continue
            try:
                path = reverse(table.page_url, args=[_PK, action.name])
            except NoReverseMatch:  # the parity test names the table whose page URL is wrong
                continue
            pattern = "^" + re.escape(path).replace(str(_PK), r"\d+") + "$"
            routes.append((pattern, action.confirm))
    return tuple(routes)


def action_confirms() -> list[list[str]]:
    """`[[path pattern, question], …]` in the current language."""
    return [[pattern, str(question)] for pattern, question in _routes()]


def confirm_for(path: str) -> str:
    """The question asked before posting to `path`, or "" (what the page script does, for tests)."""
    for pattern, question in _routes():
        if re.match(pattern, path):
            return str(question)
    return ""
