"""The action tables of the meeting services: each drives the page's buttons and forms and the
API's `POST /api/v1/<api_path>/{id}/<action>`, over the same services (`lvzhi.core.actions`)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.meetings import forms, schemas, services
from lvzhi.meetings.actions_plenary import OFFICE_ACTIONS
from lvzhi.meetings.actions_plenary import TABLES as PLENARY_TABLES
from lvzhi.meetings.choices import VoteState
from lvzhi.meetings.services.groups import can_record


def _manages(user, obj) -> bool:
    return services.can_manage(user, obj.committee_id)


def _in_flow(action: str):
    return lambda user, obj: any(rule.action == action for rule in services.VOTE_FLOW.actions_for(obj, user))


def _lodging(data: dict) -> dict:
    return {k: data.get(k, "") for k in ("hotel", "room", "meal_note")}


MEETING_ACTIONS = ActionTable(
    key="meeting",
    model="meetings.Meeting",
    api_path="meetings",
    page_url="meetings:action",
    actions=[
        Action(
            "add_item",
            _("添加议程"),
            run=lambda actor, obj, data: services.add_agenda_item(actor=actor, meeting=obj, data=data),
            form=plain(forms.AgendaItemForm),
            body=schemas.AgendaItemIn,
            available=_manages,
            done=_("议程已添加。"),
            description=_("添加一项议程（日期须在会期内）；议程已发布时自动发布新版本并通知参会委员。"),
        ),
        Action(
            "publish_agenda",
            _("发布议程"),
            run=lambda actor, obj, data: services.publish_agenda(actor=actor, meeting=obj, note=data.get("note", "")),
            form=plain(forms.NoteForm),
            body=schemas.MeetingNoteIn,
            available=_manages,
            confirm=_("发布后参会委员将收到议程通知。确定发布议程？"),
            done=_("议程已发布，已通知参会委员。"),
            style="danger",
            description=_("发布议程（第一版或新版本），通知参会委员。"),
        ),
        Action(
            "register",
            _("报到登记"),
            run=lambda actor, obj, data: services.register_member(
                actor=actor, meeting=obj, member=data.get("member"), lodging=_lodging(data)
            ),
            form=forms.register_form,
            body=schemas.RegisterIn,
            available=_manages,
            done=_("已报到。"),
            style="success",
            description=_("工作人员为一位委员办理报到（同时签到），可登记住宿和用餐。"),
        ),
        Action(
            "register_bulk",
            _("批量报到"),
            run=lambda actor, obj, data: services.register_bulk(
                actor=actor, meeting=obj, members=data.get("members"), lodging=_lodging(data)
            ),
            form=forms.register_bulk_form,
            body=schemas.RegisterBulkIn,
            available=_manages,
            done=_("已批量报到。"),
            description=_("为多位委员同时办理报到；有一位不能报到则全部不办理。"),
        ),
        Action(
            "lodging",
            _("住宿用餐"),
            run=lambda actor, obj, data: services.update_lodging(
                actor=actor, meeting=obj, member=data.get("member"), lodging=_lodging(data)
            ),
            form=forms.lodging_form,
            body=schemas.RegisterIn,
            available=_manages,
            done=_("住宿和用餐信息已保存。"),
            description=_("登记已报到委员的住宿酒店、房间号和用餐说明。"),
        ),
        Action(
            "add_room",
            _("添加会场"),
            run=lambda actor, obj, data: services.add_room(actor=actor, meeting=obj, data=data),
            form=plain(forms.RoomForm),
            body=schemas.RoomIn,
            available=_manages,
            done=_("会场已添加。"),
            description=_("添加会场（排数 × 每排座位数）。"),
        ),
        Action(
            "auto_seat",
            _("自动排座"),
            run=lambda actor, obj, data: services.auto_seat(actor=actor, meeting=obj, room=data.get("room")),
            form=forms.auto_seat_form,
            body=schemas.AutoSeatIn,
            available=_manages,
            confirm=_("将按规则重新安排该会场的全部座位，确定？"),
            done=_("座次已按规则排定。"),
            description=_("按规则排座：主席、副主席、秘书长、常委在前，其余按界别、再按姓氏笔画；请假委员不排座。"),
        ),
        Action(
            "move_seat",
            _("调整座位"),
            run=lambda actor, obj, data: services.move_seat(
                actor=actor,
                meeting=obj,
                member=data.get("member"),
                room=data.get("room"),
                row=data.get("row"),
                number=data.get("number"),
            ),
            form=forms.move_seat_form,
            body=schemas.MoveSeatIn,
            available=_manages,
            done=_("座位已调整。"),
            description=_("把委员安排到指定座位；座位上已有人时两人互换。"),
        ),
        Action(
            "add_group",
            _("新建讨论组"),
            run=lambda actor, obj, data: services.create_group(actor=actor, meeting=obj, data=data),
            form=forms.group_form,
            body=schemas.GroupIn,
            available=_manages,
            done=_("讨论组已建立。"),
            description=_("按名单建立讨论组，指定召集人、记录人、地点和时间。"),
        ),
        Action(
            "groups_by_sector",
            _("按界别分组"),
            run=lambda actor, obj, data: services.groups_by_sector(actor=actor, meeting=obj),
            form=plain(forms.EmptyForm),
            body=schemas.MeetingEmptyIn,
            available=_manages,
            done=_("已按界别分组。"),
            description=_("尚未分组的参会委员按界别各成一组，笔画最少者为召集人。"),
        ),
        Action(
            "add_vote",
            _("新建表决"),
            run=lambda actor, obj, data: services.create_vote(actor=actor, meeting=obj, data=data),
            form=forms.vote_form,
            body=schemas.VoteIn,
            available=_manages,
            done=_("表决已建立，尚未开始。"),
            description=_("就一项议程建立表决：记名或无记名，法定人数和通过票数按出席或应到人数计算。"),
        ),
        *OFFICE_ACTIONS,
    ],
)

VOTE_ACTIONS = ActionTable(
    key="vote",
    model="meetings.Vote",
    api_path="meetings/votes",
    page_url="meetings:vote_action",
    actions=[
        Action(
            "open",
            _("开始表决"),
            run=lambda actor, obj, data: services.open_vote(actor=actor, vote=obj, note=data.get("note", "")),
            form=plain(forms.NoteForm),
            body=schemas.MeetingNoteIn,
            available=_in_flow("open"),
            confirm=_("开始后委员即可投票，表决事项不能再修改。确定开始表决？"),
            done=_("表决已开始。"),
            style="danger",
            description=_("开始表决，通知参会委员。"),
        ),
        Action(
            "close",
            _("结束表决"),
            run=lambda actor, obj, data: services.close_vote(actor=actor, vote=obj, note=data.get("note", "")),
            form=plain(forms.NoteForm),
            body=schemas.MeetingNoteIn,
            available=_in_flow("close"),
            confirm=_("结束后不能再投票，将立即计票，确定？"),
            done=_("表决已结束，结果已产生。"),
            style="success",
            description=_("结束表决并计票：赞成、反对、弃权票数，法定人数，是否通过。"),
        ),
        Action(
            "cast",
            _("投票"),
            run=lambda actor, obj, data: services.cast_vote(actor=actor, vote=obj, choice=data.get("choice", "")),
            form=plain(forms.CastForm),
            body=schemas.CastIn,
            available=lambda user, obj: obj.state == VoteState.OPEN and services.is_member_user(user),
            confirm=_("匿名表决投票后不能更改，记名表决仅在允许时可改票。确定投票？"),
            done=_("您的表决已记录。"),
            style="danger",
            description=_("委员本人投票（赞成、反对、弃权），每人一票；记名表决在允许时可改票。"),
        ),
        Action(
            "paper",
            _("录入纸质票"),
            run=lambda actor, obj, data: services.enter_paper_ballot(
                actor=actor, vote=obj, member=data.get("member"), choice=data.get("choice", "")
            ),
            form=forms.paper_form,
            body=schemas.PaperBallotIn,
            available=lambda user, obj: obj.state == VoteState.OPEN and _manages(user, obj),
            done=_("纸质票已录入。"),
            description=_("工作人员录入一位委员的纸质表决票。"),
        ),
    ],
)

GROUP_ACTIONS = ActionTable(
    key="meeting_group",
    model="meetings.Group",
    api_path="meetings/groups",
    page_url="meetings:group_action",
    actions=[
        Action(
            "record",
            _("录入发言"),
            run=lambda actor, obj, data: services.record_discussion(
                actor=actor, group=obj, speaker=data.get("speaker"), points=data.get("points", "")
            ),
            form=forms.discussion_form,
            body=schemas.DiscussionIn,
            available=can_record,
            done=_("发言已记录。"),
            description=_("本组记录人（秘书）录入一位组员的发言要点。"),
        ),
    ],
)

MATERIAL_ACTIONS = ActionTable(
    key="meeting_material",
    model="meetings.Material",
    api_path="meetings/materials",
    page_url="meetings:material_action",
    actions=[
        Action(
            "read",
            _("已阅读"),
            run=lambda actor, obj, data: services.mark_read(actor=actor, material=obj),
            form=plain(forms.EmptyForm),
            body=schemas.MeetingEmptyIn,
            available=services.may_read,
            done=_("已记录阅读。"),
            description=_("参会委员标记已阅读该材料（下载时自动记录）。"),
        ),
    ],
)

TABLES = [MEETING_ACTIONS, VOTE_ACTIONS, GROUP_ACTIONS, MATERIAL_ACTIONS, *PLENARY_TABLES]
