"""What the duty records module contributes: menu entries, its own duty producer, demo data and a
home panel. Registered last (INSTALLED_APPS order), so its demo loader runs after every other."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.duties import ledger
from lvzhi.duties.demo import load as load_demo
from lvzhi.duties.figures import FIGURES
from lvzhi.duties.producers import PRODUCERS
from lvzhi.duties.selectors import can_read as _reader
from lvzhi.duties.selectors import is_member as _member
from lvzhi.duties.todos import TODOS

# what the module notifies of; who is told how by default (lvzhi.delivery reads them)
NOTIFICATION_KINDS = [
    registry.NotificationKind("duties.annual_report", _("年度述职"), roles=("member",)),
    registry.NotificationKind("duties.assessment", _("履职考核结果"), roles=("member",)),
]


registry.register(
    registry.Module(
        key="duties",
        notification_kinds=NOTIFICATION_KINDS,
        label=_("履职档案"),
        menu=[
            registry.MenuEntry(_("我的履职档案"), "duties:my_record", icon="person-vcard", allowed=_member),
            registry.MenuEntry(
                _("我的述职"),
                "duties:my_report",
                todos=(
                    "duties.report",
                    "duties.returned",
                ),
                icon="journal-text",
                allowed=_member,
            ),
            registry.MenuEntry(_("履职排名"), "duties:ranking", icon="trophy", allowed=_reader),
            registry.MenuEntry(_("无履职记录委员"), "duties:inactive", icon="person-exclamation", allowed=_reader),
            registry.MenuEntry(
                _("年度述职"), "duties:reports", todos=("duties.review",), icon="journal-check", allowed=_reader
            ),
            registry.MenuEntry(_("年度考核"), "duties:assessments", icon="award", allowed=_reader),
            registry.MenuEntry(_("积分办法"), "duties:scheme", icon="sliders", allowed=_reader),
            registry.MenuEntry(_("履职基本要求"), "duties:targets", icon="list-check", allowed=_reader),
        ],
        exports=["duties.record", "duties.ranking", "duties.inactive", "duties.assessments"],
        figures=FIGURES,
        duty_producers=PRODUCERS,
        demo_loaders=[load_demo],
        todos=TODOS,
        derived_stores=[ledger.sync],  # services call registry.sync_derived(...) after their writes
    )
)
