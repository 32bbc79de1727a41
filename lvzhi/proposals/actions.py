"""What can be done to a proposal, to one of its assignments and to an extension request: one
action table each (lvzhi.core.actions). Each drives both the detail page's buttons and forms
(`proposals:act`, `proposals:assignment_act`, `proposals:decide_extension`) and the API's
`POST /api/v1/proposals/{id}/<action>`, `/assignments/{id}/<action>` and
`/proposal-extensions/{id}/<action>`: the page form's cleaned data and the API body carry the
same field names into the same `run`."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.actions import Action, ActionTable, plain
from lvzhi.proposals import forms, schemas, services
from lvzhi.proposals.choices import FILED_STATES, HANDLED_STATES, AssignmentState, ProposalState
from lvzhi.proposals.services.flows import (
    ASSIGNMENT_FLOW,
    EXTENSION_FLOW,
    PROPOSAL_FLOW,
    is_office,
    is_unit_of,
    may,
    member_of,
    raters_of,
    rule_labels,
)

# --- proposals -----------------------------------------------------------------------------------


def _flow(flow, name):
    return lambda user, obj: may(flow, name, obj, user)


def _pending_coproposer(user, proposal) -> bool:
    mid = member_of(user)
    return bool(mid) and any(c.member_id == mid and not c.confirmed_at for c in proposal.coproposers.all())


def _may_confirm(user, proposal) -> bool:
    return proposal.state == ProposalState.DRAFT and _pending_coproposer(user, proposal)


def _may_sign_on_paper(user, proposal) -> bool:
    return proposal.state == ProposalState.DRAFT and is_office(user, proposal)


def _note(data) -> str:
    return data.get("note") or ""


def _review(name, service, form=forms.NoteForm, body=schemas.NoteIn, description="", done="", confirm=""):
    """A review step that takes a note only."""
    return Action(
        name,
        rule_labels(PROPOSAL_FLOW)[name],
        run=lambda actor, p, data: service(actor=actor, proposal=p, note=_note(data)),
        form=plain(form),
        body=body,
        available=_flow(PROPOSAL_FLOW, name),
        description=description,
        confirm=confirm,
        done=done,
    )


def _flags_form(p, user, data=None, files=None):
    leaders = forms.leaders_of(p)
    return forms.KeyProposalForm(
        data,
        leaders=leaders.committee,
        initial={
            "is_key": p.is_key,
            "is_excellent": p.is_excellent,
            "leaders": [str(m.pk) for m in leaders.supervising],
        },
    )


PROPOSAL_ACTIONS = ActionTable(
    key="proposal",
    model="proposals.Proposal",
    api_path="proposals",
    page_url="proposals:act",
    actions=[
        _review(
            "submit",
            services.submit_proposal,
            description=_("提交。"),
            confirm=_("提交后不能再修改，提案将交提案委员会审查。确定提交？"),
            done=_("已提交。"),
        ),
        _review(
            "return",
            services.return_proposal,
            form=forms.RequiredNoteForm,
            description=_("退回修改。"),
            done=_("已退回修改。"),
        ),
        _review(
            "file",
            services.file_proposal,
            description=_("立案（编号）。"),
            confirm=_("立案后将编定案号并进入交办，不能撤回。确定立案？"),
            done=lambda p: _("已立案，案号 %(number)s。") % {"number": p.number},
        ),
        Action(
            "reject",
            rule_labels(PROPOSAL_FLOW)["reject"],
            run=lambda actor, p, data: services.reject_proposal(
                actor=actor, proposal=p, reason=data.get("reason"), note=_note(data)
            ),
            form=lambda p, user, data=None, files=None: forms.RejectForm(data, committee=p.committee),
            body=schemas.RejectIn,
            available=_flow(PROPOSAL_FLOW, "reject"),
            confirm=_("不予立案后这件提案不再办理，不能恢复。确定不予立案？"),
            done=_("已不予立案。"),
            style="outline-danger",
            description=_("不予立案：理由（本会理由列表之一）与说明。"),
        ),
        Action(
            "convert",
            rule_labels(PROPOSAL_FLOW)["convert"],
            run=lambda actor, p, data: services.convert_proposal(
                actor=actor, proposal=p, target=data.get("target"), note=_note(data)
            ),
            form=plain(forms.ConvertForm),
            body=schemas.ConvertIn,
            available=_flow(PROPOSAL_FLOW, "convert"),
            confirm=_("转办后这件提案不再作为提案办理。确定转办？"),
            done=_("已转办。"),
            description=_("转为意见建议（suggestion）或社情民意信息（opinion）。"),
        ),
        Action(
            "merge",
            rule_labels(PROPOSAL_FLOW)["merge"],
            run=lambda actor, p, data: services.merge_proposal(
                actor=actor, proposal=p, into=data.get("into"), note=_note(data)
            ),
            form=lambda p, user, data=None, files=None: forms.MergeForm(data, files, proposal=p),
            body=schemas.MergeIn,
            available=_flow(PROPOSAL_FLOW, "merge"),
            confirm=_("并案后这件提案并入所选提案，不再单独办理。确定并案？"),
            done=_("已并案。"),
            description=_("并入一件已立案的提案。"),
        ),
        Action(
            "withdraw",
            rule_labels(PROPOSAL_FLOW)["withdraw"],
            run=lambda actor, p, data: services.withdraw_proposal(actor=actor, proposal=p, note=_note(data)),
            form=plain(forms.NoteForm),
            body=schemas.NoteIn,
            available=_flow(PROPOSAL_FLOW, "withdraw"),
            confirm=_("撤案后这件提案不再办理，不能恢复。确定撤案？"),
            done=_("已撤案。"),
            style="outline-danger",
            description=_("撤案。"),
        ),
        Action(
            "assign",
            rule_labels(PROPOSAL_FLOW)["assign"],
            run=lambda actor, p, data: services.assign_proposal(
                actor=actor, proposal=p, units=data["units"], deadline=data.get("deadline"), note=_note(data)
            ),
            form=lambda p, user, data=None, files=None: forms.AssignForm(data, committee=p.committee),
            body=schemas.AssignIn,
            available=_flow(PROPOSAL_FLOW, "assign"),
            confirm=_("交办后承办单位即收到办理任务，开始计算办理期限。确定交办？"),
            done=_("已交办。"),
            description=_("交办：一个主办单位加会办单位，或若干分办单位。"),
        ),
        _review(
            "close",
            services.close_proposal,
            description=_("办结。"),
            confirm=_("办结后不能再答复或评价。确定办结？"),
            done=_("已办结。"),
        ),
        Action(
            "flags",
            _("重点 / 优秀提案"),
            run=lambda actor, p, data: services.set_flags(
                actor=actor,
                proposal=p,
                is_key=data.get("is_key"),
                is_excellent=data.get("is_excellent"),
                leaders=data.get("leaders"),
            ),
            form=_flags_form,
            body=schemas.FlagsIn,
            available=lambda user, p: is_office(user, p) and p.state in FILED_STATES,
            done=_("已保存。"),
            description=_("设为重点提案 / 优秀提案，并确定督办领导。"),
        ),
        Action(
            "supervise",
            _("督办记录"),
            run=lambda actor, p, data: services.add_supervision(
                actor=actor,
                proposal=p,
                kind=data.get("kind"),
                date=data.get("date"),
                leader=data.get("leader") or None,
                notes=data.get("notes") or "",
                upload=data.get("file") or None,
            ),
            form=lambda p, user, data=None, files=None: forms.SuperviseForm(
                data, files, leaders=forms.leaders_of(p).committee
            ),
            body=schemas.SuperviseIn,
            available=lambda user, p: is_office(user, p) and p.state in HANDLED_STATES,
            done=_("督办记录已保存。"),
            description=_("督办记录（会议、现场、书面）；页面上可附一个文件。"),
        ),
        Action(
            "confirm",
            _("确认联名"),
            run=lambda actor, p, data: services.confirm_coproposal(actor=actor, proposal=p),
            form=plain(forms.ConfirmForm),
            body=schemas.NoteIn,
            available=_may_confirm,
            done=_("已确认联名。"),
            style="success",
            description=_("附议人在线确认联名。"),
        ),
        Action(
            "paper-signature",
            _("登记纸质签名"),
            run=lambda actor, p, data: services.record_paper_signature(actor=actor, proposal=p, member=data["member"]),
            form=plain(forms.PaperSignatureForm),
            body=schemas.PaperSignatureIn,
            available=_may_sign_on_paper,
            done=_("纸质签名已登记。"),
            style="link",
            description=_("工作人员登记附议人在纸质提案表上的签名。"),
        ),
    ],
)

# --- assignments ---------------------------------------------------------------------------------


def _raters_of(proposal) -> set[int]:
    """The proposal's raters, computed once per proposal object (a page shows several assignments)."""
    cached = getattr(proposal, "_lvzhi_raters", None)
    if cached is None:
        cached = proposal._lvzhi_raters = raters_of(proposal)
    return cached


def _may_evaluate(user, a) -> bool:
    mid = member_of(user)
    if not (mid and a.answers and a.state == AssignmentState.REPLIED and mid in _raters_of(a.proposal)):
        return False
    return mid not in {e.member_id for e in a.evaluations.all() if e.round == a.round}


def _assignment_form(form_class):
    return lambda a, user, data=None, files=None: form_class(data, files, committee=a.committee)


def _unit_step(name, run, form, body, description, done, confirm=""):
    return Action(
        name,
        rule_labels(ASSIGNMENT_FLOW)[name],
        run=run,
        form=form,
        body=body,
        available=_flow(ASSIGNMENT_FLOW, name),
        description=description,
        confirm=confirm,
        done=done,
    )


ASSIGNMENT_ACTIONS = ActionTable(
    key="assignment",
    model="proposals.Assignment",
    api_path="assignments",
    page_url="proposals:assignment_act",
    actions=[
        _unit_step(
            "sign",
            lambda actor, a, data: services.sign_assignment(actor=actor, assignment=a),
            plain(forms.ConfirmForm),
            schemas.EmptyIn,
            _("签收。"),
            _("已签收。"),
        ),
        _unit_step(
            "object",
            lambda actor, a, data: services.object_assignment(actor=actor, assignment=a, reason=data.get("reason")),
            plain(forms.ReasonForm),
            schemas.ReasonIn,
            _("在申请调整期限内提出调整。"),
            _("调整申请已提交。"),
        ),
        _unit_step(
            "reassign",
            lambda actor, a, data: services.reassign_assignment(
                actor=actor, assignment=a, unit=data.get("unit"), deadline=data.get("deadline")
            ),
            lambda a, user, data=None, files=None: forms.ReassignForm(data, committee=a.committee),
            schemas.ReassignIn,
            _("工作人员改办给另一单位（单位申请调整后）。"),
            _("已改办。"),
            _("改办后原承办单位不再办理这件提案。确定改办？"),
        ),
        _unit_step(
            "reply",
            lambda actor, a, data: services.reply_assignment(
                actor=actor,
                assignment=a,
                category=data.get("category"),
                text=data.get("text"),
                contact=data.get("contact") or "",
                upload=data.get("letter") or None,
            ),
            _assignment_form(forms.ReplyForm),
            schemas.ReplyIn,
            _("主办（分办）单位答复：类别、内容、联系人；页面上可附盖章答复函。"),
            _("答复已提交。"),
            _("答复提交后不能修改，提案人将收到答复并评价。确定提交答复？"),
        ),
        _unit_step(
            "opinion",
            lambda actor, a, data: services.send_opinion(actor=actor, assignment=a, text=data.get("text")),
            plain(forms.OpinionForm),
            schemas.TextIn,
            _("会办单位提出会办意见。"),
            _("会办意见已提交。"),
            _("会办意见提交后不能修改，将送主办单位。确定提交？"),
        ),
        _unit_step(
            "reopen",
            lambda actor, a, data: services.reopen_assignment(
                actor=actor, assignment=a, deadline=data.get("deadline"), note=_note(data)
            ),
            plain(forms.ReopenForm),
            schemas.RedoIn,
            _("不满意时重办该单位的交办。"),
            _("已重办。"),
            _("重办后承办单位须重新答复。确定重办？"),
        ),
        Action(
            "extend",
            _("申请延期"),
            run=lambda actor, a, data: services.request_extension(
                actor=actor, assignment=a, until=data.get("until"), reason=data.get("reason")
            ),
            form=plain(forms.ExtendForm),
            body=schemas.ExtendIn,
            available=lambda user, a: is_unit_of(user, a) and a.is_open,
            done=_("延期申请已提交。"),
            description=_("申请延期。"),
        ),
        Action(
            "evaluate",
            _("评价答复"),
            run=lambda actor, a, data: services.evaluate_assignment(
                actor=actor, assignment=a, rating=data.get("rating"), comment=data.get("comment") or ""
            ),
            form=plain(forms.EvaluateForm),
            body=schemas.RatingIn,
            available=_may_evaluate,
            confirm=_("评价提交后不能修改；不满意将启动重办。确定提交评价？"),
            done=_("评价已提交。"),
            description=_("提案人评价一个答复单位。"),
        ),
    ],
)

# --- extension requests --------------------------------------------------------------------------


def _decide(approve):
    return lambda actor, e, data: services.decide_extension(actor=actor, extension=e, approve=approve, note=_note(data))


EXTENSION_ACTIONS = ActionTable(
    key="proposal_extension",
    model="proposals.ExtensionRequest",
    api_path="proposal-extensions",
    page_url="proposals:decide_extension",
    actions=[
        Action(
            name,
            rule_labels(EXTENSION_FLOW)[name],
            run=_decide(name == "approve"),
            form=plain(forms.NoteForm),
            body=schemas.NoteIn,
            available=_flow(EXTENSION_FLOW, name),
            style="outline-success" if name == "approve" else "outline-danger",
            confirm=(
                _("同意后承办单位的办理期限将延长，不能撤回。确定同意？")
                if name == "approve"
                else _("不同意后承办单位须按原期限答复。确定不同意？")
            ),
            done=_("已同意延期。") if name == "approve" else _("已不同意延期。"),
            description=_("工作人员同意或不同意承办单位的延期申请。"),
        )
        for name in ("approve", "refuse")
    ],
)

TABLES = [PROPOSAL_ACTIONS, ASSIGNMENT_ACTIONS, EXTENSION_ACTIONS]
