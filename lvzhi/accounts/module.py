from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Role
from lvzhi.accounts.panels import PANELS
from lvzhi.core import registry


def _user_admin(user):
    return user.has_any_role(Role.SYSADMIN, Role.SECADMIN)


def _sysadmin(user):
    return user.has_role(Role.SYSADMIN)


def _auditor(user):
    return user.has_role(Role.AUDITOR)


registry.register(
    registry.Module(
        key="accounts",
        label=_("系统"),
        menu=[
            registry.MenuEntry(_("账号管理"), "admin:user_list", icon="people-fill", allowed=_user_admin),
            registry.MenuEntry(_("新建用户"), "admin:user_create", icon="person-plus", allowed=_sysadmin),
            registry.MenuEntry(_("审计日志"), "admin:audit_list", icon="journal-text", allowed=_auditor),
        ],
        home_panels=PANELS,
    )
)
