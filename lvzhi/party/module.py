"""What the party-building module contributes: its menu, figures, exports, duty events (contacts of
the 两个全覆盖 pairs), demo data and the action tables of its registers."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.party import demo
from lvzhi.party.actions import ACTION_TABLES
from lvzhi.party.duty import PRODUCERS
from lvzhi.party.figures import FIGURES
from lvzhi.party.selectors import can_read

registry.register(
    registry.Module(
        key="party",
        label=_("机关党建"),
        menu=[
            registry.MenuEntry(_("支部党员"), "party:member_list", icon="people", allowed=can_read),
            registry.MenuEntry(_("组织生活"), "party:meeting_list", icon="flag", allowed=can_read),
            registry.MenuEntry(_("谈心谈话"), "party:talk_list", icon="chat-heart", allowed=can_read),
            registry.MenuEntry(_("两个全覆盖"), "party:pair_list", icon="diagram-2", allowed=can_read),
            registry.MenuEntry(_("联系覆盖情况"), "party:coverage", icon="check2-all", allowed=can_read),
            registry.MenuEntry(_("机关党建统计"), "party:figures", icon="bar-chart", allowed=can_read),
        ],
        figures=FIGURES,
        exports=["party.members", "party.meetings", "party.talks", "party.pairs", "party.contacts"],
        duty_producers=PRODUCERS,
        demo_loaders=[demo.load],
        action_tables=list(ACTION_TABLES.values()),
    )
)
