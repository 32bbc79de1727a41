"""org's home panels (see lvzhi/core/panels.py for the contract): a member's own seats and unread
notifications, a staff officer's counts of their scope, a unit user's to-do."""

import datetime

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core.batch import counts
from lvzhi.core.notifications import unread_count
from lvzhi.core.scope import active_committee_ids
from lvzhi.org.audience import member_memberships
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Membership, Studio, Unit


def _url(name, query=""):
    try:
        return reverse(name) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return ""


def member_panel(request):
    """我的委员会: unread notifications and the member's own seats (committee, term, role). What awaits
    the member is the to-do centre's panel (lvzhi/core/todos.py)."""
    user = request.user
    if not (user.has_role(Role.MEMBER) and user.member_id):
        return None
    memberships = member_memberships(user.member_id)  # read once with the seats on a page request
    return {
        "key": "member-todo",
        "order": 10,
        "title": _("我的委员会"),
        "template": "core/panels/member.html",
        "unread": unread_count(user),
        "notifications_url": reverse("core:notifications"),
        "memberships": list(memberships),
    }


def staff_panel(request):
    """To-do counts of a staff officer within the pages' current scope."""
    user = request.user
    if not user.has_role(Role.STAFF):
        return None
    ids = active_committee_ids(request)
    items = []
    if user.has_module_perm(Permission.MEMBERS):
        today = timezone.localdate()
        seats = Membership.objects.in_committees(ids).filter(
            status=MembershipStatus.ACTIVE, term__start_date__lte=today
        )
        current = seats.filter(Q(term__end_date__isnull=True) | Q(term__end_date__gte=today))
        year_start = datetime.date(today.year, 1, 1)
        links = [
            (_("在任委员"), current, _url("org:member_list")),
            (
                _("90 天内任期届满"),
                current.filter(term__end_date__lte=today + datetime.timedelta(days=90)),
                _url("org:member_list"),
            ),
            (
                _("今年离任"),
                Membership.objects.in_committees(ids).filter(ended_on__gte=year_start),
                _url("org:member_list", "status=all"),
            ),
            (_("承办单位"), Unit.objects.in_committees(ids).filter(is_active=True), _url("org:unit_list")),
            (_("委员工作室"), Studio.objects.in_committees(ids).filter(is_active=True), _url("org:studio_list")),
        ]
        values = counts([qs for _label, qs, _link in links])  # the five counts in one statement
        items += [
            {"label": label, "value": value, "url": link}
            for (label, _qs, link), value in zip(links, values, strict=True)
        ]
    items.append({"label": _("未读通知"), "value": unread_count(user), "url": reverse("core:notifications")})
    return {
        "key": "staff-todo",
        "order": 20,
        "title": _("工作概况"),
        "template": "core/panels/counts.html",
        "items": items,
    }


def unit_panel(request):
    user = request.user
    if not (user.has_role(Role.UNIT) and user.unit_id):
        return None
    return {
        "key": "unit-todo",
        "order": 40,
        "title": _("本单位"),
        "template": "core/panels/counts.html",
        "intro": user.unit.name,
        "items": [{"label": _("未读通知"), "value": unread_count(user), "url": reverse("core:notifications")}],
    }


PANELS = [member_panel, staff_panel, unit_panel]
