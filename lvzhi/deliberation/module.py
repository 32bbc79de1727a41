"""What the deliberation module contributes to the registry: menu entries, figures, the duty event of
posting, the open topics as a member's to-do, demo data and the topic's action table. It writes
proposals, opinion reports and activity outcomes only through the operations those modules provide."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.deliberation.actions import TABLES as ACTION_TABLES
from lvzhi.deliberation.demo import load as load_demo
from lvzhi.deliberation.duty import PRODUCERS as DUTY_PRODUCERS
from lvzhi.deliberation.figures import FIGURES
from lvzhi.deliberation.services import can_manage, can_read, is_member_user
from lvzhi.deliberation.todos import TODOS


def _office(user):
    return can_read(user) and can_manage(user, user.committee_id)


# what the module notifies of; who is told how by default (lvzhi.delivery reads them)
NOTIFICATION_KINDS = [
    registry.NotificationKind("deliberation.topic", _("网络议政议题"), default="digest"),
    registry.NotificationKind("deliberation.reply", _("议政发言被回复"), default="digest"),
    registry.NotificationKind("deliberation.moderated", _("议政发言被屏蔽")),
]


registry.register(
    registry.Module(
        key="deliberation",
        notification_kinds=NOTIFICATION_KINDS,
        label=_("网络议政"),
        menu=[
            registry.MenuEntry(
                _("网络议政"),
                "deliberation:list",
                icon="chat-square-text",
                allowed=lambda u: is_member_user(u) or can_read(u),
            ),
            registry.MenuEntry(_("新建议题"), "deliberation:create", icon="plus-circle", allowed=_office),
            registry.MenuEntry(_("议政统计"), "deliberation:figures", icon="bar-chart", allowed=can_read),
        ],
        figures=FIGURES,
        key_figures=["deliberation.participants", "deliberation.posts"],
        key_figures_order=950,  # after the lines of work the summaries report
        duty_producers=DUTY_PRODUCERS,
        exports=["deliberation.topics"],
        demo_loaders=[load_demo],
        action_tables=ACTION_TABLES,
        todos=TODOS,
    )
)
