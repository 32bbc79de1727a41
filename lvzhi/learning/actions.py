"""The learning corner's action tables: a material (publish, withdraw, studied, reflect), a
reflection (edit, submit) and a reading group (join, leave, post, schedule, close, reopen). Each
drives the page's buttons and forms and `POST /api/v1/<api_path>/{id}/<action>`, running the same
service with the same field names."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.learning import forms, selectors, services
from lvzhi.learning.choices import GroupState, MaterialState, ReflectionState
from lvzhi.learning.models import GroupMember, Reflection, StudyRecord
from lvzhi.learning.schemas import (
    ReadingGroupNoteIn,
    ReadingPostIn,
    ReadingSessionIn,
    ReflectionTextIn,
    StudyNoteIn,
    StudyStudiedIn,
    StudyWithdrawIn,
)


def _flow(flow, name):
    def available(user, obj) -> bool:
        return any(obj.state in rule.sources and rule.allowed(user, obj) for rule in flow.rules.get(name, []))

    return available


def _studies(user, material) -> bool:
    return material.state == MaterialState.PUBLISHED and services.seat_under(user, material.committee) is not None


def _may_study(user, material) -> bool:
    if not _studies(user, material):
        return False
    known = selectors.known_own_study(material, user.member_id)  # the page read them already
    if known is not None:
        return known[0] is None
    return not StudyRecord.objects.filter(material=material, member_id=user.member_id).exists()


def _may_reflect(user, material) -> bool:
    if not _studies(user, material):
        return False
    known = selectors.known_own_study(material, user.member_id)  # one reflection per member and material
    if known is not None:
        return known[1] is None or known[1].state != ReflectionState.SUBMITTED
    return not Reflection.objects.filter(
        material=material, member_id=user.member_id, state=ReflectionState.SUBMITTED
    ).exists()


MATERIAL_ACTIONS = ActionTable(
    key="learning_material",
    model="learning.StudyMaterial",
    api_path="study-materials",
    page_url="learning:act",
    actions=[
        Action(
            "publish",
            _("发布"),
            run=lambda actor, obj, data: services.publish_material(
                actor=actor, material=obj, note=data.get("note", "")
            ),
            form=plain(forms.NoteForm),
            body=StudyNoteIn,
            available=_flow(services.MATERIAL_FLOW, "publish"),
            confirm=_("发布后，发送范围内的委员即可看到并学习。确定发布？"),
            done=_("已发布。"),
            style="primary",
        ),
        Action(
            "withdraw",
            _("撤回"),
            run=lambda actor, obj, data: services.withdraw_material(
                actor=actor, material=obj, reason=data.get("reason")
            ),
            form=plain(forms.WithdrawForm),
            body=StudyWithdrawIn,
            available=_flow(services.MATERIAL_FLOW, "withdraw"),
            confirm=_("撤回后委员不再看到这份资料。确定撤回？"),
            done=_("已撤回。"),
            style="outline-danger",
        ),
        Action(
            "studied",
            _("标记为已学"),
            run=lambda actor, obj, data: services.mark_studied(
                actor=actor, material=obj, seconds=data.get("seconds"), measured_by=data.get("measured_by") or "client"
            ),
            form=plain(forms.StudiedForm),
            body=StudyStudiedIn,
            available=_may_study,
            done=_("已记录学习。"),
            style="success",
            description=_("标记已学；学习时长由客户端计时后提交，服务器照录（上限 8 小时），不作推算。"),
        ),
        Action(
            "reflect",
            _("保存心得"),
            run=lambda actor, obj, data: services.save_reflection(actor=actor, material=obj, text=data.get("text")),
            form=plain(forms.ReflectionForm),
            body=ReflectionTextIn,
            available=_may_reflect,
            done=_("心得已保存为草稿。"),
            description=_("撰写或修改本人对这份资料的学习心得（草稿）。"),
        ),
    ],
)


def _author(user, reflection) -> bool:
    return (
        reflection.state == ReflectionState.DRAFT
        and bool(getattr(user, "member_id", None))
        and reflection.member_id == user.member_id
    )


REFLECTION_ACTIONS = ActionTable(
    key="learning_reflection",
    model="learning.Reflection",
    api_path="study-reflections",
    page_url="learning:reflection_act",
    actions=[
        Action(
            "edit",
            _("修改"),
            run=lambda actor, obj, data: services.edit_reflection(actor=actor, reflection=obj, text=data.get("text")),
            form=plain(forms.ReflectionForm),
            body=ReflectionTextIn,
            available=_author,
            done=_("心得已保存为草稿。"),
        ),
        Action(
            "submit",
            _("提交心得"),
            run=lambda actor, obj, data: services.submit_reflection(actor=actor, reflection=obj),
            form=plain(forms.NoteForm),
            body=StudyNoteIn,
            available=_flow(services.REFLECTION_FLOW, "submit"),
            confirm=_("提交后不能再修改。确定提交？"),
            done=_("心得已提交。"),
            style="primary",
        ),
    ],
)


def _may_join(user, group) -> bool:
    return (
        group.state == GroupState.OPEN
        and services.seat_under(user, group.committee) is not None
        and not GroupMember.objects.filter(group=group, member_id=user.member_id).exists()
    )


def _may_leave(user, group) -> bool:
    return (
        bool(getattr(user, "member_id", None))
        and GroupMember.objects.filter(group=group, member_id=user.member_id).exists()
    )


def _may_post(user, group) -> bool:
    return group.state == GroupState.OPEN and (services.can_manage(user, group.committee_id) or _may_leave(user, group))


def _office_open(user, group) -> bool:
    return group.state == GroupState.OPEN and services.can_manage(user, group.committee_id)


GROUP_ACTIONS = ActionTable(
    key="learning_group",
    model="learning.ReadingGroup",
    api_path="reading-groups",
    page_url="learning:group_act",
    actions=[
        Action(
            "join",
            _("加入群组"),
            run=lambda actor, obj, data: services.join_group(actor=actor, group=obj),
            form=plain(forms.NoteForm),
            body=ReadingGroupNoteIn,
            available=_may_join,
            done=_("已加入。"),
            style="primary",
        ),
        Action(
            "leave",
            _("退出群组"),
            run=lambda actor, obj, data: services.leave_group(actor=actor, group=obj),
            form=plain(forms.NoteForm),
            body=ReadingGroupNoteIn,
            available=_may_leave,
            done=_("已退出。"),
            style="outline-secondary",
        ),
        Action(
            "post",
            _("发言"),
            run=lambda actor, obj, data: services.post_to_group(actor=actor, group=obj, text=data.get("text")),
            form=plain(forms.PostForm),
            body=ReadingPostIn,
            available=_may_post,
            done=_("已发言。"),
        ),
        Action(
            "schedule",
            _("添加读书安排"),
            run=lambda actor, obj, data: services.schedule_session(
                actor=actor, group=obj, date=data.get("date"), chapters=data.get("chapters"), note=data.get("note", "")
            ),
            form=plain(forms.SessionForm),
            body=ReadingSessionIn,
            available=_office_open,
            done=_("已添加。"),
        ),
        Action(
            "close",
            _("结束群组"),
            run=lambda actor, obj, data: services.close_group(actor=actor, group=obj, note=data.get("note", "")),
            form=plain(forms.NoteForm),
            body=ReadingGroupNoteIn,
            available=_flow(services.GROUP_FLOW, "close"),
            confirm=_("结束后不能再发言。确定结束？"),
            done=_("群组已结束。"),
            style="outline-danger",
        ),
        Action(
            "reopen",
            _("重新开放"),
            run=lambda actor, obj, data: services.reopen_group(actor=actor, group=obj, note=data.get("note", "")),
            form=plain(forms.NoteForm),
            body=ReadingGroupNoteIn,
            available=_flow(services.GROUP_FLOW, "reopen"),
            done=_("群组已重新开放。"),
        ),
    ],
)
