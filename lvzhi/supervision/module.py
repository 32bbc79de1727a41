"""What the supervision module contributes: menu entries, figures, exports, duty events, demo data,
the links from a proposal or an opinion report to the litigation clues drawn from it, and the action
tables of its registers."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.supervision import demo
from lvzhi.supervision.actions import ACTION_TABLES
from lvzhi.supervision.duty import PRODUCERS as DUTY_PRODUCERS
from lvzhi.supervision.figures import FIGURES
from lvzhi.supervision.selectors import can_read, clue_links
from lvzhi.supervision.todos import TODOS

registry.register(
    registry.Module(
        key="supervision",
        label=_("监督与服务发展"),
        menu=[
            registry.MenuEntry(
                _("诉前调解"),
                "supervision:mediation_list",
                todos=("supervision.mediation",),
                icon="people",
                allowed=can_read,
            ),
            registry.MenuEntry(
                _("公益诉讼线索"),
                "supervision:clue_list",
                todos=("supervision.clue",),
                icon="shield-check",
                allowed=can_read,
            ),
            registry.MenuEntry(_("特邀监督员"), "supervision:post_list", icon="person-badge", allowed=can_read),
            registry.MenuEntry(_("招商考察"), "supervision:visit_list", icon="airplane", allowed=can_read),
            registry.MenuEntry(_("签约项目"), "supervision:project_list", icon="briefcase", allowed=can_read),
            registry.MenuEntry(_("包抓联企业"), "supervision:pair_list", icon="building", allowed=can_read),
            registry.MenuEntry(
                _("企业问题"),
                "supervision:problem_list",
                todos=(
                    "supervision.problem",
                    "supervision.my_problem",
                ),
                icon="tools",
                allowed=can_read,
            ),
            registry.MenuEntry(_("助力中心工作"), "supervision:support_list", icon="flag", allowed=can_read),
            registry.MenuEntry(
                _("帮办实事与解决问题"), "supervision:service_list", icon="hand-thumbs-up", allowed=can_read
            ),
            registry.MenuEntry(_("创城示范点"), "supervision:point_list", icon="geo-alt", allowed=can_read),
            registry.MenuEntry(_("友好政协"), "supervision:partner_list", icon="link-45deg", allowed=can_read),
            registry.MenuEntry(_("监督与发展统计"), "supervision:figures", icon="bar-chart", allowed=can_read),
        ],
        figures=FIGURES,
        exports=[
            "supervision.mediation",
            "supervision.clues",
            "supervision.posts",
            "supervision.visits",
            "supervision.projects",
            "supervision.pairs",
            "supervision.problems",
            "supervision.support",
            "supervision.partners",
            "supervision.service",
            "supervision.points",
        ],
        duty_producers=DUTY_PRODUCERS,
        demo_loaders=[demo.load],
        links=[clue_links],
        action_tables=list(ACTION_TABLES.values()),
        todos=TODOS,
    )
)
