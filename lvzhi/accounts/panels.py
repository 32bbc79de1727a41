"""accounts' home panel (see lvzhi/core/panels.py for the contract): the administrator roles' tools —
accounts, grants, or the audit log."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Role
from lvzhi.accounts.models import User
from lvzhi.core.models import AuditEntry


def admin_panel(request):
    """The administrator roles' tools: accounts, grants, or the audit log."""
    user = request.user
    now = timezone.now()
    if user.has_role(Role.SYSADMIN):
        return {
            "key": "admin-tools",
            "order": 50,
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
            "order": 50,
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
            "order": 50,
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


PANELS = [admin_panel]
