"""What the notices module contributes to the registry."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.notices.actions import TABLES as ACTION_TABLES
from lvzhi.notices.demo import load as load_demo
from lvzhi.notices.figures import FIGURES
from lvzhi.notices.models import PERMISSION
from lvzhi.notices.services import can_read, is_recipient_user
from lvzhi.notices.todos import TODOS

# what the module notifies of; who is told how by default (lvzhi.delivery reads them)
NOTIFICATION_KINDS = [
    registry.NotificationKind("notices.published", _("通知公告发布")),
    registry.NotificationKind("notices.reminder", _("通知催阅、催回执")),
]


registry.register(
    registry.Module(
        key="notices",
        notification_kinds=NOTIFICATION_KINDS,
        label=_("通知公告"),
        menu=[
            registry.MenuEntry(
                _("通知公告"), "notices:inbox", todos=("notices.reply",), icon="megaphone", allowed=is_recipient_user
            ),
            registry.MenuEntry(_("通知管理"), "notices:list", icon="megaphone", allowed=can_read),
            registry.MenuEntry(
                _("起草通知"), "notices:create", icon="plus-circle", allowed=lambda u: u.has_module_perm(PERMISSION)
            ),
            registry.MenuEntry(_("通知统计"), "notices:figures", icon="bar-chart", allowed=can_read),
        ],
        figures=FIGURES,
        key_figures=["notices.published", "notices.read_rate"],
        key_figures_order=950,  # after the lines of work the summaries report
        exports=["notices.notices", "notices.receipts"],
        demo_loaders=[load_demo],
        action_tables=ACTION_TABLES,
        todos=TODOS,
    )
)
