"""The registers of party building, declared once: each serves its list (with the xlsx), its form,
its detail page and its API resource (`api.py`), like the supervision registers.

- member (支部党员): who is in which branch or group, from when until when;
- meeting (组织生活): 三会一课 and the other meetings of party life;
- talk (谈心谈话): its confidential notes appear only to the office's party staff (`can_see_confidential`);
- pair (两个全覆盖结对), with the action that records a contact and the workflow that ends a pair;
- contact (联系记录): recorded from its pair's page, edited on its own."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.exports import choice_label
from lvzhi.core.registers import COMMITTEE, NOTE, Action, Col, Field, Register, day, flow
from lvzhi.party import forms, services
from lvzhi.party.choices import BranchRole, ContactWay, MeetingKind, PairKind
from lvzhi.party.models import BranchMembership, Contact, CoveragePair, PartyMeeting, Talk

WAYS = tuple(ContactWay.choices)


def _attendees(o):
    return "、".join(m.name for m in o.attendees.all())


MEMBERS = Register(
    key="member",
    title=_("支部党员"),
    noun=_("党员"),
    model=BranchMembership,
    form=forms.MembershipForm,
    create=services.create_membership,
    update=lambda actor, obj, data: services.update_membership(actor=actor, membership=obj, data=data),
    columns=(
        Col(_("姓名"), lambda o: o.name, 12, link=True, order=("name",)),
        Col(_("党支部（党小组）"), lambda o: o.branch.name, 22, nowrap=False, order=("branch__sort",)),
        Col(_("党内职务"), lambda o: choice_label(o, "role"), 10, order=("role",)),
        Col(_("职务"), lambda o: o.position, 16, nowrap=False),
        Col(_("编入日期"), lambda o: day(o.joined_on), 12, order=("joined_on",)),
        Col(_("转出日期"), lambda o: day(o.left_on), 12, order=("left_on",)),
        COMMITTEE,
    ),
    search=("name__icontains", "position__icontains", "branch__name__icontains"),
    date_field="joined_on",
    filters=(("role", _("党内职务"), tuple(BranchRole.choices)),),
    select=("branch",),
    export_what="party.members",
    details=lambda o: [
        (_("党支部（党小组）"), o.branch.name),
        (_("党内职务"), o.get_role_display()),
        (_("职务"), o.position or "—"),
        (_("编入日期"), o.joined_on),
        (_("转出日期"), o.left_on or "—"),
        (_("备注"), o.note or "—"),
    ],
    actions={
        "leave": Action(
            _("转出"),
            lambda actor, obj, data: services.leave_membership(actor=actor, membership=obj, data=data),
            (Field("left_on", _("转出日期"), "date"), NOTE),
            available=lambda user, obj: obj.left_on is None,
            done=_("已登记转出。"),
            confirm=_("转出后，该党员自转出之日起不再计入本支部党员人数。确定转出？"),
        ),
    },
)

MEETINGS = Register(
    key="meeting",
    title=_("组织生活"),
    noun=_("组织生活"),
    model=PartyMeeting,
    form=forms.MeetingForm,
    create=services.create_meeting,
    update=lambda actor, obj, data: services.update_meeting(actor=actor, meeting=obj, data=data),
    columns=(
        Col(_("主题"), lambda o: o.topic, 30, link=True, nowrap=False, order=("topic",)),
        Col(_("类别"), lambda o: choice_label(o, "kind"), 12, order=("kind",)),
        Col(_("党支部（党小组）"), lambda o: o.branch.name, 20, nowrap=False, order=("branch__sort",)),
        Col(_("日期"), lambda o: day(o.held_on), 12, order=("held_on",)),
        Col(_("参加人数"), lambda o: len(o.attendees.all()), 8),
        COMMITTEE,
    ),
    search=("topic__icontains", "place__icontains", "minutes__icontains"),
    date_field="held_on",
    filters=(("kind", _("类别"), tuple(MeetingKind.choices)),),
    select=("branch",),
    prefetch=("attendees",),
    export_what="party.meetings",
    details=lambda o: [
        (_("类别"), o.get_kind_display()),
        (_("党支部（党小组）"), o.branch.name),
        (_("日期"), o.held_on),
        (_("地点"), o.place or "—"),
        (_("参加党员"), f"{len(o.attendees.all())}：{_attendees(o)}" if o.attendees.all() else "—"),
        (_("会议记录"), o.minutes or "—"),
        (_("备注"), o.note or "—"),
    ],
)

TALKS = Register(
    key="talk",
    title=_("谈心谈话"),
    noun=_("谈话"),
    model=Talk,
    form=forms.TalkForm,
    create=services.create_talk,
    update=lambda actor, obj, data: services.update_talk(actor=actor, talk=obj, data=data),
    columns=(
        Col(_("主题"), lambda o: o.topic, 26, link=True, nowrap=False, order=("topic",)),
        Col(_("谈话人"), lambda o: o.talker, 10, order=("talker",)),
        Col(_("谈话对象"), lambda o: o.talkee, 10, order=("talkee",)),
        Col(_("谈话日期"), lambda o: day(o.talked_on), 12, order=("talked_on",)),
        COMMITTEE,
    ),
    search=("topic__icontains", "talker__icontains", "talkee__icontains", "summary__icontains"),
    date_field="talked_on",
    export_what="party.talks",
    details=lambda o: [
        (_("谈话人"), o.talker),
        (_("谈话对象"), o.talkee),
        (_("谈话日期"), o.talked_on),
        (_("谈话摘要"), o.summary or "—"),
    ],
    sections="party/_talk.html",
)

PAIRS = Register(
    key="pair",
    title=_("两个全覆盖结对"),
    noun=_("结对"),
    model=CoveragePair,
    form=forms.PairForm,
    create=services.create_pair,
    update=lambda actor, obj, data: services.update_pair(actor=actor, pair=obj, data=data),
    columns=(
        Col(_("联系人"), lambda o: o.contactor.name, 10, link=True, order=("contactor__name_pinyin",)),
        Col(_("联系对象"), lambda o: o.contacted.name, 10, order=("contacted__name_pinyin",)),
        Col(_("类别"), lambda o: choice_label(o, "kind"), 20, nowrap=False, order=("kind",)),
        Col(_("结对日期"), lambda o: day(o.assigned_on), 12, order=("assigned_on",)),
        Col(_("状态"), lambda o: choice_label(o, "state"), 8, badge=lambda o: o.state_color, order=("state",)),
        COMMITTEE,
    ),
    search=("contactor__name__icontains", "contacted__name__icontains"),
    date_field="assigned_on",
    filters=(("kind", _("类别"), tuple(PairKind.choices)),),
    select=("contactor", "contacted", "term"),
    member_fields=("contactor", "contacted"),
    has_state=True,
    export_what="party.pairs",
    details=lambda o: [
        (_("类别"), o.get_kind_display()),
        (_("届"), str(o.term)),
        (_("联系人"), o.contactor.name),
        (_("联系对象"), o.contacted.name),
        (_("结对日期"), o.assigned_on),
        (_("结束日期"), o.ended_on or "—"),
        (_("备注"), o.note or "—"),
    ],
    sections="party/_pair.html",
    actions={
        "contact": Action(
            _("记录联系"),
            lambda actor, obj, data: services.record_contact(actor=actor, pair=obj, data=data),
            (
                Field("contacted_on", _("联系日期"), "date"),
                Field("way", _("方式"), "select", WAYS),
                Field("content", _("联系内容"), "textarea"),
            ),
            style="danger",
            done=_("已记录联系。"),
        ),
        "end": Action(
            _("结束结对"),
            lambda actor, obj, data: services.end_pair(actor=actor, pair=obj, data=data),
            (Field("ended_on", _("结束日期"), "date"), Field("note", _("原因"), required=False)),
            available=flow(services.PAIR_FLOW, "end"),
            style="outline-secondary",
            done=_("结对已结束。"),
            confirm=_("结束后不能再记录此后日期的联系，统计自结束之日起不再计入此结对。确定结束？"),
        ),
        "resume": Action(
            _("恢复结对"),
            lambda actor, obj, data: services.resume_pair(actor=actor, pair=obj, data=data),
            (Field("note", _("原因")),),
            available=flow(services.PAIR_FLOW, "resume"),
            style="outline-secondary",
            done=_("结对已恢复。"),
        ),
    },
)

CONTACTS = Register(
    key="contact",
    title=_("联系记录"),
    noun=_("联系记录"),
    model=Contact,
    form=forms.ContactForm,
    create=None,  # recorded from its pair's page (POST /party/pairs/{id}/contact)
    update=lambda actor, obj, data: services.update_contact(actor=actor, contact=obj, data=data),
    columns=(
        Col(_("联系人"), lambda o: o.pair.contactor.name, 10, link=True),
        Col(_("联系对象"), lambda o: o.pair.contacted.name, 10),
        Col(_("方式"), lambda o: choice_label(o, "way"), 10, order=("way",)),
        Col(_("联系内容"), lambda o: o.content, 30, nowrap=False),
        Col(_("联系日期"), lambda o: day(o.contacted_on), 12, order=("contacted_on",)),
        COMMITTEE,
    ),
    search=("content__icontains", "pair__contactor__name__icontains", "pair__contacted__name__icontains"),
    date_field="contacted_on",
    filters=(("way", _("方式"), WAYS),),
    select=("pair__contactor", "pair__contacted"),
    export_what="party.contacts",
    details=lambda o: [
        (_("结对"), f"{o.pair.contactor.name} — {o.pair.contacted.name}（{o.pair.get_kind_display()}）"),
        (_("联系日期"), o.contacted_on),
        (_("方式"), o.get_way_display()),
        (_("联系内容"), o.content),
    ],
    sections="party/_contact.html",
)

REGISTERS = {reg.key: reg for reg in (MEMBERS, MEETINGS, TALKS, PAIRS, CONTACTS)}
