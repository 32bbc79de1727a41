"""What the jobs contribute: the menu entries (every user's own jobs; the dead letters for the
system administrator) and the operation that turns a long download into a job, which core's list
exports call through the registry (`jobs.offload_download`)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.jobs.downloads import offload_download


def _signed_in(user) -> bool:
    return user.is_authenticated


def _sysadmin(user) -> bool:
    return user.has_role("sysadmin")


registry.register(
    registry.Module(
        key="jobs",
        label=_("后台任务"),
        menu=[
            registry.MenuEntry(_("我的后台任务"), "jobs:list", icon="hourglass-split", allowed=_signed_in),
            registry.MenuEntry(_("失败任务"), "jobs:dead_letters", icon="exclamation-octagon", allowed=_sysadmin),
        ],
        provides={"jobs.offload_download": offload_download},
        notification_kinds=[
            registry.NotificationKind("jobs.finished", _("后台任务完成"), channels=()),
            registry.NotificationKind("jobs.failed", _("后台任务失败"), channels=()),
        ],
    )
)
