"""The action tables of the plenary's further parts: the office's steps on a meeting (speech
deadline, elections, minutes, resolutions), and the steps on a plenary speech, a speaker, an
election and the minutes. Each drives the page's buttons and forms and the API's
`POST /api/v1/<api_path>/{id}/<action>` over the same services."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.meetings import forms, forms_plenary, schemas, services
from lvzhi.meetings.choices import ElectionState, SpeakerState


def _manages(user, obj) -> bool:
    return services.can_manage(user, obj.committee_id)


def _in(flow, action: str):
    return lambda user, obj: any(rule.action == action for rule in flow.actions_for(obj, user))


def _note(data) -> str:
    return data.get("note", "") or ""


OFFICE_ACTIONS = [
    Action(
        "speech_deadline",
        _("大会发言截止时间"),
        run=lambda actor, obj, data: services.set_speech_deadline(actor=actor, meeting=obj, data=data),
        form=plain(forms_plenary.DeadlineForm),
        body=schemas.DeadlineIn,
        available=_manages,
        done=_("大会发言截止时间已设定。"),
        confirm=_("截止后委员不能再提交大会发言稿（工作人员仍可代为录入）。确定设定？"),
        description=_("设定委员和参加单位提交大会发言稿的截止时间。"),
    ),
    Action(
        "add_election",
        _("新建选举"),
        run=lambda actor, obj, data: services.create_election(actor=actor, meeting=obj, data=data),
        form=forms_plenary.election_form,
        body=schemas.ElectionIn,
        available=_manages,
        done=_("选举已建立，尚未开始。"),
        description=_(
            "就一项议程建立选举：候选人、应选名额（候选人数等于名额为等额选举，多于名额为差额选举）、可否另选他人。"
        ),
    ),
    Action(
        "draft_minutes",
        _("起草纪要"),
        run=lambda actor, obj, data: services.draft_minutes(actor=actor, meeting=obj, data=data),
        form=plain(forms.EmptyForm),
        body=schemas.MeetingEmptyIn,
        available=_manages,
        confirm=_("将根据议程、出席、发言、表决和选举结果重新生成纪要草稿（未审定时覆盖原稿），确定？"),
        done=_("纪要草稿已生成。"),
        description=_("根据议程、出席、发言名单、表决和选举结果生成纪要草稿（审定前可重新生成）。"),
    ),
    Action(
        "add_resolution",
        _("添加决议"),
        run=lambda actor, obj, data: services.add_resolution(actor=actor, meeting=obj, data=data),
        form=forms_plenary.resolution_form,
        body=schemas.ResolutionIn,
        available=_manages,
        done=_("决议已添加。"),
        description=_("记录一项决议及通过它的表决（须已结束并通过）。"),
    ),
]


SPEECH_CONFIRMS = {
    "adopt_oral": _("采用后发言人将在大会上口头发言，并计入履职记录。确定采用？"),
    "adopt_written": _("采用后发言稿编入书面发言汇编，并计入履职记录。确定采用？"),
    "reject": _("不予采用后发言稿不编入汇编，可再重新审核。确定？"),
    "withdraw": _("撤回后发言稿不再参加审核，可重新提交。确定撤回？"),
    "send_back": _("退回后由提交委员修改再提交，修改前的文本保留为历史版本。确定退回？"),
}


def _review(action: str):
    return lambda actor, obj, data: services.review_speech(actor=actor, speech=obj, action=action, note=_note(data))


SPEECH_ACTIONS = ActionTable(
    key="plenary_speech",
    model="meetings.PlenarySpeech",
    api_path="plenary-speeches",
    page_url="meetings:speech_action",
    actions=[
        Action(
            name,
            label,
            run=_review(name),
            form=plain(forms_plenary.ReviewForm),
            body=schemas.ReviewIn,
            available=_in(services.SPEECH_FLOW, name),
            done=done,
            style=style,
            description=description,
            confirm=SPEECH_CONFIRMS.get(name, ""),
        )
        for name, label, done, style, description in (
            (
                "adopt_oral",
                _("采用为口头发言"),
                _("已采用为大会口头发言。"),
                "success",
                _("采用为大会口头发言，可附审核意见。"),
            ),
            ("adopt_written", _("采用为书面发言"), _("已采用为书面发言。"), "primary", _("采用为书面发言，编入汇编。")),
            ("reject", _("不予采用"), _("已标记为未采用。"), "outline-secondary", _("不予采用，可附审核意见。")),
            (
                "send_back",
                _("退回修改"),
                _("已退回提交委员修改。"),
                "outline-warning",
                _("把尚未审核的发言稿退回提交委员修改，须写明修改意见。"),
            ),
            ("reopen", _("重新审核"), _("已恢复为待审核。"), "outline-secondary", _("撤销审核结果，恢复为待审核。")),
            ("withdraw", _("撤回"), _("发言稿已撤回。"), "outline-danger", _("提交人撤回尚未审核的发言稿。")),
        )
    ]
    + [
        Action(
            "edit",
            _("修改发言稿"),
            run=lambda actor, obj, data: services.edit_speech(actor=actor, speech=obj, data=data),
            form=forms_plenary.speech_edit_form,
            body=schemas.SpeechEditIn,
            available=lambda user, obj: services.can_edit_speech(user, obj),
            done=_("发言稿已修改，修改前的文本已保留。"),
            description=_(
                "提交委员在审核前（征集截止前）或退回修改后修改题目和发言稿；修改前的文本保留为历史版本，"
                "退回修改的发言稿修改后重新提交。审核后不能再修改。"
            ),
        )
    ],
)

SPEAKER_ACTIONS = ActionTable(
    key="speaker",
    model="meetings.SpeakerRequest",
    api_path="meetings/speakers",
    page_url="meetings:speaker_action",
    actions=[
        Action(
            "start",
            _("开始发言"),
            run=lambda actor, obj, data: services.start_speaker(actor=actor, speaker=obj, note=_note(data)),
            form=plain(forms.EmptyForm),
            body=schemas.MeetingEmptyIn,
            available=_in(services.SPEAKER_FLOW, "start"),
            done=_("计时开始。"),
            style="success",
            description=_("请该委员发言并开始计时（正在发言者随之结束）。"),
        ),
        Action(
            "stop",
            _("结束发言"),
            run=lambda actor, obj, data: services.stop_speaker(actor=actor, speaker=obj, note=_note(data)),
            form=plain(forms.EmptyForm),
            body=schemas.MeetingEmptyIn,
            available=_in(services.SPEAKER_FLOW, "stop"),
            done=_("发言已结束。"),
            confirm=_("结束后停止计时，发言人离开发言名单。确定结束发言？"),
            style="danger",
            description=_("结束发言并停止计时。"),
        ),
        Action(
            "move",
            _("调整顺序"),
            run=lambda actor, obj, data: services.move_speaker(
                actor=actor, speaker=obj, direction=data.get("direction", "")
            ),
            form=plain(forms_plenary.MoveForm),
            body=schemas.MoveIn,
            available=lambda user, obj: obj.state == SpeakerState.WAITING and _manages(user, obj),
            done=_("顺序已调整。"),
            description=_("把等候发言的委员上移或下移一位。"),
        ),
        Action(
            "withdraw",
            _("取消发言"),
            run=lambda actor, obj, data: services.withdraw_speaker(actor=actor, speaker=obj, note=_note(data)),
            form=plain(forms.EmptyForm),
            body=schemas.MeetingEmptyIn,
            available=_in(services.SPEAKER_FLOW, "withdraw"),
            done=_("已取消发言。"),
            style="outline-danger",
            description=_("委员本人或会务工作人员取消尚未开始的发言。"),
        ),
    ],
)

ELECTION_ACTIONS = ActionTable(
    key="election",
    model="meetings.Election",
    api_path="meetings/elections",
    page_url="meetings:election_action",
    actions=[
        Action(
            "open",
            _("开始投票"),
            run=lambda actor, obj, data: services.open_election(actor=actor, election=obj, note=_note(data)),
            form=plain(forms.NoteForm),
            body=schemas.MeetingNoteIn,
            available=_in(services.ELECTION_FLOW, "open"),
            done=_("选举投票已开始。"),
            confirm=_("开始后委员即可投票，候选人和应选名额不能再修改。确定开始投票？"),
            style="danger",
            description=_("开始无记名投票，通知参会委员。"),
        ),
        Action(
            "close",
            _("结束投票"),
            run=lambda actor, obj, data: services.close_election(actor=actor, election=obj, note=_note(data)),
            form=plain(forms.NoteForm),
            body=schemas.MeetingNoteIn,
            available=_in(services.ELECTION_FLOW, "close"),
            confirm=_("结束后手机端不能再投票，进入计票，确定？"),
            done=_("投票已结束，请计票组录入纸质票。"),
            style="warning",
            description=_("结束手机投票，进入计票（计票组录入纸质选票结果）。"),
        ),
        Action(
            "cast",
            _("投票"),
            run=lambda actor, obj, data: services.cast_election_ballot(actor=actor, election=obj, data=data),
            form=forms_plenary.ballot_form,
            body=schemas.BallotIn,
            available=lambda user, obj: obj.state == ElectionState.OPEN and services.is_member_user(user),
            done=_("您的选票已投出。"),
            confirm=_("无记名投票，投出后不能更改。确定投票？"),
            style="danger",
            description=_("委员本人无记名投票：选择不超过应选名额的候选人，允许时可另选他人。"),
        ),
        Action(
            "enter",
            _("录入计票结果"),
            run=lambda actor, obj, data: services.enter_paper_count(actor=actor, election=obj, data=data),
            form=forms_plenary.paper_count_form,
            body=schemas.PaperCountIn,
            available=_in(services.ELECTION_FLOW, "enter"),
            done=_("计票结果已录入，待另一位工作人员复核确认。"),
            description=_("计票组录入纸质选票：发出、收回、无效票数和每人得票；须由另一位工作人员复核确认。"),
        ),
        Action(
            "confirm",
            _("复核确认"),
            run=lambda actor, obj, data: services.confirm_count(actor=actor, election=obj, note=_note(data)),
            form=plain(forms.NoteForm),
            body=schemas.MeetingNoteIn,
            available=_in(services.ELECTION_FLOW, "confirm"),
            confirm=_("确认后将公布选举结果，确定？"),
            done=_("选举结果已确认。"),
            style="success",
            description=_("另一位工作人员（非录入人）复核计票结果并确认，产生选举结果。"),
        ),
        Action(
            "reject",
            _("退回重新计票"),
            run=lambda actor, obj, data: services.reject_count(actor=actor, election=obj, note=_note(data)),
            form=plain(forms.NoteForm),
            body=schemas.MeetingNoteIn,
            available=_in(services.ELECTION_FLOW, "reject"),
            done=_("已退回计票组。"),
            style="outline-danger",
            description=_("复核人认为计票有误，退回重新录入。"),
        ),
    ],
)

MINUTES_ACTIONS = ActionTable(
    key="minutes",
    model="meetings.Minutes",
    api_path="meetings/minutes",
    page_url="meetings:minutes_action",
    actions=[
        Action(
            "edit",
            _("修改纪要"),
            run=lambda actor, obj, data: services.edit_minutes(actor=actor, minutes=obj, data=data),
            form=forms_plenary.minutes_edit_form,
            body=schemas.MinutesEditIn,
            available=lambda user, obj: obj.state == "draft" and _manages(user, obj),
            done=_("纪要已保存。"),
            description=_("修改纪要标题和正文（审定前）。"),
        ),
        Action(
            "approve",
            _("审定"),
            run=lambda actor, obj, data: services.approve_minutes(actor=actor, minutes=obj, note=_note(data)),
            form=plain(forms.NoteForm),
            body=schemas.MeetingNoteIn,
            available=_in(services.MINUTES_FLOW, "approve"),
            done=_("纪要已审定。"),
            style="success",
            description=_("另一位工作人员或本委员会领导审定纪要（最后修改人不能审定）。"),
        ),
        Action(
            "return",
            _("退回修改"),
            run=lambda actor, obj, data: services.return_minutes(actor=actor, minutes=obj, note=_note(data)),
            form=plain(forms.NoteForm),
            body=schemas.MeetingNoteIn,
            available=_in(services.MINUTES_FLOW, "return"),
            done=_("纪要已退回修改。"),
            style="outline-danger",
            description=_("已审定未印发的纪要退回起草。"),
        ),
        Action(
            "publish",
            _("印发"),
            run=lambda actor, obj, data: services.publish_minutes(actor=actor, minutes=obj, note=_note(data)),
            form=plain(forms.NoteForm),
            body=schemas.MeetingNoteIn,
            available=_in(services.MINUTES_FLOW, "publish"),
            confirm=_("印发后参会委员可阅读纪要，确定？"),
            done=_("纪要已印发，已通知参会委员。"),
            style="danger",
            description=_("向参会委员印发已审定的纪要。"),
        ),
    ],
)

TABLES = [SPEECH_ACTIONS, SPEAKER_ACTIONS, ELECTION_ACTIONS, MINUTES_ACTIONS]
