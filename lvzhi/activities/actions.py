"""The action tables of meetings and activities: each drives the page's buttons and forms and the
API's `POST /api/v1/<api_path>/{id}/<action>`, over the same services (`lvzhi.core.actions`)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.activities import services
from lvzhi.activities.forms import FollowUpForm, InstructionForm, NoteForm, SendForm
from lvzhi.activities.schemas import ActivityNoteIn, OutcomeFollowUpIn, OutcomeInstructIn, OutcomeSendIn
from lvzhi.core.actions import Action, ActionTable, plain


def _in_flow(workflow, action: str):
    """Available when the workflow allows this user the step from the object's current state."""
    return lambda user, obj: any(rule.action == action for rule in workflow.actions_for(obj, user))


ACTIVITY_ACTIONS = ActionTable(
    key="activity",
    model="activities.Activity",
    api_path="activities",
    page_url="activities:action",
    actions=[
        Action(
            "finish",
            _("结束活动"),
            run=lambda actor, obj, data: services.finish_activity(actor=actor, activity=obj, note=data.get("note", "")),
            form=plain(NoteForm),
            body=ActivityNoteIn,
            available=_in_flow(services.ACTIVITY_FLOW, "finish"),
            confirm=_("结束后未签到且未准假的委员将记为缺席，确定结束？"),
            done=_("活动已结束；未签到且未准假的委员记为缺席。"),
            style="success",
            description=_("结束活动：受邀委员中既未签到又未准假的记为缺席。活动开始前不能结束。"),
        ),
        Action(
            "cancel",
            _("取消活动"),
            run=lambda actor, obj, data: services.cancel_activity(actor=actor, activity=obj, note=data.get("note", "")),
            form=plain(NoteForm),
            body=ActivityNoteIn,
            available=_in_flow(services.ACTIVITY_FLOW, "cancel"),
            confirm=_("确定取消该活动？"),
            done=_("活动已取消。"),
            style="outline-dark",
            description=_("取消计划中的活动，并通知受邀委员。"),
        ),
    ],
)

OUTCOME_ACTIONS = ActionTable(
    key="outcome",
    model="activities.Outcome",
    api_path="activities/outcomes",
    page_url="activities:outcome_action",
    actions=[
        Action(
            "send",
            _("报送"),
            run=lambda actor, obj, data: services.send_outcome(
                actor=actor, outcome=obj, sent_to=data.get("sent_to", ""), sent_on=data.get("sent_on")
            ),
            form=plain(SendForm),
            body=OutcomeSendIn,
            available=_in_flow(services.OUTCOME_FLOW, "send"),
            confirm=_("报送后不能撤回，成果将送达所选对象。确定报送？"),
            done=_("已报送。"),
            style="danger",
            description=_("报送成果（草稿 → 已报送）；报送日期默认今天。"),
        ),
        Action(
            "instruct",
            _("登记批示"),
            run=lambda actor, obj, data: services.record_instruction(
                actor=actor, outcome=obj, instructions=data.get("instructions", "")
            ),
            form=plain(InstructionForm),
            body=OutcomeInstructIn,
            available=_in_flow(services.OUTCOME_FLOW, "instruct"),
            done=_("批示已登记。"),
            style="outline-danger",
            description=_("登记领导批示（可多次，依次追加）。"),
        ),
        Action(
            "act",
            _("登记落实"),
            run=lambda actor, obj, data: services.record_follow_up(
                actor=actor, outcome=obj, follow_up=data.get("follow_up", "")
            ),
            form=plain(FollowUpForm),
            body=OutcomeFollowUpIn,
            available=_in_flow(services.OUTCOME_FLOW, "act"),
            done=_("落实情况已登记。"),
            style="outline-success",
            description=_("登记落实情况（已报送或已批示 → 已落实）。"),
        ),
    ],
)

TABLES = [ACTIVITY_ACTIONS, OUTCOME_ACTIONS]
