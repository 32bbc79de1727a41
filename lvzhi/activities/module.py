from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.activities.actions import TABLES as ACTION_TABLES
from lvzhi.activities.demo import load as load_demo
from lvzhi.activities.duty import PRODUCERS as DUTY_PRODUCERS
from lvzhi.activities.figures import FIGURES
from lvzhi.activities.services import can_read as _can_read
from lvzhi.activities.services import is_member_user as _is_member
from lvzhi.activities.services.intake import outcome_from_deliberation
from lvzhi.activities.todos import TODOS
from lvzhi.activities.views.common import home_panel, office_panel
from lvzhi.core import registry


def _can_manage(user):
    return user.has_module_perm(Permission.ACTIVITIES)


# what the module notifies of; who is told how by default (lvzhi.delivery reads them)
NOTIFICATION_KINDS = [
    registry.NotificationKind("activities.invited", _("会议活动邀请")),
    registry.NotificationKind("activities.leave", _("请假申请与审批"), roles=("member", "staff")),
    registry.NotificationKind("activities.changed", _("会议活动变更或取消"), mandatory=True),
]


registry.register(
    registry.Module(
        key="activities",
        notification_kinds=NOTIFICATION_KINDS,
        label=_("会议活动"),
        menu=[
            registry.MenuEntry(
                _("我的活动"),
                "activities:my",
                todos=("activities.invitation",),
                icon="calendar-check",
                allowed=_is_member,
            ),
            registry.MenuEntry(
                _("活动列表"),
                "activities:list",
                todos=(
                    "activities.leave",
                    "activities.finish",
                ),
                icon="list-ul",
                allowed=_can_read,
            ),
            registry.MenuEntry(
                _("活动日历"), "activities:calendar", icon="calendar3", allowed=lambda u: _can_read(u) or _is_member(u)
            ),
            registry.MenuEntry(_("新建活动"), "activities:create", icon="plus-circle", allowed=_can_manage),
            registry.MenuEntry(_("活动成果"), "activities:outcome_list", icon="journal-check", allowed=_can_read),
            registry.MenuEntry(_("活动看板"), "activities:dashboard", icon="graph-up", allowed=_can_read),
            registry.MenuEntry(_("活动统计"), "activities:figures", icon="bar-chart", allowed=_can_read),
            registry.MenuEntry(_("活动子类目录"), "activities:subkinds", icon="tags", allowed=_can_manage),
        ],
        figures=FIGURES,
        key_figures=[
            "activities.all",
            "activities.consultations",
            "activities.outcomes",
            "activities.attendance",
            "activities.speeches",
        ],
        duty_producers=DUTY_PRODUCERS,
        exports=["activities.activities", "activities.attendance"],
        demo_loaders=[load_demo],
        home_panels=[home_panel, office_panel],
        action_tables=ACTION_TABLES,
        todos=TODOS,
        provides={"activities.outcome_from_deliberation": outcome_from_deliberation},
    )
)
