from lvzhi.core import registry
from lvzhi.core.notifications import unread_count
from lvzhi.core.scope import SCOPE_SESSION_KEY, committee_ids, scope_committees


def shell(request):
    """What the page shell needs: menu, unread count, scope switcher choices."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope_choices = scope_committees(user) if len(committee_ids(user)) > 1 else []
    menu = registry.menu_for(user)
    return {
        "shell_menu": menu,
        "shell_menu_open": _current_section(request, menu),
        "shell_unread": unread_count(user),
        "shell_scope_choices": scope_choices,
        "shell_scope_current": request.session.get(SCOPE_SESSION_KEY),
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
