"""The registers of the module, each declared once: columns (list and export), filters,
search, form, services, detail fields and the actions of its detail page. The pages
(`views/`), the API, the action tables (`actions.py`) and the manifest read these declarations."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.exports import choice_label
from lvzhi.core.registers import COMMITTEE, Action, Col, Field, Register, day, flow, names, reopen
from lvzhi.supervision import forms, services
from lvzhi.supervision.choices import (
    ClueSource,
    ClueState,
    DisputeKind,
    MediationResult,
    MediationState,
    PartnerKind,
    PostRole,
    SupportKind,
)
from lvzhi.supervision.models import (
    EnterpriseProblem,
    InvestmentProject,
    InvestmentVisit,
    LiaisonPair,
    LitigationClue,
    MediationCase,
    PartnerCommittee,
    SupervisorPost,
    SupportItem,
)
from lvzhi.supervision.registers_people import DEMO_POINTS, SERVICE


def _manages(user, obj):
    return services.can_manage(user, obj.committee_id)


def _open_case(user, obj):
    return _manages(user, obj) and obj.state == MediationState.OPEN


MEDIATION = Register(
    key="mediation",
    title=_("诉前调解"),
    noun=_("调解案件"),
    model=MediationCase,
    form=forms.MediationForm,
    create=services.create_mediation_case,
    update=lambda actor, obj, data: services.update_mediation_case(actor=actor, case=obj, data=data),
    columns=(
        Col(_("法院案号"), lambda o: o.case_number, 26, link=True, order=("case_number",)),
        Col(_("受理日期"), lambda o: day(o.received_on), 12, order=("received_on",)),
        Col(_("委托法院"), lambda o: o.court, 20, order=("court",)),
        Col(_("纠纷类型"), lambda o: choice_label(o, "dispute_kind"), 14, order=("dispute_kind",)),
        Col(_("当事人"), lambda o: o.parties_masked, 16),
        Col(_("调解委员"), lambda o: names(o.mediators.all()), 24, nowrap=False),
        Col(_("状态"), lambda o: choice_label(o, "state"), 10, badge=lambda o: o.state_color, order=("state",)),
        Col(_("结果"), lambda o: choice_label(o, "result") if o.result else "", 10, order=("result",)),
        Col(_("结案日期"), lambda o: day(o.closed_on), 12, order=("closed_on",)),
        COMMITTEE,
    ),
    search=("case_number__icontains", "court__icontains", "summary__icontains"),
    date_field="received_on",
    filters=(
        ("dispute_kind", _("纠纷类型"), tuple(DisputeKind.choices)),
        ("result", _("结果"), tuple(MediationResult.choices)),
    ),
    prefetch=("mediators",),
    has_state=True,
    member_fields=("mediators",),
    editable=lambda obj: obj.state == MediationState.OPEN,
    export_what="supervision.mediation",
    sections="supervision/_mediation.html",
    details=lambda o: [
        (_("委托法院"), o.court),
        (_("法院案号"), o.case_number),
        (_("纠纷类型"), o.get_dispute_kind_display()),
        (_("受理日期"), o.received_on),
        (_("调解委员"), names(o.mediators.all()) or "—"),
        (_("结果"), o.get_result_display() or "—"),
        (_("结案日期"), o.closed_on or "—"),
        (_("结案说明"), o.outcome_note or "—"),
        (_("案情摘要"), o.summary or "—"),
        (_("备注"), o.note or "—"),
    ],
    actions={
        "session": Action(
            _("登记调解"),
            lambda actor, obj, data: services.add_mediation_session(actor=actor, case=obj, data=data),
            (
                Field("held_on", _("调解日期"), "date"),
                Field("place", _("地点"), required=False),
                Field("note", _("情况"), required=False),
            ),
            available=_open_case,
            done=_("已登记调解场次。"),
        ),
        "conclude": Action(
            _("调结"),
            lambda actor, obj, data: services.conclude_mediation_case(actor=actor, case=obj, data=data),
            (
                Field("result", _("调解结果"), "select", tuple(MediationResult.choices)),
                Field("closed_on", _("结案日期"), "date"),
                Field("outcome_note", _("结案说明"), "textarea", required=False),
            ),
            available=flow(services.MEDIATION_FLOW, "conclude"),
            style="success",
            confirm=_("调结后案件结束。确定调结？"),
            done=_("案件已调结。"),
        ),
        "return": Action(
            _("退回法院"),
            lambda actor, obj, data: services.return_mediation_case(actor=actor, case=obj, data=data),
            (Field("closed_on", _("退回日期"), "date"), Field("outcome_note", _("原因"), "textarea", required=False)),
            available=flow(services.MEDIATION_FLOW, "return"),
            style="outline-secondary",
            confirm=_("退回法院后案件结束调解。确定退回？"),
            done=_("案件已退回法院。"),
        ),
        "reopen": reopen(
            _("重新调解"),
            lambda actor, obj, note: services.reopen_mediation_case(actor=actor, case=obj, note=note),
            services.MEDIATION_FLOW,
            _("案件已恢复为调解中。"),
        ),
    },
)

CLUES = Register(
    key="clue",
    title=_("公益诉讼线索"),
    noun=_("线索"),
    model=LitigationClue,
    form=forms.ClueForm,
    create=services.create_clue,
    update=lambda actor, obj, data: services.update_clue(actor=actor, clue=obj, data=data),
    columns=(
        Col(_("线索名称"), lambda o: o.title, 30, link=True, nowrap=False, order=("title",)),
        Col(_("发现日期"), lambda o: day(o.recorded_on), 12, order=("recorded_on",)),
        Col(_("来源"), lambda o: o.source_label, 24, nowrap=False),
        Col(_("检察机关"), lambda o: o.procuratorate, 16, order=("procuratorate",)),
        Col(_("状态"), lambda o: choice_label(o, "state"), 12, badge=lambda o: o.state_color, order=("state",)),
        Col(_("立案日期"), lambda o: day(o.filed_on), 12, order=("filed_on",)),
        Col(_("检察建议"), lambda o: day(o.suggestion_on), 12, order=("suggestion_on",)),
        COMMITTEE,
    ),
    search=("title__icontains", "summary__icontains", "source_reference__icontains", "case_number__icontains"),
    date_field="recorded_on",
    filters=(("source_kind", _("来源"), tuple(ClueSource.choices)),),
    select=("proposal", "opinion_report"),
    prefetch=("contributors",),
    has_state=True,
    member_fields=("contributors",),
    editable=lambda obj: obj.state in (ClueState.REGISTERED, ClueState.SENT),
    export_what="supervision.clues",
    details=lambda o: [
        (_("来源"), o.source_label),
        (_("发现日期"), o.recorded_on),
        (_("提供线索的委员"), names(o.contributors.all()) or "—"),
        (_("检察机关"), o.procuratorate or "—"),
        (_("移送日期"), o.sent_on or "—"),
        (_("立案案号"), o.case_number or "—"),
        (_("立案日期"), o.filed_on or "—"),
        (_("制发检察建议"), o.suggestion_on or "—"),
        (_("检察建议要点"), o.suggestion_summary or "—"),
        (_("办理结果"), o.result or "—"),
        (_("办结日期"), o.closed_on or "—"),
        (_("线索内容"), o.summary or "—"),
    ],
    sections="supervision/_clue.html",
    actions={
        "send": Action(
            _("移送检察机关"),
            lambda actor, obj, data: services.send_clue(actor=actor, clue=obj, data=data),
            (Field("procuratorate", _("检察机关")), Field("sent_on", _("移送日期"), "date")),
            available=flow(services.CLUE_FLOW, "send"),
            confirm=_("移送后不能撤回，线索将交检察机关办理。确定移送？"),
            done=_("线索已移送。"),
        ),
        "file": Action(
            _("登记立案"),
            lambda actor, obj, data: services.file_clue_case(actor=actor, clue=obj, data=data),
            (Field("case_number", _("立案案号")), Field("filed_on", _("立案日期"), "date")),
            available=flow(services.CLUE_FLOW, "file"),
            done=_("已登记立案。"),
        ),
        "decline": Action(
            _("登记不予立案"),
            lambda actor, obj, data: services.decline_clue(actor=actor, clue=obj, data=data),
            (Field("result", _("答复情况"), "textarea"), Field("closed_on", _("答复日期"), "date")),
            available=flow(services.CLUE_FLOW, "decline"),
            style="outline-secondary",
            done=_("已登记不予立案。"),
        ),
        "suggest": Action(
            _("登记检察建议"),
            lambda actor, obj, data: services.issue_suggestion(actor=actor, clue=obj, data=data),
            (
                Field("suggestion_on", _("制发日期"), "date"),
                Field("suggestion_summary", _("建议要点"), "textarea", required=False),
            ),
            available=flow(services.CLUE_FLOW, "suggest"),
            done=_("已登记检察建议。"),
        ),
        "close": Action(
            _("登记办理结果"),
            lambda actor, obj, data: services.close_clue(actor=actor, clue=obj, data=data),
            (Field("result", _("办理结果"), "textarea"), Field("closed_on", _("办结日期"), "date")),
            available=flow(services.CLUE_FLOW, "close"),
            style="success",
            confirm=_("登记办理结果后线索办结。确定登记？"),
            done=_("已登记办理结果。"),
        ),
    },
)

POSTS = Register(
    key="post",
    title=_("特邀监督员、评议员"),
    noun=_("推荐"),
    model=SupervisorPost,
    form=forms.PostForm,
    create=services.create_supervisor_post,
    update=lambda actor, obj, data: services.update_supervisor_post(actor=actor, post=obj, data=data),
    columns=(
        Col(_("委员"), lambda o: o.member.name, 10, link=True, order=("member__name_pinyin",)),
        Col(_("推荐到的单位"), lambda o: o.body, 24, order=("body",)),
        Col(_("担任（参与）"), lambda o: choice_label(o, "role"), 12, order=("role",)),
        Col(_("推荐日期"), lambda o: day(o.recommended_on), 12, order=("recommended_on",)),
        Col(_("结束日期"), lambda o: day(o.end_on), 12, order=("end_on",)),
        Col(_("状态"), lambda o: choice_label(o, "state"), 8, badge=lambda o: o.state_color, order=("state",)),
        COMMITTEE,
    ),
    search=("member__name__icontains", "body__icontains"),
    date_field="recommended_on",
    filters=(("role", _("担任（参与）"), tuple(PostRole.choices)),),
    select=("member",),
    has_state=True,
    member_fields=("member",),
    export_what="supervision.posts",
    details=lambda o: [
        (_("委员"), o.member.name),
        (_("推荐到的单位"), o.body),
        (_("担任（参与）"), o.get_role_display()),
        (_("推荐日期"), o.recommended_on),
        (_("任期"), f"{o.start_on or '—'} — {o.end_on or ''}"),
        (_("备注"), o.note or "—"),
    ],
    actions={
        "end": Action(
            _("结束任职"),
            lambda actor, obj, data: services.end_supervisor_post(actor=actor, post=obj, data=data),
            (Field("end_on", _("结束日期"), "date"),),
            available=flow(services.POST_FLOW, "end"),
            style="outline-secondary",
            confirm=_("结束后该特约监督员不再在任。确定结束任职？"),
            done=_("已结束。"),
        )
    },
)

VISITS = Register(
    key="visit",
    title=_("招商考察"),
    noun=_("考察"),
    model=InvestmentVisit,
    form=forms.VisitForm,
    create=services.create_investment_visit,
    update=lambda actor, obj, data: services.update_investment_visit(actor=actor, visit=obj, data=data),
    columns=(
        Col(_("考察地"), lambda o: o.destination, 16, link=True, order=("destination",)),
        Col(_("出发日期"), lambda o: day(o.started_on), 12, order=("started_on",)),
        Col(_("返回日期"), lambda o: day(o.ended_on), 12, order=("ended_on",)),
        Col(_("考察团委员"), lambda o: names(o.delegation.all()), 30, nowrap=False),
        Col(_("对接企业"), lambda o: len(o.enterprises.all()), 10),
        COMMITTEE,
    ),
    search=("destination__icontains", "purpose__icontains"),
    date_field="started_on",
    prefetch=("delegation", "enterprises"),
    member_fields=("delegation",),
    export_what="supervision.visits",
    sections="supervision/_visit.html",
    details=lambda o: [
        (_("考察地"), o.destination),
        (_("日期"), f"{o.started_on} — {o.ended_on or ''}"),
        (_("考察团委员"), names(o.delegation.all()) or "—"),
        (_("考察事项"), o.purpose or "—"),
        (_("备注"), o.note or "—"),
    ],
)

PROJECTS = Register(
    key="project",
    title=_("签约项目"),
    noun=_("项目"),
    model=InvestmentProject,
    form=forms.ProjectForm,
    create=services.create_investment_project,
    update=lambda actor, obj, data: services.update_investment_project(actor=actor, project=obj, data=data),
    columns=(
        Col(_("项目名称"), lambda o: o.name, 30, link=True, nowrap=False, order=("name",)),
        Col(_("投资方"), lambda o: o.investor, 24, nowrap=False, order=("investor",)),
        Col(_("投资额（万元）"), lambda o: o.amount_wan, 14, order=("amount_wan",)),
        Col(_("签约日期"), lambda o: day(o.signed_on), 12, order=("signed_on",)),
        Col(_("产业"), lambda o: o.industry, 10, order=("industry",)),
        Col(_("引进单位"), lambda o: o.committee.short_name, 10, order=("committee__path",)),
    ),
    search=("name__icontains", "investor__icontains", "industry__icontains"),
    date_field="signed_on",
    select=("visit",),
    export_what="supervision.projects",
    details=lambda o: [
        (_("投资方"), o.investor),
        (_("投资额（万元）"), o.amount_wan),
        (_("签约日期"), o.signed_on),
        (_("产业"), o.industry or "—"),
        (_("引进单位"), o.committee.name),
        (_("来自招商考察"), o.visit or "—"),
        (_("备注"), o.note or "—"),
    ],
)

PAIRS = Register(
    key="pair",
    title=_("包抓联企业"),
    noun=_("包抓联系"),
    model=LiaisonPair,
    form=forms.PairForm,
    create=services.create_liaison_pair,
    update=lambda actor, obj, data: services.update_liaison_pair(actor=actor, pair=obj, data=data),
    columns=(
        Col(_("联系企业"), lambda o: o.enterprise, 26, link=True, nowrap=False, order=("enterprise",)),
        Col(_("包抓领导"), lambda o: o.leader.name, 10, order=("leader__name_pinyin",)),
        Col(_("建立联系日期"), lambda o: day(o.started_on), 12, order=("started_on",)),
        COMMITTEE,
    ),
    search=("enterprise__icontains", "leader__name__icontains"),
    date_field="started_on",
    select=("leader",),
    member_fields=("leader",),
    export_what="supervision.pairs",
    sections="supervision/_pair.html",
    details=lambda o: [
        (_("包抓领导"), o.leader.name),
        (_("联系企业"), o.enterprise),
        (_("建立联系日期"), o.started_on),
        (_("备注"), o.note or "—"),
    ],
    actions={
        "problem": Action(
            _("登记企业反映的问题"),
            lambda actor, obj, data: services.raise_enterprise_problem(actor=actor, pair=obj, data=data),
            (Field("description", _("问题"), "textarea"), Field("raised_on", _("反映日期"), "date")),
            available=_manages,
            done=_("问题已登记。"),
        )
    },
)

PROBLEMS = Register(
    key="problem",
    title=_("企业问题"),
    noun=_("问题"),
    model=EnterpriseProblem,
    form=None,
    create=None,
    update=None,
    columns=(
        Col(_("问题"), lambda o: o.description, 36, link=True, nowrap=False, order=("description",)),
        Col(_("企业"), lambda o: o.pair.enterprise, 20, nowrap=False, order=("pair__enterprise",)),
        Col(_("包抓领导"), lambda o: o.pair.leader.name, 10, order=("pair__leader__name_pinyin",)),
        Col(_("反映日期"), lambda o: day(o.raised_on), 12, order=("raised_on",)),
        Col(_("状态"), lambda o: choice_label(o, "state"), 8, badge=lambda o: o.state_color, order=("state",)),
        Col(_("解决日期"), lambda o: day(o.resolved_on), 12, order=("resolved_on",)),
        COMMITTEE,
    ),
    search=("description__icontains", "pair__enterprise__icontains", "resolution__icontains"),
    date_field="raised_on",
    select=("pair", "pair__leader"),
    has_state=True,
    editable=lambda obj: False,
    export_what="supervision.problems",
    details=lambda o: [
        (_("企业"), o.pair.enterprise),
        (_("包抓领导"), o.pair.leader.name),
        (_("反映日期"), o.raised_on),
        (_("问题"), o.description),
        (_("协调办理情况"), o.handling or "—"),
        (_("解决结果"), o.resolution or "—"),
        (_("解决（终止）日期"), o.resolved_on or "—"),
    ],
    actions={
        "handle": Action(
            _("登记协调情况"),
            lambda actor, obj, data: services.handle_problem(actor=actor, problem=obj, data=data),
            (Field("handling", _("协调情况"), "textarea"),),
            available=flow(services.PROBLEM_FLOW, "handle"),
            done=_("已登记。"),
        ),
        "solve": Action(
            _("问题已解决"),
            lambda actor, obj, data: services.solve_problem(actor=actor, problem=obj, data=data),
            (Field("resolution", _("解决结果"), "textarea"), Field("resolved_on", _("解决日期"), "date")),
            available=flow(services.PROBLEM_FLOW, "solve"),
            style="success",
            confirm=_("标记为已解决后问题办结。确定？"),
            done=_("问题已解决。"),
        ),
        "close": Action(
            _("终止协调"),
            lambda actor, obj, data: services.close_problem(actor=actor, problem=obj, data=data),
            (Field("resolution", _("原因"), "textarea"), Field("resolved_on", _("日期"), "date")),
            available=flow(services.PROBLEM_FLOW, "close"),
            style="outline-secondary",
            confirm=_("终止后不再协调这个问题。确定终止？"),
            done=_("已终止。"),
        ),
        "reopen": reopen(
            _("重新协调"),
            lambda actor, obj, note: services.reopen_problem(actor=actor, problem=obj, note=note),
            services.PROBLEM_FLOW,
            _("已重新协调。"),
        ),
    },
)

SUPPORT = Register(
    key="support",
    title=_("助力中心工作"),
    noun=_("事项"),
    model=SupportItem,
    form=forms.SupportForm,
    create=services.create_support_item,
    update=lambda actor, obj, data: services.update_support_item(actor=actor, item=obj, data=data),
    columns=(
        Col(_("事项"), lambda o: o.title, 30, link=True, nowrap=False, order=("title",)),
        Col(_("类别"), lambda o: o.kind_label, 16, order=("kind",)),
        Col(_("数额"), lambda o: o.amount, 10, order=("amount",)),
        Col(_("单位"), lambda o: o.unit, 6, order=("unit",)),
        Col(_("日期"), lambda o: day(o.occurred_on), 12, order=("occurred_on",)),
        COMMITTEE,
    ),
    search=("title__icontains", "kind_name__icontains"),
    date_field="occurred_on",
    filters=(("kind", _("类别"), tuple(SupportKind.choices)),),
    export_what="supervision.support",
    details=lambda o: [
        (_("类别"), o.kind_label),
        (_("数额"), f"{o.amount} {o.unit}"),
        (_("日期"), o.occurred_on),
        (_("备注"), o.note or "—"),
    ],
)

PARTNERS = Register(
    key="partner",
    title=_("友好政协"),
    noun=_("协作政协"),
    model=PartnerCommittee,
    form=forms.PartnerForm,
    create=services.create_partner_committee,
    update=lambda actor, obj, data: services.update_partner_committee(actor=actor, partner=obj, data=data),
    columns=(
        Col(_("协作政协"), lambda o: o.partner, 20, link=True, order=("partner",)),
        Col(_("协作形式"), lambda o: choice_label(o, "kind"), 14, order=("kind",)),
        Col(_("建立日期"), lambda o: day(o.agreement_on), 12, order=("agreement_on",)),
        Col(_("联合活动"), lambda o: len(o.activities.all()), 10),
        COMMITTEE,
    ),
    search=("partner__icontains", "note__icontains"),
    date_field="agreement_on",
    filters=(("kind", _("协作形式"), tuple(PartnerKind.choices)),),
    prefetch=("activities",),
    export_what="supervision.partners",
    sections="supervision/_partner.html",
    details=lambda o: [
        (_("协作形式"), o.get_kind_display()),
        (_("建立日期"), o.agreement_on),
        (_("备注"), o.note or "—"),
    ],
    actions={
        "activity": Action(
            _("登记联合活动"),
            lambda actor, obj, data: services.add_partner_activity(actor=actor, partner=obj, data=data),
            (Field("title", _("活动")), Field("held_on", _("日期"), "date"), Field("place", _("地点"), required=False)),
            available=_manages,
            done=_("已登记联合活动。"),
        )
    },
)

REGISTERS = {
    r.key: r
    for r in (MEDIATION, CLUES, POSTS, VISITS, PROJECTS, PAIRS, PROBLEMS, SUPPORT, PARTNERS, SERVICE, DEMO_POINTS)
}
