"""What the learning module contributes to the registry: menu entries, figures, exports, duty
events, demo data, the member's home panel and the action tables."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.learning import demo
from lvzhi.learning.actions import GROUP_ACTIONS, MATERIAL_ACTIONS, REFLECTION_ACTIONS
from lvzhi.learning.duty import PRODUCERS
from lvzhi.learning.figures import FIGURES
from lvzhi.learning.models import reads_all
from lvzhi.learning.todos import TODOS
from lvzhi.learning.views.common import can_manage_any, can_use, home_panel, is_member


def _member_or_reader(user) -> bool:
    return is_member(user) or reads_all(user)


registry.register(
    registry.Module(
        key="learning",
        label=_("学习园地"),
        menu=[
            registry.MenuEntry(_("学习资料"), "learning:list", icon="book", allowed=can_use),
            registry.MenuEntry(_("学习心得"), "learning:reflections", icon="journal-text", allowed=_member_or_reader),
            registry.MenuEntry(_("读书群组"), "learning:groups", icon="people", allowed=_member_or_reader),
            registry.MenuEntry(_("必学完成情况"), "learning:completion_all", icon="clipboard-check", allowed=reads_all),
            registry.MenuEntry(_("学习专题"), "learning:topics", icon="tags", allowed=can_manage_any),
            registry.MenuEntry(_("学习统计"), "learning:figures", icon="bar-chart", allowed=reads_all),
        ],
        figures=FIGURES,
        exports=["learning.materials", "learning.reflections", "learning.completion"],
        duty_producers=PRODUCERS,
        demo_loaders=[demo.load],
        home_panels=[home_panel],
        action_tables=[MATERIAL_ACTIONS, REFLECTION_ACTIONS, GROUP_ACTIONS],
        todos=TODOS,
    )
)
