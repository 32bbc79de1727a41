from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.meetings.actions import TABLES as ACTION_TABLES
from lvzhi.meetings.demo import load as load_demo
from lvzhi.meetings.duty import PRODUCERS as DUTY_PRODUCERS
from lvzhi.meetings.figures import FIGURES
from lvzhi.meetings.models import reads_all_in_scope
from lvzhi.meetings.panels import home_panel
from lvzhi.meetings.services import is_member_user
from lvzhi.meetings.todos import TODOS


def _participant(user) -> bool:
    return reads_all_in_scope(user) or is_member_user(user)


# what the module notifies of; who is told how by default (lvzhi.delivery reads them)
NOTIFICATION_KINDS = [
    registry.NotificationKind("meetings.changed", _("会议议程变更"), mandatory=True),
    registry.NotificationKind("meetings.vote_open", _("表决开始"), mandatory=True),
    registry.NotificationKind("meetings.election_open", _("选举开始"), mandatory=True),
    registry.NotificationKind("meetings.minutes_published", _("会议纪要印发")),
]


registry.register(
    registry.Module(
        key="meetings",
        notification_kinds=NOTIFICATION_KINDS,
        label=_("会务"),
        menu=[
            registry.MenuEntry(
                _("会务"), "meetings:list", icon="easel", allowed=_participant, todos=tuple(k.key for k in TODOS)
            )
        ],
        todos=TODOS,
        duty_producers=DUTY_PRODUCERS,
        figures=FIGURES,
        exports=["meetings.seating_chart", "meetings.speech_booklet", "meetings.ballot_sheets"],
        demo_loaders=[load_demo],
        action_tables=ACTION_TABLES,
        home_panels=[home_panel],
    )
)
