"""What 文史 work contributes to the registry: menu entries, figures (five, each openable to its
records), duty events (authors, contributors, reviewers), to-dos, demo data and the action tables."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.wenshi.actions import TABLES as ACTION_TABLES
from lvzhi.wenshi.demo import load as load_demo
from lvzhi.wenshi.duty import PRODUCERS as DUTY_PRODUCERS
from lvzhi.wenshi.figures import FIGURES
from lvzhi.wenshi.services import can_read, is_member_user
from lvzhi.wenshi.todos import TODOS


def _participant(user):
    return is_member_user(user) or can_read(user)


# what the module notifies of; who is told how by default (lvzhi.delivery reads them)
NOTIFICATION_KINDS = [
    registry.NotificationKind("wenshi.call", _("文史征稿启事"), default="digest"),
    registry.NotificationKind("wenshi.manuscript", _("来稿处理进展")),
]


registry.register(
    registry.Module(
        key="wenshi",
        notification_kinds=NOTIFICATION_KINDS,
        label=_("文史资料"),
        menu=[
            registry.MenuEntry(_("文史资料"), "wenshi:home", icon="book", allowed=_participant),
            registry.MenuEntry(
                _("文史稿件"),
                "wenshi:manuscript_list",
                todos=(
                    "wenshi.review",
                    "wenshi.returned",
                ),
                icon="journal-text",
                allowed=_participant,
            ),
            registry.MenuEntry(_("文史出版物"), "wenshi:volume_list", icon="journals", allowed=_participant),
            registry.MenuEntry(_("文史馆藏"), "wenshi:item_list", icon="archive", allowed=can_read),
            registry.MenuEntry(_("借阅与交换"), "wenshi:circulation_list", icon="arrow-left-right", allowed=can_read),
            registry.MenuEntry(_("文史统计"), "wenshi:figures", icon="bar-chart", allowed=can_read),
        ],
        figures=FIGURES,
        key_figures=["wenshi.adopted", "wenshi.volumes"],
        key_figures_order=900,
        duty_producers=DUTY_PRODUCERS,
        exports=["wenshi.manuscripts", "wenshi.volumes", "wenshi.circulations"],
        demo_loaders=[load_demo],
        action_tables=ACTION_TABLES,
        todos=TODOS,
    )
)
