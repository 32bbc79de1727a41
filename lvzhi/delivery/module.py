"""What the message channels contribute to the registry: the user's settings page in the menu, the
committee's policy page for its office, and the kinds of message the mechanism itself sends."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.core.permissions import can_manage, is_authenticated
from lvzhi.delivery.policy import GENERAL
from lvzhi.delivery.services import POLICY_PERMISSION


def _has_settings(user) -> bool:
    return is_authenticated(user) and not user.is_admin_role


def _manages_policy(user) -> bool:
    return (
        is_authenticated(user)
        and user.committee_id is not None
        and can_manage(user, user.committee_id, POLICY_PERMISSION)
    )


NOTIFICATION_KINDS = [
    registry.NotificationKind(GENERAL, _("其他消息")),
    registry.NotificationKind("delivery.sms_budget", _("短信额度提醒"), channels=("wecom", "email"), roles=("staff",)),
]

registry.register(
    registry.Module(
        key="delivery",
        label=_("消息渠道"),
        notification_kinds=NOTIFICATION_KINDS,
        menu=[
            registry.MenuEntry(_("消息接收设置"), "delivery:settings_edit", icon="bell", allowed=_has_settings),
            registry.MenuEntry(
                _("短信额度与必达消息"), "delivery:policy_edit", icon="sliders", allowed=_manages_policy
            ),
        ],
    )
)
