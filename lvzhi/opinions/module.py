"""What the opinions module contributes: menu entries, figures, exports, duty events, demo data,
the home panel, the link from a proposal to the report converted from it, and the conversion
itself (`opinions.report_from_proposal`, called by the proposals module)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.opinions import demo
from lvzhi.opinions.actions import REPORT_ACTIONS
from lvzhi.opinions.duty import PRODUCERS
from lvzhi.opinions.figures import FIGURES
from lvzhi.opinions.selectors import proposal_links
from lvzhi.opinions.services import can_submit, report_from_proposal
from lvzhi.opinions.services.access import can_manage_any, can_read
from lvzhi.opinions.services.intake import report_from_deliberation
from lvzhi.opinions.todos import TODOS
from lvzhi.opinions.views.common import home_panel

# what the module notifies of; who is told how by default (lvzhi.delivery reads them)
NOTIFICATION_KINDS = [
    registry.NotificationKind(
        "opinions.received", _("收到社情民意信息"), defaults={"staff": "digest"}, roles=("staff",)
    ),
    registry.NotificationKind("opinions.progress", _("社情民意信息办理进展"), defaults={"member": "digest"}),
    registry.NotificationKind("opinions.instruction", _("领导批示")),
    registry.NotificationKind("opinions.adopted", _("信息被采用")),
]


registry.register(
    registry.Module(
        key="opinions",
        notification_kinds=NOTIFICATION_KINDS,
        label=_("社情民意"),
        menu=[
            registry.MenuEntry(
                _("我的信息"), "opinions:mine", todos=("opinions.returned",), icon="envelope-paper", allowed=can_submit
            ),
            registry.MenuEntry(_("报送信息"), "opinions:create", icon="pencil-square", allowed=can_submit),
            registry.MenuEntry(
                _("待处理"),
                "opinions:queue",
                todos=(
                    "opinions.review",
                    "opinions.publish",
                ),
                icon="inbox",
                allowed=can_manage_any,
            ),
            registry.MenuEntry(_("全部信息"), "opinions:list", icon="list-ul", allowed=can_read),
            registry.MenuEntry(_("《社情民意》期刊"), "opinions:issue_list", icon="journal-text", allowed=can_read),
            registry.MenuEntry(_("信息积分"), "opinions:points", icon="award", allowed=can_read),
            registry.MenuEntry(_("信息统计"), "opinions:figures", icon="bar-chart", allowed=can_read),
            registry.MenuEntry(_("信息设置"), "opinions:settings", icon="gear", allowed=can_manage_any),
        ],
        figures=FIGURES,
        exports=["opinions.reports"],
        duty_producers=PRODUCERS,
        demo_loaders=[demo.load],
        home_panels=[home_panel],
        links=[proposal_links],
        provides={
            "opinions.report_from_proposal": report_from_proposal,
            "opinions.report_from_deliberation": report_from_deliberation,
        },
        action_tables=[REPORT_ACTIONS],
        todos=TODOS,
    )
)
