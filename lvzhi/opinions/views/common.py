"""What every opinions page shares: who may read or manage, the report fetched within scope."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lvzhi.core.scope import active_committee_ids, form_committee
from lvzhi.opinions import services
from lvzhi.opinions.models import OpinionReport
from lvzhi.opinions.services.access import can_manage_any, can_read
from lvzhi.org.models import Committee

PAGE_SIZE = 30


def _require(test):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


reader_required = _require(can_read)
manager_required = _require(can_manage_any)
# `can_submit` is `bool(capacities(u))` without building every capacity (none for a member, read once
# a request, the side menu asks it too)
submitter_required = _require(lambda u: services.can_submit(u))
anyone_involved = _require(lambda u: can_read(u) or services.can_submit(u) or u.has_role("staff"))


def managed_ids(request) -> list[int]:
    """The committees (of the scope switcher's choice) whose information office the user is."""
    return [pk for pk in active_committee_ids(request) if services.can_manage(request.user, pk)]


def managed_committees(request):
    return Committee.objects.filter(id__in=managed_ids(request)).order_by("path")


def chosen_committee(request):
    """The committee a configuration page works on (?committee=, default the user's own)."""
    committees = list(managed_committees(request))
    found = form_committee(request, committees)
    if found is None:
        raise PermissionDenied
    return found, committees


def home_panel(request):
    """Members and other submitters: their reports awaiting news. What waits for the information office
    (submissions, items to publish, overdue feedback) is counted by the to-do centre's panel from the
    kinds in lvzhi/opinions/todos.py."""
    user = request.user
    if services.can_submit(user):  # the menu's yes/no: no query for a member, not every capacity built
        rows = list(OpinionReport.objects.visible_to(user).select_related("issue").order_by("-updated_at", "-id")[:5])
        return {
            "key": "opinions-mine",
            "title": _("我的社情民意信息"),
            "template": "opinions/_home_mine.html",
            "rows": rows,
        }
    return None
