from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import permissions, registry
from lvzhi.org.demo import load as load_demo
from lvzhi.org.figures import FIGURES
from lvzhi.org.panels import PANELS


def _can_read(user):
    return permissions.can_read(user, Permission.MEMBERS)


def _sysadmin(user):
    return user.has_role(Role.SYSADMIN)


registry.register(
    registry.Module(
        key="org",
        label=_("委员与组织"),
        menu=[
            registry.MenuEntry(pgettext_lazy("menu", "委员"), "org:member_list", icon="people", allowed=_can_read),
            registry.MenuEntry(
                pgettext_lazy("menu", "委员会"),
                "org:committee_list",
                icon="diagram-3",
                allowed=lambda u: _can_read(u) or _sysadmin(u),
            ),
            registry.MenuEntry(pgettext_lazy("menu", "界别"), "org:sector_list", icon="collection", allowed=_can_read),
            registry.MenuEntry(
                pgettext_lazy("menu", "专门委员会"), "org:special_committee_list", icon="bookmark", allowed=_can_read
            ),
            registry.MenuEntry(pgettext_lazy("menu", "参加单位"), "org:party_list", icon="flag", allowed=_can_read),
            registry.MenuEntry(pgettext_lazy("menu", "党支部"), "org:branch_list", icon="star", allowed=_can_read),
            registry.MenuEntry(pgettext_lazy("menu", "委员工作室"), "org:studio_list", icon="house", allowed=_can_read),
            registry.MenuEntry(pgettext_lazy("menu", "承办单位"), "org:unit_list", icon="building", allowed=_can_read),
            registry.MenuEntry(_("组织统计"), "org:dashboard", icon="bar-chart", allowed=_can_read),
        ],
        figures=FIGURES,
        exports=["org.members", "org.affiliations"],
        demo_loaders=[load_demo],
        home_panels=PANELS,
        key_figures=["org.studios", "org.years_of_service"],
        key_figures_order=900,  # after the lines of work
    )
)
