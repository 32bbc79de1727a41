"""The notice's action table: the detail page's buttons and forms and
`POST /api/v1/notices/{id}/<action>`, over the same services."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.notices import services
from lvzhi.notices.forms import PublishForm, RemindForm, WithdrawForm
from lvzhi.notices.schemas import NoticePublishIn, NoticeRemindIn, NoticeWithdrawIn


def _in_flow(action: str):
    return lambda user, obj: any(rule.action == action for rule in services.NOTICE_FLOW.actions_for(obj, user))


NOTICE_ACTIONS = ActionTable(
    key="notice",
    model="notices.Notice",
    api_path="notices",
    page_url="notices:act",
    actions=[
        Action(
            "publish",
            _("发布"),
            run=lambda actor, obj, data: services.publish_notice(
                actor=actor, notice=obj, publish_at=data.get("publish_at"), note=data.get("note", "")
            ),
            form=plain(PublishForm),
            body=NoticePublishIn,
            available=_in_flow("publish"),
            confirm=_("发布后接收人即可看到并收到提醒，不能撤销发送。确定发布？"),
            done=_("已发布。"),
            style="success",
            description=_("发布通知：立即发布并通知接收人，或定时发布（届时接收人才能看到）。"),
        ),
        Action(
            "withdraw",
            _("撤回"),
            run=lambda actor, obj, data: services.withdraw_notice(
                actor=actor, notice=obj, reason=data.get("reason", "")
            ),
            form=plain(WithdrawForm),
            body=NoticeWithdrawIn,
            available=_in_flow("withdraw"),
            confirm=_("撤回后接收人将看不到这份通知，确定撤回？"),
            done=_("已撤回。"),
            style="outline-danger",
            description=_("撤回已发布的通知（须说明原因）。"),
        ),
        Action(
            "remind",
            _("提醒未读/未回执"),
            run=lambda actor, obj, data: services.remind_notice(actor=actor, notice=obj, note=data.get("note", "")),
            form=plain(RemindForm),
            body=NoticeRemindIn,
            available=lambda user, obj: obj.is_live and services.can_manage(user, obj.committee_id),
            done=_("已发送提醒。"),
            style="outline-primary",
            description=_("提醒尚未阅读的接收人；需要回执且未截止时，提醒尚未回执的接收人。"),
        ),
    ],
)

TABLES = [NOTICE_ACTIONS]
