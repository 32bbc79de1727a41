"""What the statistics module contributes: the dashboards, the figures catalogue, the summary
generator, and the register of regulations (with its figures and demo data)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.stats import demo, library
from lvzhi.stats.actions import REGULATION_ACTIONS
from lvzhi.stats.figures import FIGURES
from lvzhi.stats.selectors import can_read as _reader

registry.register(
    registry.Module(
        key="regulations",
        label=_("制度机制"),
        menu=[
            registry.MenuEntry(_("图书馆"), "stats:library", icon="book", allowed=library.can_read_library),
            registry.MenuEntry(_("制度机制"), "stats:regulation_list", icon="journal-bookmark", allowed=_reader),
        ],
        figures=FIGURES,
        exports=["regulations.list"],
        action_tables=[REGULATION_ACTIONS],
    )
)
registry.register(
    registry.Module(
        key="stats",
        label=_("统计分析"),
        menu=[
            registry.MenuEntry(_("统计总览"), "stats:overview", icon="speedometer2", allowed=_reader),
            registry.MenuEntry(_("大屏"), "stats:screen", icon="display", allowed=_reader),
            registry.MenuEntry(_("统计口径"), "stats:catalogue", icon="list-columns", allowed=_reader),
            registry.MenuEntry(_("工作综述"), "stats:summary_list", icon="file-earmark-richtext", allowed=_reader),
            registry.MenuEntry(_("年度数据包"), "stats:year_pack", icon="file-earmark-spreadsheet", allowed=_reader),
        ],
        exports=["stats.records", "stats.summary", "stats.year_pack"],
        demo_loaders=[demo.load],
    )
)
