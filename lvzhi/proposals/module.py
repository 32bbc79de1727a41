"""What the proposals module contributes: menu entries, figures, duty events, demo data, the home
panel, its action tables, and the unit chart the statistics dashboard asks for."""

from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import registry
from lvzhi.proposals.actions import TABLES as ACTION_TABLES
from lvzhi.proposals.demo import load as load_demo
from lvzhi.proposals.duty import PRODUCERS as DUTY_PRODUCERS
from lvzhi.proposals.figures import FIGURES
from lvzhi.proposals.selectors import unit_chart
from lvzhi.proposals.services.intake import draft_from_deliberation
from lvzhi.proposals.todos import TODOS
from lvzhi.proposals.views.lists import home_panel


def _member(user):
    return bool(user.member_id) and user.has_role(Role.MEMBER)


def _reader(user):
    return user.can_read_module(Permission.PROPOSALS)


def _office(user):
    return user.has_module_perm(Permission.PROPOSALS)


def _unit(user):
    return bool(user.unit_id) and user.has_role(Role.UNIT)


# what the module notifies of; who is told how by default (lvzhi.delivery reads them)
NOTIFICATION_KINDS = [
    registry.NotificationKind("proposals.submitted", _("新提案待审查"), defaults={"staff": "digest"}, roles=("staff",)),
    registry.NotificationKind("proposals.filed", _("提案立案")),
    registry.NotificationKind("proposals.review", _("提案审查结果与办结")),
    registry.NotificationKind("proposals.assigned", _("提案交办")),
    registry.NotificationKind("proposals.replied", _("提案答复")),
    registry.NotificationKind(
        "proposals.handling",
        _("办理过程（调整、延期、会办、评价）"),
        defaults={"staff": "digest"},
        roles=("staff", "unit"),
    ),
    registry.NotificationKind("proposals.cosign", _("联名提案"), roles=("member",)),
    registry.NotificationKind("proposals.reply_due", _("答复期限临近"), roles=("unit", "staff")),
    registry.NotificationKind("proposals.overdue", _("逾期未答复"), roles=("unit", "staff")),
]


registry.register(
    registry.Module(
        key="proposals",
        notification_kinds=NOTIFICATION_KINDS,
        label=_("提案"),
        menu=[
            registry.MenuEntry(
                _("我的提案"),
                "proposals:mine",
                todos=(
                    "proposals.confirm",
                    "proposals.rate",
                ),
                icon="file-earmark-text",
                allowed=_member,
            ),
            registry.MenuEntry(
                _("撰写提案"), "proposals:create", icon="pencil-square", allowed=lambda u: _member(u) or _office(u)
            ),
            registry.MenuEntry(
                _("提案审查"), "proposals:review", todos=("proposals.review",), icon="clipboard-check", allowed=_reader
            ),
            registry.MenuEntry(_("全部提案"), "proposals:list", icon="files", allowed=_reader),
            registry.MenuEntry(
                _("交办办理"),
                "proposals:inbox",
                todos=(
                    "proposals.sign",
                    "proposals.reply",
                ),
                icon="inbox",
                allowed=lambda u: _unit(u) or _reader(u),
            ),
            registry.MenuEntry(_("提案统计"), "proposals:dashboard", icon="bar-chart-line", allowed=_reader),
            registry.MenuEntry(_("承办单位办理情况"), "proposals:performance", icon="building-check", allowed=_reader),
            registry.MenuEntry(_("提案工作规则"), "proposals:rules", icon="sliders", allowed=_office),
        ],
        figures=FIGURES,
        key_figures=[
            "proposals.received",
            "proposals.filed",
            "proposals.handled",
            "proposals.replied_on_time",
            "proposals.satisfaction",
        ],
        duty_producers=DUTY_PRODUCERS,
        exports=[
            "proposals.list",
            "proposals.form",
            "proposals.compilation",
            "proposals.overview",
            "proposals.performance",
        ],
        demo_loaders=[load_demo],
        home_panels=[home_panel],
        action_tables=ACTION_TABLES,
        todos=TODOS,
        provides={"proposals.unit_chart": unit_chart, "proposals.draft_from_deliberation": draft_from_deliberation},
    )
)
