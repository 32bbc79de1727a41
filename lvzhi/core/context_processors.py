from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from lvzhi.core import registry
from lvzhi.core.notifications import unread_count
from lvzhi.core.scope import SCOPE_SESSION_KEY, committee_ids, scope_committees

# The side menu and the scope switcher's options as rendered, kept in each process: they follow
# from the code's menu declarations, the user's permissions (which entries), the page (which entry is
# current) and the language — all in the key — and from nothing a write changes, except a
# committee's name in the switcher, also in its key. A staff page's frame rendered them each time:
# a hundred menu links and a province's hundred committees, a third of a light page's work.
_RENDERED: dict[tuple, str] = {}
_RENDERED_MAX = 512  # ≈ 10 MB of menus at most in a worker


def _rendered(key: tuple, template: str, context: dict) -> str:
    html = _RENDERED.get(key)
    if html is None:
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        html = _RENDERED[key] = mark_safe(render_to_string(template, context))  # noqa: S308 (a template's output)
    return html


def shell(request):
    """What the page shell needs: menu, unread count, scope switcher choices."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope_choices = scope_committees(user) if len(committee_ids(user)) > 1 else []
    scope_current = request.session.get(SCOPE_SESSION_KEY)
    menu = registry.menu_for(user)
    open_key = _current_section(request, menu)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    language = get_language()
    menu_key = (language, view_name, open_key, tuple((m.key, tuple(e.url_name for e in es)) for m, es in menu))
    menu_context = {"shell_menu": menu, "shell_menu_open": open_key, "view_name": view_name}
    scope_key = (language, scope_current, tuple((c.id, c.level, c.short_name) for c in scope_choices))
    scope_context = {"shell_scope_choices": scope_choices, "shell_scope_current": scope_current}
    return {
        "shell_menu_html": _rendered(("menu", *menu_key), "core/_side_menu.html", menu_context),
        "shell_unread": unread_count(user),
        "shell_scope_choices": scope_choices,
        "shell_scope_options": _rendered(("scope", *scope_key), "core/_scope_options.html", scope_context)
        if scope_choices
        else "",
    }


def _current_section(request, menu) -> str:
    """The key of the menu section the page belongs to (its entry, or its URL namespace), kept open."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    namespace = view_name.split(":", 1)[0] if ":" in view_name else ""
    for module, entries in menu:
        if any(entry.url_name == view_name for entry in entries):
            return module.key
    for module, _entries in menu:
        if module.key == namespace or any(entry.url_name.split(":", 1)[0] == namespace for entry in _entries):
            return module.key
    return ""
