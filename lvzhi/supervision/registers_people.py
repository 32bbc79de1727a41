"""The registers of service to the people: matters done and problems solved (one register, two kinds),
and the demonstration points members supervise. Declared once, they serve the list, the xlsx, the
form, the detail page and the API like the other registers."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.exports import choice_label
from lvzhi.core.registers import COMMITTEE, Action, Col, Field, Register, day, flow, names, reopen
from lvzhi.supervision import forms, services
from lvzhi.supervision.choices import ServiceKind
from lvzhi.supervision.models import DemoPoint, ServiceItem


def _activity(o):
    return f"#{o.activity_id} {o.activity}" if o.activity_id else "—"


SERVICE = Register(
    key="service",
    title=_("帮办实事与解决问题"),
    noun=_("事项"),
    model=ServiceItem,
    form=forms.ServiceForm,
    create=services.create_service_item,
    update=lambda actor, obj, data: services.update_service_item(actor=actor, item=obj, data=data),
    columns=(
        Col(_("事项"), lambda o: o.title, 30, link=True, nowrap=False, order=("title",)),
        Col(_("类别"), lambda o: choice_label(o, "kind"), 10, order=("kind",)),
        Col(_("服务对象"), lambda o: o.requester, 16, nowrap=False),
        Col(_("地点"), lambda o: o.place, 14, nowrap=False, order=("place",)),
        Col(_("办理委员"), lambda o: names(o.members.all()), 20, nowrap=False),
        Col(_("登记日期"), lambda o: day(o.raised_on), 12, order=("raised_on",)),
        Col(_("状态"), lambda o: choice_label(o, "state"), 8, badge=lambda o: o.state_color, order=("state",)),
        Col(_("办结日期"), lambda o: day(o.done_on), 12, order=("done_on",)),
        COMMITTEE,
    ),
    search=("title__icontains", "place__icontains", "requester__icontains", "result__icontains"),
    date_field="raised_on",
    filters=(("kind", _("类别"), tuple(ServiceKind.choices)),),
    select=("activity",),
    prefetch=("members",),
    has_state=True,
    member_fields=("members",),
    export_what="supervision.service",
    details=lambda o: [
        (_("类别"), o.get_kind_display()),
        (_("服务对象（反映人）"), o.requester),
        (_("地点"), o.place or "—"),
        (_("办理委员"), names(o.members.all()) or "—"),
        (_("所在活动"), _activity(o)),
        (_("登记日期"), o.raised_on),
        (_("办结日期"), o.done_on or "—"),
        (_("办理结果"), o.result or "—"),
        (_("备注"), o.note or "—"),
    ],
    actions={
        "complete": Action(
            _("办结"),
            lambda actor, obj, data: services.complete_service_item(actor=actor, item=obj, data=data),
            (Field("result", _("办理结果"), "textarea"), Field("done_on", _("办结日期"), "date")),
            available=flow(services.SERVICE_FLOW, "complete"),
            style="success",
            done=_("已办结。"),
            confirm=_("办结后按办结日期计入帮办实事、解决问题的统计。确定办结？"),
        ),
        "reopen": reopen(
            _("恢复办理"),
            lambda actor, obj, note: services.reopen_service_item(actor=actor, item=obj, note=note),
            services.SERVICE_FLOW,
            _("已恢复办理。"),
        ),
    },
)

DEMO_POINTS = Register(
    key="point",
    title=_("创城宣传示范点"),
    noun=_("示范点"),
    model=DemoPoint,
    form=forms.DemoPointForm,
    create=services.create_demo_point,
    update=lambda actor, obj, data: services.update_demo_point(actor=actor, point=obj, data=data),
    columns=(
        Col(_("示范点"), lambda o: o.name, 26, link=True, nowrap=False, order=("name",)),
        Col(_("地点"), lambda o: o.place, 20, nowrap=False, order=("place",)),
        Col(_("建成日期"), lambda o: day(o.built_on), 12, order=("built_on",)),
        Col(_("撤销日期"), lambda o: day(o.ended_on), 12, order=("ended_on",)),
        Col(_("督导委员"), lambda o: names(o.supervisors.all()), 20, nowrap=False),
        COMMITTEE,
    ),
    search=("name__icontains", "place__icontains"),
    date_field="built_on",
    prefetch=("supervisors",),
    member_fields=("supervisors",),
    export_what="supervision.points",
    details=lambda o: [
        (_("地点"), o.place),
        (_("期间"), f"{o.built_on} — {o.ended_on or ''}"),
        (_("督导委员"), names(o.supervisors.all()) or "—"),
        (_("备注"), o.note or "—"),
    ],
)
