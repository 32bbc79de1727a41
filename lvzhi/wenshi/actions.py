"""The action tables of 文史 work: the detail pages' buttons and forms and
`POST /api/v1/wenshi/<resource>/{id}/<action>`, over the same services."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.wenshi import services
from lvzhi.wenshi.choices import CirculationKind
from lvzhi.wenshi.forms import LoanReturnForm, NoteForm
from lvzhi.wenshi.schemas import CallNoteIn, LoanReturnIn, ManuscriptNoteIn

M = services.MANUSCRIPT_FLOW


def _review(name, label, service, *, style="outline-primary", confirm="", done="", description=""):
    return Action(
        name,
        label,
        run=lambda actor, obj, data: service(actor=actor, manuscript=obj, note=data.get("note") or ""),
        form=plain(NoteForm),
        body=ManuscriptNoteIn,
        available=services.in_flow(M, name),
        style=style,
        confirm=confirm,
        done=done,
        description=description,
    )


MANUSCRIPT_ACTIONS = ActionTable(
    key="wenshi_manuscript",
    model="wenshi.Manuscript",
    api_path="wenshi/manuscripts",
    page_url="wenshi:manuscript_action",
    actions=[
        _review(
            "pass",
            _("初审通过"),
            services.pass_manuscript,
            style="primary",
            done=_("初审通过，转入复审。"),
            description=_("初审通过，转复审（可附审稿意见）。"),
        ),
        _review(
            "adopt",
            _("复审采用"),
            services.adopt_manuscript,
            style="success",
            confirm=_("采用后稿件定稿，不能再退改。确定采用？"),
            done=_("稿件已采用。"),
            description=_("复审采用；采用后可编入出版物目录。"),
        ),
        _review(
            "return",
            _("退改"),
            services.return_manuscript,
            style="outline-secondary",
            done=_("已退回作者修改。"),
            description=_("退回作者修改（须写明修改意见）。"),
        ),
        _review(
            "reject",
            _("不用"),
            services.reject_manuscript,
            style="outline-danger",
            confirm=_("标记为不用后稿件不能再修改或采用。确定不用？"),
            done=_("已标记为不用。"),
            description=_("不予采用（须说明理由）。"),
        ),
        _review(
            "resubmit",
            _("修改后重新提交"),
            services.resubmit_manuscript,
            style="primary",
            confirm=_("重新提交后等待初审，不能再修改。确定提交？"),
            done=_("已重新提交，等待初审。"),
            description=_("作者修改后重新提交初审。"),
        ),
    ],
)

CALL_ACTIONS = ActionTable(
    key="wenshi_call",
    model="wenshi.Call",
    api_path="wenshi/calls",
    page_url="wenshi:call_action",
    actions=[
        Action(
            "publish",
            _("发布"),
            run=lambda actor, obj, data: services.publish_call(actor=actor, call=obj, note=data.get("note") or ""),
            form=plain(NoteForm),
            body=CallNoteIn,
            available=services.in_flow(services.CALL_FLOW, "publish"),
            style="success",
            confirm=_("发布后委员即收到征稿通知。确定发布？"),
            done=_("征稿启事已发布，委员已收到通知。"),
        ),
        Action(
            "close",
            _("截止征集"),
            run=lambda actor, obj, data: services.close_call(actor=actor, call=obj, note=data.get("note") or ""),
            form=plain(NoteForm),
            body=CallNoteIn,
            available=services.in_flow(services.CALL_FLOW, "close"),
            style="outline-secondary",
            confirm=_("截止后委员不能再投稿。确定截止征集？"),
            done=_("已截止征集。"),
        ),
    ],
)

CIRCULATION_ACTIONS = ActionTable(
    key="wenshi_circulation",
    model="wenshi.Circulation",
    api_path="wenshi/circulations",
    page_url="wenshi:circulation_action",
    actions=[
        Action(
            "return",
            _("登记归还"),
            run=lambda actor, obj, data: services.return_loan(actor=actor, circulation=obj, data=data),
            form=plain(LoanReturnForm),
            body=LoanReturnIn,
            available=lambda user, obj: (
                obj.kind == CirculationKind.LOAN and not obj.returned_on and services.can_manage(user, obj.committee_id)
            ),
            done=_("已登记归还。"),
        ),
    ],
)

TABLES = [MANUSCRIPT_ACTIONS, CALL_ACTIONS, CIRCULATION_ACTIONS]
