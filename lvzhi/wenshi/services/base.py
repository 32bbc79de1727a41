"""Who may do what in 文史 work, and the manuscript's review workflow:

submitted (待初审) --pass--> reviewing (待复审) --adopt--> adopted (采用)
     |  \\--return--> returned (退改) --resubmit--> submitted
     \\--reject--> rejected (不用)         reviewing --return/reject--> returned / rejected
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import permissions
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.wenshi.choices import CallState, ManuscriptState
from lvzhi.wenshi.models import PERMISSION, reads_office

S = ManuscriptState


def can_manage(user, committee) -> bool:
    return permissions.can_manage(user, committee, PERMISSION)


def require_manage(user, committee) -> None:
    permissions.require_manage(user, committee, PERMISSION, hide_out_of_scope=True)


def can_read(user) -> bool:
    return reads_office(user)


def is_member_user(user) -> bool:
    return permissions.is_member_user(user)


def may_submit(user) -> bool:
    """Members send in their own clues and manuscripts; the office registers anyone's."""
    return is_member_user(user) or (can_read(user) and permissions.is_authenticated(user) and bool(user.committee_id))


def _office(user, obj) -> bool:
    return can_manage(user, obj.committee_id)


def is_author(user, obj) -> bool:
    if not permissions.is_authenticated(user):
        return False
    return obj.submitted_by_id == user.pk or (bool(user.member_id) and obj.member_id == user.member_id)


def _needs_text(obj):
    if not (obj.text or obj.transcript or obj.attachments.exists()):
        return _("稿件没有正文、整理稿或附件，不能采用。")
    return None


MANUSCRIPT_FLOW = Workflow(
    field="state",
    rules=[
        Rule("pass", [S.SUBMITTED], S.REVIEWING, allowed=_office, label=gettext_lazy("初审通过")),
        Rule(
            "adopt", [S.REVIEWING], S.ADOPTED, allowed=_office, precondition=_needs_text, label=gettext_lazy("复审采用")
        ),
        Rule("return", [S.SUBMITTED, S.REVIEWING], S.RETURNED, allowed=_office, label=gettext_lazy("退改")),
        Rule("reject", [S.SUBMITTED, S.REVIEWING], S.REJECTED, allowed=_office, label=gettext_lazy("不用")),
        Rule("resubmit", [S.RETURNED], S.SUBMITTED, allowed=is_author, label=gettext_lazy("修改后重新提交")),
    ],
)

CALL_FLOW = Workflow(
    field="state",
    rules=[
        Rule("publish", [CallState.DRAFT], CallState.PUBLISHED, allowed=_office, label=gettext_lazy("发布")),
        Rule("close", [CallState.PUBLISHED], CallState.CLOSED, allowed=_office, label=gettext_lazy("截止征集")),
    ],
)


def in_flow(flow: Workflow, action: str):
    """Available when the workflow allows this user the step from the record's current state."""
    return lambda user, obj: any(rule.action == action for rule in flow.actions_for(obj, user))
