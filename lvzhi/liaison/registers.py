"""The registers of the liaison module, each declared once: columns (list and export), filters,
search, form, services, detail fields and the actions of its detail page. The pages (`views/`), the
API, the action tables (`actions.py`) and the manifest read these declarations."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.exports import choice_label
from lvzhi.core.registers import COMMITTEE, NOTE, Action, Col, Field, Register, day, flow, names
from lvzhi.liaison import forms, services
from lvzhi.liaison.choices import (
    ContactGroup,
    EngagementKind,
    HostBody,
    HostedKind,
    PartyReportKind,
    ReplyOutcome,
)
from lvzhi.liaison.models import Assignment, Contact, Engagement, HostedVisit, PartyReport

CONTACTS = Register(
    key="contact",
    title=_("联系对象"),
    noun=_("联系对象"),
    model=Contact,
    form=forms.ContactForm,
    create=services.create_contact,
    update=lambda actor, obj, data: services.update_contact(actor=actor, contact=obj, data=data),
    columns=(
        Col(_("姓名"), lambda o: o.name, 10, link=True, order=("name",)),
        Col(_("类别"), lambda o: choice_label(o, "group"), 14, order=("group",)),
        Col(_("单位及职务"), lambda o: o.affiliation, 30, nowrap=False, order=("affiliation",)),
        Col(_("本会委员"), lambda o: _("是") if o.member_id else _("否"), 8),
        Col(_("列入日期"), lambda o: day(o.listed_on), 12, order=("listed_on",)),
        COMMITTEE,
    ),
    search=("name__icontains", "affiliation__icontains"),
    date_field="listed_on",
    filters=(("group", _("类别"), tuple(ContactGroup.choices)),),
    select=("member",),
    export_what="liaison.contacts",
    sections="liaison/_contact.html",
    details=lambda o: [
        (_("姓名"), o.name),
        (_("类别"), o.get_group_display()),
        (_("本会委员"), _("是") if o.member_id else _("否")),
        (_("单位及职务"), o.affiliation or "—"),
        (_("列入日期"), o.listed_on),
        (_("备注"), o.note or "—"),
    ],
)

ASSIGNMENTS = Register(
    key="assignment",
    title=_("联系安排"),
    noun=_("联系安排"),
    model=Assignment,
    form=forms.AssignmentForm,
    create=services.create_assignment,
    update=lambda actor, obj, data: services.update_assignment(actor=actor, assignment=obj, data=data),
    columns=(
        Col(_("联系领导"), lambda o: o.leader.name, 10, link=True, order=("leader__name_pinyin",)),
        Col(_("联系对象"), lambda o: o.contact.name, 10, order=("contact__name",)),
        Col(_("类别"), lambda o: choice_label(o.contact, "group"), 14, order=("contact__group",)),
        Col(_("开始日期"), lambda o: day(o.started_on), 12, order=("started_on",)),
        Col(_("结束日期"), lambda o: day(o.ended_on), 12, order=("ended_on",)),
        COMMITTEE,
    ),
    search=("leader__name__icontains", "contact__name__icontains"),
    date_field="started_on",
    filters=(("contact__group", _("类别"), tuple(ContactGroup.choices)),),
    select=("leader", "contact"),
    export_what="liaison.assignments",
    details=lambda o: [
        (_("联系领导"), o.leader.name),
        (_("联系对象"), str(o.contact)),
        (_("期间"), f"{o.started_on} — {o.ended_on or ''}"),
        (_("备注"), o.note or "—"),
    ],
)

ENGAGEMENTS = Register(
    key="engagement",
    title=_("联系记录"),
    noun=_("联系记录"),
    model=Engagement,
    form=forms.EngagementForm,
    create=services.create_engagement,
    update=lambda actor, obj, data: services.update_engagement(actor=actor, engagement=obj, data=data),
    columns=(
        Col(_("主题"), lambda o: o.title, 30, link=True, nowrap=False, order=("title",)),
        Col(_("方式"), lambda o: choice_label(o, "kind"), 10, order=("kind",)),
        Col(_("日期"), lambda o: day(o.held_on), 12, order=("held_on",)),
        Col(_("开展联系的委员"), lambda o: names(o.members.all()), 20, nowrap=False),
        Col(_("联系对象"), lambda o: names(o.contacts.all()), 20, nowrap=False),
        COMMITTEE,
    ),
    search=("title__icontains", "summary__icontains", "place__icontains"),
    date_field="held_on",
    filters=(("kind", _("方式"), tuple(EngagementKind.choices)),),
    select=("activity",),
    prefetch=("members", "contacts"),
    export_what="liaison.engagements",
    details=lambda o: [
        (_("方式"), o.get_kind_display()),
        (_("日期"), o.held_on),
        (_("地点"), o.place or "—"),
        (_("开展联系的委员"), names(o.members.all()) or "—"),
        (_("联系对象"), "、".join(str(c) for c in o.contacts.all()) or "—"),
        (_("所在活动"), o.activity.title if o.activity_id else "—"),
        (_("情况"), o.summary or "—"),
        (_("备注"), o.note or "—"),
    ],
)

HOSTED = Register(
    key="hosted",
    title=_("上级政协来访"),
    noun=_("来访"),
    model=HostedVisit,
    form=forms.HostedVisitForm,
    create=services.create_hosted_visit,
    update=lambda actor, obj, data: services.update_hosted_visit(actor=actor, visit=obj, data=data),
    columns=(
        Col(_("主题"), lambda o: o.topic, 30, link=True, nowrap=False, order=("topic",)),
        Col(_("来访机构"), lambda o: o.visitor, 20, nowrap=False, order=("visitor",)),
        Col(_("带队领导"), lambda o: o.leader, 14, order=("leader",)),
        Col(_("类别"), lambda o: choice_label(o, "kind"), 8, order=("kind",)),
        Col(_("开始日期"), lambda o: day(o.started_on), 12, order=("started_on",)),
        Col(_("结束日期"), lambda o: day(o.ended_on), 12, order=("ended_on",)),
        Col(_("陪同委员"), lambda o: names(o.members.all()), 20, nowrap=False),
        COMMITTEE,
    ),
    search=("topic__icontains", "visitor__icontains", "leader__icontains", "places__icontains", "support__icontains"),
    date_field="started_on",
    filters=(("body", _("来访层级"), tuple(HostBody.choices)), ("kind", _("类别"), tuple(HostedKind.choices))),
    prefetch=("members",),
    export_what="liaison.hosted",
    details=lambda o: [
        (_("来访层级"), o.get_body_display()),
        (_("来访机构"), o.visitor),
        (_("带队领导"), o.leader),
        (_("类别"), o.get_kind_display()),
        (_("日期"), f"{o.started_on} — {o.ended_on}"),
        (_("调研地点"), o.places or "—"),
        (_("陪同委员"), names(o.members.all()) or "—"),
        (_("陪同工作人员"), o.staff or "—"),
        (_("争取到的支持"), o.support or "—"),
        (_("备注"), o.note or "—"),
    ],
)


def _due(o):
    if o.due_on:
        return _("%(n)s 天（%(day)s 前）") % {"n": o.reply_days, "day": o.due_on}
    return _("%(n)s 天") % {"n": o.reply_days}


def _overdue(o):
    return _("超期未复") if o.is_overdue() else ""


REPORTS = Register(
    key="report",
    title=_("请示报告"),
    noun=_("请示报告"),
    model=PartyReport,
    form=forms.PartyReportForm,
    create=services.create_party_report,
    update=lambda actor, obj, data: services.update_party_report(actor=actor, report=obj, data=data),
    columns=(
        Col(_("事项"), lambda o: o.subject, 30, link=True, nowrap=False, order=("subject",)),
        Col(_("类别"), lambda o: choice_label(o, "kind"), 6, order=("kind",)),
        Col(_("报送对象"), lambda o: o.recipient, 10, order=("recipient",)),
        Col(_("拟稿日期"), lambda o: day(o.drafted_on), 12, order=("drafted_on",)),
        Col(_("报送日期"), lambda o: day(o.sent_on), 12, order=("sent_on",)),
        Col(_("状态"), lambda o: choice_label(o, "state"), 8, badge=lambda o: o.state_color, order=("state",)),
        Col(_("超期"), _overdue, 8, badge=lambda o: "danger" if o.is_overdue() else ""),
        Col(_("批复日期"), lambda o: day(o.replied_on), 12, order=("replied_on",)),
        Col(_("批复结果"), lambda o: choice_label(o, "outcome") if o.outcome else "", 8, order=("outcome",)),
        COMMITTEE,
    ),
    search=("subject__icontains", "body__icontains", "reply__icontains", "recipient__icontains"),
    date_field="drafted_on",
    filters=(
        ("kind", _("类别"), tuple(PartyReportKind.choices)),
        ("outcome", _("批复结果"), tuple(ReplyOutcome.choices)),
    ),
    has_state=True,
    export_what="liaison.reports",
    details=lambda o: [
        (_("类别"), o.get_kind_display()),
        (_("报送对象"), o.recipient),
        (_("拟稿日期"), o.drafted_on),
        (_("报送日期"), o.sent_on or "—"),
        (_("答复期限"), _due(o)),
        (_("超期"), _overdue(o) or "—"),
        (_("批复日期"), o.replied_on or "—"),
        (_("批复结果"), o.get_outcome_display() or "—"),
        (_("批复内容"), o.reply or "—"),
        (_("办结日期"), o.closed_on or "—"),
        (_("主要内容"), o.body or "—"),
        (_("备注"), o.note or "—"),
    ],
    actions={
        "send": Action(
            _("报送"),
            lambda actor, obj, data: services.send_party_report(actor=actor, report=obj, data=data),
            (Field("sent_on", _("报送日期"), "date"),),
            available=flow(services.REPORT_FLOW, "send"),
            style="danger",
            confirm=_("报送后事项、内容不能再修改。确定报送？"),
            done=_("已报送。"),
        ),
        "reply": Action(
            _("登记批复"),
            lambda actor, obj, data: services.reply_party_report(actor=actor, report=obj, data=data),
            (
                Field("replied_on", _("批复日期"), "date"),
                Field("outcome", _("批复结果"), "select", tuple(ReplyOutcome.choices)),
                Field("reply", _("批复内容"), "textarea"),
            ),
            available=flow(services.REPORT_FLOW, "reply"),
            style="success",
            done=_("已登记批复。"),
        ),
        "close": Action(
            _("办结"),
            lambda actor, obj, data: services.close_party_report(actor=actor, report=obj, data=data),
            (Field("closed_on", _("办结日期"), "date"), NOTE),
            available=flow(services.REPORT_FLOW, "close"),
            style="outline-secondary",
            confirm=_("办结后不再登记批复。确定办结？"),
            done=_("已办结。"),
        ),
    },
)

REGISTERS = {r.key: r for r in (CONTACTS, ASSIGNMENTS, ENGAGEMENTS, HOSTED, REPORTS)}
