from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import registry
from lvzhi.opinions.duty import PRODUCERS
from lvzhi.opinions.figures import FIGURES


def _can_read(user):
    return user.can_read_module(Permission.OPINIONS)


def _can_manage(user):
    return user.has_module_perm(Permission.OPINIONS)


def _can_submit(user):
    from lvzhi.opinions.services import can_submit

    return can_submit(user)


def _submitter_or_reader(user):
    return _can_read(user) or _can_submit(user)


def _demo(**kwargs):
    from lvzhi.opinions.demo import load

    return load(**kwargs)


def _home_panel(request):
    from lvzhi.opinions.views.common import home_panel

    return home_panel(request)


registry.register(
    registry.Module(
        key="opinions",
        label=_("社情民意"),
        menu=[
            registry.MenuEntry(_("我的信息"), "opinions:mine", icon="envelope-paper", allowed=_can_submit),
            registry.MenuEntry(_("报送信息"), "opinions:create", icon="pencil-square", allowed=_can_submit),
            registry.MenuEntry(_("待处理"), "opinions:queue", icon="inbox", allowed=_can_manage),
            registry.MenuEntry(_("全部信息"), "opinions:list", icon="list-ul", allowed=_can_read),
            registry.MenuEntry(_("《社情民意》期刊"), "opinions:issue_list", icon="journal-text", allowed=_can_read),
            registry.MenuEntry(_("信息积分"), "opinions:points", icon="award", allowed=_can_read),
            registry.MenuEntry(_("信息统计"), "opinions:figures", icon="bar-chart", allowed=_can_read),
            registry.MenuEntry(_("信息设置"), "opinions:settings", icon="gear", allowed=_can_manage),
        ],
        figures=FIGURES,
        exports=["opinions.reports"],
        duty_producers=PRODUCERS,
        demo_loaders=[_demo],
        home_panels=[_home_panel],
    )
)
