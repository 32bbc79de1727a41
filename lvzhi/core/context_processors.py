from lvzhi.core import registry
from lvzhi.core.models import Notification
from lvzhi.core.scope import SCOPE_SESSION_KEY, committee_ids, committee_model


def shell(request):
    """What the page shell needs: menu, unread count, scope switcher choices."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope_choices = []
    ids = committee_ids(user)
    if len(ids) > 1:
        scope_choices = list(committee_model().objects.filter(id__in=ids).only("id", "short_name", "level", "path"))
    return {
        "shell_menu": registry.menu_for(user),
        "shell_unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
        "shell_scope_choices": scope_choices,
        "shell_scope_current": request.session.get(SCOPE_SESSION_KEY),
    }
