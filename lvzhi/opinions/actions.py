"""The report's action table: one declaration per step of the loop drives the detail page's buttons,
its forms (`POST /opinions/<id>/<action>/`) and the API (`POST /api/v1/opinions/{id}/<action>`).
Each action runs the same service with the same field names from either side; the workflow
(`services.REPORT_FLOW`) decides which buttons a user sees."""

from django.utils.translation import gettext_lazy

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.opinions import forms, services
from lvzhi.opinions.schemas import (
    OpinionAdoptIn,
    OpinionCombineIn,
    OpinionEditIn,
    OpinionEmptyIn,
    OpinionFeedbackIn,
    OpinionHandleIn,
    OpinionInstructIn,
    OpinionNoteIn,
    OpinionPublishIn,
    OpinionReasonIn,
    OpinionSendIn,
)


def _allowed(name):
    """Shown when the workflow has a rule for this action from the report's state that the user may
    take (preconditions are the service's to check, with their message)."""

    def available(user, report) -> bool:
        return any(
            report.state in rule.sources and rule.allowed(user, report)
            for rule in services.REPORT_FLOW.rules.get(name, [])
        )

    return available


def _publish(actor, report, data):
    """In one of the committee's issues, or ("new", from the page) the next one of its kind."""
    return services.publish_report(
        actor=actor, report=report, issue=data.get("issue"), issue_kind=data.get("issue_kind")
    )


def _forward(actor, report, data):
    services.forward_report(actor=actor, report=report)


def _edit(actor, report, data):
    return services.edit_report(
        actor=actor, report=report, title=data["title"], content=data["content"], suggestions=data["suggestions"]
    )


REPORT_ACTIONS = ActionTable(
    key="opinion",
    model="opinions.OpinionReport",
    api_path="opinions",
    page_url="opinions:action",
    actions=[
        Action(
            "submit",
            gettext_lazy("提交"),
            run=lambda actor, report, data: services.submit_report(actor=actor, report=report),
            form=plain(forms.NoFieldsForm),
            body=OpinionEmptyIn,
            available=_allowed("submit"),
            confirm=gettext_lazy("提交后不能再修改，信息将交机关审核。确定提交？"),
            done=gettext_lazy("已提交。"),
            style="danger",
        ),
        Action(
            "accept",
            gettext_lazy("采用编辑"),
            run=lambda actor, report, data: services.accept_report(actor=actor, report=report),
            form=plain(forms.NoFieldsForm),
            body=OpinionEmptyIn,
            available=_allowed("accept"),
            confirm=gettext_lazy("采用后信息进入编辑，报送人不能再修改。确定采用？"),
            done=gettext_lazy("已采用，进入编辑。"),
            style="success",
        ),
        Action(
            "reject",
            gettext_lazy("不采用"),
            run=lambda actor, report, data: services.reject_report(actor=actor, report=report, reason=data["reason"]),
            form=plain(forms.ReasonForm),
            body=OpinionReasonIn,
            available=_allowed("reject"),
            confirm=gettext_lazy("不采用后这条信息办理结束。确定不采用？"),
            done=gettext_lazy("已不予采用。"),
            style="outline-danger",
        ),
        Action(
            "return",
            gettext_lazy("退回修改"),
            run=lambda actor, report, data: services.return_report(actor=actor, report=report, note=data["note"]),
            form=plain(forms.NoteForm),
            body=OpinionNoteIn,
            available=_allowed("return"),
            done=gettext_lazy("已退回修改。"),
            style="outline-warning",
        ),
        Action(
            "edit",
            gettext_lazy("编辑"),
            run=_edit,
            form=plain(forms.EditForm),
            body=OpinionEditIn,
            available=_allowed("edit"),
            done=gettext_lazy("编辑稿已保存，原稿保留。"),
            description=gettext_lazy("编辑稿（原稿保留）"),
        ),
        Action(
            "combine",
            gettext_lazy("合并"),
            run=lambda actor, report, data: services.combine_reports(actor=actor, report=report, others=data["others"]),
            form=plain(forms.CombineForm),
            body=OpinionCombineIn,
            available=_allowed("combine"),
            confirm=gettext_lazy("合并后所选信息并入这一条，不能拆分。确定合并？"),
            done=gettext_lazy("已合并，署名全部报送人。"),
            description=gettext_lazy("将其他信息并入本条，署名全部报送人"),
        ),
        Action(
            "publish",
            gettext_lazy("编发"),
            run=_publish,
            form=plain(forms.PublishForm),
            body=OpinionPublishIn,
            available=_allowed("publish"),
            confirm=gettext_lazy("编发后信息编入所选一期并编号，不能撤回。确定编发？"),
            done=gettext_lazy("已编发。"),
            description=gettext_lazy("编入本委员会的一期《社情民意》或专报"),
        ),
        Action(
            "send",
            gettext_lazy("报送"),
            run=lambda actor, report, data: services.send_report(
                actor=actor, report=report, recipients=data["recipients"], date=data.get("date")
            ),
            form=plain(forms.SendForm),
            body=OpinionSendIn,
            available=_allowed("send"),
            confirm=gettext_lazy("报送后不能撤回，信息将送达所选对象。确定报送？"),
            done=gettext_lazy("已报送。"),
        ),
        Action(
            "forward",
            gettext_lazy("上报上级政协"),
            run=_forward,
            form=plain(forms.NoFieldsForm),
            body=OpinionEmptyIn,
            available=_allowed("forward"),
            confirm=gettext_lazy("上报后上级政协即可看到这条信息，不能撤回。确定上报？"),
            done=gettext_lazy("已上报上级政协。"),
            description=gettext_lazy("上级政协收到一条由本委员会报送的信息"),
        ),
        Action(
            "instruct",
            gettext_lazy("登记批示"),
            run=lambda actor, report, data: services.record_instruction(
                actor=actor,
                report=report,
                leader=data["leader"],
                position=data["position"],
                level=data["level"],
                date=data.get("date"),
                text=data["text"],
            ),
            form=plain(forms.InstructForm),
            body=OpinionInstructIn,
            available=_allowed("instruct"),
            done=gettext_lazy("批示已登记。"),
        ),
        Action(
            "adopt",
            gettext_lazy("登记采用"),
            run=lambda actor, report, data: services.record_adoption(
                actor=actor,
                report=report,
                by=data["by"],
                body=data.get("body", ""),
                reference=data.get("reference", ""),
                date=data.get("date"),
            ),
            form=plain(forms.AdoptForm),
            body=OpinionAdoptIn,
            available=_allowed("adopt"),
            done=gettext_lazy("采用情况已登记。"),
        ),
        Action(
            "handle",
            gettext_lazy("登记落实情况"),
            run=lambda actor, report, data: services.record_handling(
                actor=actor,
                report=report,
                unit=data.get("unit"),
                unit_name=data.get("unit_name", ""),
                result=data["result"],
                date=data.get("date"),
            ),
            form=plain(forms.HandleForm),
            body=OpinionHandleIn,
            available=_allowed("handle"),
            done=gettext_lazy("落实情况已登记。"),
        ),
        Action(
            "feedback",
            gettext_lazy("反馈"),
            run=lambda actor, report, data: services.give_feedback(actor=actor, report=report, text=data["text"]),
            form=plain(forms.FeedbackForm),
            body=OpinionFeedbackIn,
            available=_allowed("feedback"),
            confirm=gettext_lazy("反馈后这条信息即办结。确定反馈？"),
            done=gettext_lazy("已反馈并办结。"),
            description=gettext_lazy("向报送人反馈并办结"),
        ),
    ],
)
