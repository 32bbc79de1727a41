"""The change request's action table: the office approves or rejects, the member withdraws — the
detail page's buttons (`POST /directory/requests/<id>/<action>/`) and the API
(`POST /api/v1/profile-change-requests/{id}/<action>`) run the same services."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.directory import forms, services
from lvzhi.directory.schemas import DirectoryEmptyIn, DirectoryNoteIn


def _allowed(name):
    def available(user, change) -> bool:
        return any(
            change.state in rule.sources and rule.allowed(user, change)
            for rule in services.CHANGE_FLOW.rules.get(name, [])
        )

    return available


CHANGE_ACTIONS = ActionTable(
    key="profile_change_request",
    model="directory.ProfileChangeRequest",
    api_path="profile-change-requests",
    page_url="directory:request_action",
    actions=[
        Action(
            "approve",
            _("同意"),
            run=lambda actor, obj, data: services.approve_change_request(
                actor=actor, change=obj, note=data.get("note") or ""
            ),
            form=plain(forms.NoteForm),
            body=DirectoryNoteIn,
            available=_allowed("approve"),
            confirm=_("同意后将按申请修改该委员的资料。确定同意？"),
            done=_("已同意，资料已更新。"),
            style="success",
        ),
        Action(
            "reject",
            _("不同意"),
            run=lambda actor, obj, data: services.reject_change_request(
                actor=actor, change=obj, note=data.get("note") or ""
            ),
            form=plain(forms.RequiredNoteForm),
            body=DirectoryNoteIn,
            available=_allowed("reject"),
            confirm=_("不同意后这份申请结束，资料不作修改。确定不同意？"),
            done=_("已退回申请。"),
            style="outline-danger",
        ),
        Action(
            "withdraw",
            _("撤回"),
            run=lambda actor, obj, data: services.withdraw_change_request(actor=actor, change=obj),
            form=plain(forms.EmptyForm),
            body=DirectoryEmptyIn,
            available=_allowed("withdraw"),
            confirm=_("撤回后申请不再审核，可重新提交。确定撤回？"),
            done=_("已撤回申请。"),
            style="outline-secondary",
        ),
    ],
)
