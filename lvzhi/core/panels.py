"""The home page's panels for each role. A panel is a function (request) -> dict | None; the dict
has "title", "template" (rendered with `panel` in its context), optionally "key" (a stable name,
used as data-testid) and "wide" (spans two columns), plus whatever its template needs.

Modules add their own panels (a member's invitations, a unit's assigned proposals) the same way,
through `home_panels` of their registry.Module.
"""

import datetime

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import registry
from lvzhi.core.notifications import unread_count
from lvzhi.core.periods import parse_period
from lvzhi.core.scope import SCOPE_SESSION_KEY, active_committee_ids


def _url(name, query=""):
    try:
        return reverse(name) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return ""


def member_panel(request):
    """我的待办: unread notifications and the member's own seats (committee, term, role)."""
    user = request.user
    if not (user.has_role(Role.MEMBER) and user.member_id):
        return None
    from lvzhi.org.models import Membership

    memberships = (
        Membership.objects.filter(member_id=user.member_id)
        .select_related("committee", "term", "sector", "party")
        .order_by("-term__start_date", "committee__path")
    )
    return {
        "key": "member-todo",
        "title": _("我的待办"),
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
    from lvzhi.org.models import Membership, Studio, Unit

    ids = active_committee_ids(request)
    items = []
    if user.has_module_perm(Permission.MEMBERS):
        today = timezone.localdate()
        seats = Membership.objects.in_committees(ids).filter(status="active", term__start_date__lte=today)
        current = seats.filter(Q(term__end_date__isnull=True) | Q(term__end_date__gte=today))
        year_start = datetime.date(today.year, 1, 1)
        items += [
            {"label": _("在任委员"), "value": current.count(), "url": _url("org:member_list")},
            {
                "label": _("90 天内任期届满"),
                "value": current.filter(term__end_date__lte=today + datetime.timedelta(days=90)).count(),
                "url": _url("org:member_list"),
            },
            {
                "label": _("今年离任"),
                "value": Membership.objects.in_committees(ids).filter(ended_on__gte=year_start).count(),
                "url": _url("org:member_list", "status=all"),
            },
            {
                "label": _("承办单位"),
                "value": Unit.objects.in_committees(ids).filter(is_active=True).count(),
                "url": _url("org:unit_list"),
            },
            {
                "label": _("委员工作室"),
                "value": Studio.objects.in_committees(ids).filter(is_active=True).count(),
                "url": _url("org:studio_list"),
            },
        ]
    items.append({"label": _("未读通知"), "value": unread_count(user), "url": reverse("core:notifications")})
    return {"key": "staff-todo", "title": _("工作概况"), "template": "core/panels/counts.html", "items": items}


# The leader's home shows these figures (those that are registered), in this order; the module
# dashboards hold the rest.
KEY_FIGURES = [
    "proposals.received",
    "proposals.filed",
    "proposals.handled",
    "proposals.replied_on_time",
    "proposals.satisfaction",
    "activities.all",
    "activities.consultations",
    "activities.outcomes",
    "activities.attendance",
    "activities.speeches",
    "org.studios",
    "org.years_of_service",
]
MAX_FIGURES = 12


def key_figures():
    registered = registry.figures()
    chosen = [registered[key] for key in KEY_FIGURES if key in registered]
    return chosen or list(registered.values())[:MAX_FIGURES]


def leader_panel(request):
    """Key figures of the leader's scope for the current period, each opening its records."""
    user = request.user
    if not (user.has_role(Role.LEADER) and user.committee_id):
        return None
    period = parse_period("current")
    tree_ids = active_committee_ids(request)  # the scope switcher narrows the leader's view
    chosen = request.session.get(SCOPE_SESSION_KEY)
    own_id = chosen if chosen in tree_ids else user.committee_id
    figures = []
    for figure in key_figures():
        if "current" not in figure.periods:
            continue
        if len(tree_ids) > 1 and "tree" in figure.scopes:
            ids, scope = tree_ids, "tree"
        elif "self" in figure.scopes:
            ids, scope = frozenset([own_id]), "self"
        else:
            continue
        url = _url(figure.records_url, f"figure={figure.key}&scope={scope}") if figure.records_url else ""
        figures.append(
            {
                "key": figure.key,
                "label": figure.label,
                "definition": figure.definition,
                "unit": figure.unit,
                "value": figure.compute(ids, period),
                "url": url,
            }
        )
    return {
        "key": "leader-figures",
        "title": _("关键数据"),
        "template": "core/panels/figures.html",
        "figures": figures,
        "as_of": period.end,
        "wide": True,
    }


def unit_panel(request):
    user = request.user
    if not (user.has_role(Role.UNIT) and user.unit_id):
        return None
    return {
        "key": "unit-todo",
        "title": _("我的待办"),
        "template": "core/panels/counts.html",
        "intro": user.unit.name,
        "items": [{"label": _("未读通知"), "value": unread_count(user), "url": reverse("core:notifications")}],
    }


def admin_panel(request):
    """The administrator roles' tools: accounts, grants, or the audit log."""
    from lvzhi.accounts.models import User
    from lvzhi.core.models import AuditEntry

    user = request.user
    now = timezone.now()
    if user.has_role(Role.SYSADMIN):
        return {
            "key": "admin-tools",
            "title": _("账号管理"),
            "template": "core/panels/tools.html",
            "items": [
                {"label": _("启用账号"), "value": User.objects.filter(is_active=True).count()},
                {"label": _("已锁定"), "value": User.objects.filter(locked_until__gt=now).count()},
                {"label": _("停用账号"), "value": User.objects.filter(is_active=False).count()},
            ],
            "links": [
                {"label": _("账号管理"), "url": reverse("admin:user_list"), "icon": "people-fill"},
                {"label": _("新建用户"), "url": reverse("admin:user_create"), "icon": "person-plus"},
                {"label": _("已锁定账号"), "url": reverse("admin:user_list") + "?state=locked", "icon": "lock"},
            ],
        }
    if user.has_role(Role.SECADMIN):
        return {
            "key": "admin-tools",
            "title": _("角色与权限"),
            "template": "core/panels/tools.html",
            "items": [
                {"label": _("已锁定"), "value": User.objects.filter(locked_until__gt=now).count()},
                {"label": _("未分配角色"), "value": User.objects.filter(is_active=True, roles__isnull=True).count()},
            ],
            "links": [
                {"label": _("账号与授权"), "url": reverse("admin:user_list"), "icon": "shield-lock"},
                {"label": _("已锁定账号"), "url": reverse("admin:user_list") + "?state=locked", "icon": "lock"},
                {
                    "label": _("未分配角色的账号"),
                    "url": reverse("admin:user_list") + "?role=none",
                    "icon": "person-dash",
                },
            ],
        }
    if user.has_role(Role.AUDITOR):
        today = timezone.localdate()
        start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        entries = AuditEntry.objects.filter(at__gte=start)
        audit_url = reverse("admin:audit_list")
        return {
            "key": "admin-tools",
            "title": _("审计日志"),
            "template": "core/panels/tools.html",
            "items": [
                {"label": _("今日记录"), "value": entries.count()},
                {"label": _("今日登录失败"), "value": entries.filter(action="login.failed").count()},
                {"label": _("今日被拒绝的操作"), "value": entries.filter(result="denied").count()},
            ],
            "links": [
                {"label": _("审计日志"), "url": audit_url, "icon": "journal-text"},
                {
                    "label": _("今日登录失败"),
                    "url": f"{audit_url}?action=login.failed&start={today:%Y-%m-%d}",
                    "icon": "exclamation-triangle",
                },
            ],
        }
    return None


PANELS = [member_panel, staff_panel, leader_panel, unit_panel, admin_panel]
