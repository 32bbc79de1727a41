"""The topic's action table: it drives the detail page's buttons and forms and the API's
`POST /api/v1/topics/{id}/<action>`, over the same services (`lvzhi.core.actions`)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry
from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.deliberation import services
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.forms import AttachForm, DistilForm, HidePostForm, NoteForm, ProposeForm, ReportForm
from lvzhi.deliberation.schemas import (
    TopicAttachIn,
    TopicDistilIn,
    TopicHidePostIn,
    TopicNoteIn,
    TopicProposeIn,
    TopicReportIn,
)


def _with_topic(form_class):
    return lambda obj, user, data=None, files=None: form_class(data, files, topic=obj)


def _distilled_without(field: str, operation: str):
    """The office, on a distilled topic whose outcome has not yet become this (and the module that
    writes it is installed)."""

    def available(user, obj):
        if obj.state != TopicState.DISTILLED or not services.can_manage(user, obj.committee_id):
            return False
        outcome = getattr(obj, "outcome", None)
        return outcome is not None and getattr(outcome, field) is None and registry.is_provided(operation)

    return available


def _may_hide(user, obj):
    return obj.state != TopicState.DRAFT and services.can_manage(user, obj.committee_id)


TOPIC_ACTIONS = ActionTable(
    key="topic",
    model="deliberation.Topic",
    api_path="topics",
    page_url="deliberation:action",
    actions=[
        Action(
            "open",
            _("发布"),
            run=lambda actor, obj, data: services.open_topic(actor=actor, topic=obj, note=data.get("note", "")),
            form=plain(NoteForm),
            body=TopicNoteIn,
            available=services.in_flow("open"),
            confirm=_("发布后范围内的委员即可看到议题并发言，确定发布？"),
            done=_("议题已发布。"),
            style="success",
            description=_("发布议题（草稿 → 征集中），并通知范围内的委员。"),
        ),
        Action(
            "close",
            _("结束征集"),
            run=lambda actor, obj, data: services.close_topic(actor=actor, topic=obj, note=data.get("note", "")),
            form=plain(NoteForm),
            body=TopicNoteIn,
            available=services.in_flow("close"),
            confirm=_("结束后委员不能再发言，确定结束？"),
            done=_("征集已结束。"),
            style="outline-dark",
            description=_("结束征集（征集中 → 已结束）。"),
        ),
        Action(
            "distil",
            _("形成成果"),
            run=lambda actor, obj, data: services.distil_topic(
                actor=actor,
                topic=obj,
                summary=data.get("summary", ""),
                suggestions=data.get("suggestions", ""),
                posts=data.get("posts") or [],
            ),
            form=_with_topic(DistilForm),
            body=TopicDistilIn,
            available=services.in_flow("distil"),
            confirm=_("形成成果后议题办结。确定形成成果？"),
            done=_("成果已形成。"),
            style="primary",
            description=_("由已结束的议题形成成果：综述、主要建议和所依据的发言（已结束 → 已形成成果）。"),
        ),
        Action(
            "hide-post",
            _("屏蔽发言"),
            run=lambda actor, obj, data: services.hide_post(
                actor=actor, topic=obj, post=data.get("post"), reason=data.get("reason", "")
            ),
            form=plain(HidePostForm),
            body=TopicHidePostIn,
            available=_may_hide,
            done=_("发言已屏蔽。"),
            style="outline-danger",
            description=_("屏蔽一条发言并写明理由（记入审计日志）；委员不再看到它。"),
        ),
        Action(
            "propose",
            _("转为提案"),
            run=lambda actor, obj, data: services.propose_from_topic(
                actor=actor, topic=obj, proposer=data.get("proposer"), title=data.get("title", "")
            ),
            form=_with_topic(ProposeForm),
            body=TopicProposeIn,
            available=_distilled_without("proposal", services.DRAFT_PROPOSAL),
            done=_("已生成提案草稿，附议委员将收到确认通知。"),
            description=_("由成果生成联名提案草稿：发言委员为提案人和附议人，附议人须各自确认。"),
        ),
        Action(
            "report",
            _("转为社情民意信息"),
            run=lambda actor, obj, data: services.report_from_topic(
                actor=actor, topic=obj, title=data.get("title", "")
            ),
            form=plain(ReportForm),
            body=TopicReportIn,
            available=_distilled_without("report", services.REPORT),
            done=_("已转为社情民意信息。"),
            description=_("由成果生成一条已报送的社情民意信息，署名为发言委员。"),
        ),
        Action(
            "attach",
            _("纳入活动成果"),
            run=lambda actor, obj, data: services.attach_to_activity(
                actor=actor, topic=obj, activity=data.get("activity")
            ),
            form=_with_topic(AttachForm),
            body=TopicAttachIn,
            available=_distilled_without("activity_outcome", services.ACTIVITY_OUTCOME),
            done=_("已纳入活动成果。"),
            description=_("把成果登记为某次活动的协商成果（草稿）。"),
        ),
    ],
)

TABLES = [TOPIC_ACTIONS]
