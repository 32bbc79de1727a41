"""What the liaison module contributes: menu entries, figures, exports, duty events, demo data, the
to-dos of 请示报告, the link from an activity to the themed activities held as it, and the action
table of 请示报告."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.liaison import demo
from lvzhi.liaison.actions import ACTION_TABLES
from lvzhi.liaison.duty import PRODUCERS as DUTY_PRODUCERS
from lvzhi.liaison.figures import FIGURES
from lvzhi.liaison.selectors import activity_links, can_read
from lvzhi.liaison.todos import TODOS

registry.register(
    registry.Module(
        key="liaison",
        label=_("联谊联络与请示报告"),
        menu=[
            registry.MenuEntry(_("联系对象"), "liaison:contact_list", icon="person-lines-fill", allowed=can_read),
            registry.MenuEntry(_("联系安排"), "liaison:assignment_list", icon="diagram-2", allowed=can_read),
            registry.MenuEntry(_("走访谈心与联谊活动"), "liaison:engagement_list", icon="chat-heart", allowed=can_read),
            registry.MenuEntry(_("上级政协来访"), "liaison:hosted_list", icon="signpost-2", allowed=can_read),
            registry.MenuEntry(
                _("请示报告"),
                "liaison:report_list",
                icon="envelope-paper",
                allowed=can_read,
                todos=("liaison.report_reply", "liaison.report_draft"),
            ),
            registry.MenuEntry(_("联谊联络统计"), "liaison:figures", icon="bar-chart", allowed=can_read),
        ],
        figures=FIGURES,
        exports=[
            "liaison.contacts",
            "liaison.assignments",
            "liaison.engagements",
            "liaison.hosted",
            "liaison.reports",
        ],
        duty_producers=DUTY_PRODUCERS,
        demo_loaders=[demo.load],
        links=[activity_links],
        action_tables=list(ACTION_TABLES.values()),
        todos=TODOS,
    )
)
