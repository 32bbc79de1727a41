"""What the directory module contributes to the registry."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions, registry
from lvzhi.directory.actions import CHANGE_ACTIONS
from lvzhi.directory.choices import ChangeState
from lvzhi.directory.demo import load as load_demo
from lvzhi.directory.figures import FIGURES
from lvzhi.directory.models import ProfileChangeRequest
from lvzhi.directory.selectors import can_browse


def _office(user) -> bool:
    return user.has_module_perm(Permission.MEMBERS)


def _pending(user):
    """Requests awaiting this officer's decision (the office of the members module, in scope)."""
    if not _office(user):
        return ProfileChangeRequest.objects.none()
    return ProfileChangeRequest.objects.visible_to(user).filter(state=ChangeState.PENDING)


def _todo_rows(user):
    """The requests awaiting this officer, oldest first (none asked of anyone else)."""
    if not _office(user):
        return None
    return _pending(user).select_related("member").order_by("created_at", "id")


def _todo(r):
    return registry.Todo(
        title=str(_("%(name)s的资料变更申请") % {"name": r.member.name}),
        url=reverse("directory:request_detail", args=[r.pk]),
    )


# what the module notifies of; who is told how by default (lvzhi.delivery reads them)
NOTIFICATION_KINDS = [
    registry.NotificationKind(
        "directory.change", _("资料变更申请"), defaults={"staff": "digest"}, roles=("staff", "member")
    ),
]


registry.register(
    registry.Module(
        key="directory",
        notification_kinds=NOTIFICATION_KINDS,
        label=_("委员风采"),
        menu=[
            registry.MenuEntry(_("委员风采"), "directory:list", icon="person-badge", allowed=can_browse),
            registry.MenuEntry(
                _("我的风采"), "directory:profile", icon="person-vcard", allowed=permissions.is_member_user
            ),
            registry.MenuEntry(_("资料变更申请"), "directory:requests", icon="inbox", allowed=_office),
            registry.MenuEntry(
                _("委员风采统计"),
                "directory:figures",
                icon="bar-chart",
                allowed=lambda user: permissions.can_read(user, Permission.MEMBERS),
            ),
        ],
        figures=FIGURES,
        exports=["directory.members", "directory.change_requests"],
        demo_loaders=[load_demo],
        action_tables=[CHANGE_ACTIONS],
        todos=[
            registry.TodoKind(
                key="directory.review",
                label=_("待审核的委员资料变更申请"),
                rows=_todo_rows,
                todo=_todo,
                late=registry.never_late,
                url=lambda user: reverse("directory:requests") + "?state=pending",
            )
        ],
    )
)
