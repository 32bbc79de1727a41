"""The detail page of a proposal: its text, co-proposers, assignments with replies and ratings,
supervision, similar proposals, the timeline, and a form for every action the user may take."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.attachments import store_attachment
from lvzhi.core.errors import NotFound, ServiceError
from lvzhi.core.forms import apply_service_error
from lvzhi.core.workflow import timeline
from lvzhi.proposals import attachments as files
from lvzhi.proposals import forms, services, similarity
from lvzhi.proposals.choices import AssignmentState, ExtensionState
from lvzhi.proposals.models import Assignment, ExtensionRequest
from lvzhi.proposals.views.common import get_assignment_for_user, get_proposal_for_user


def _proposal_forms(proposal, user, data=None, only=None, files=None):
    """(action, label, form) for every proposal action the user may take now."""
    committee = proposal.committee
    builders = {
        "submit": lambda d: forms.NoteForm(d),
        "return": lambda d: forms.RequiredNoteForm(d),
        "file": lambda d: forms.NoteForm(d),
        "reject": lambda d: forms.RejectForm(d, committee=committee),
        "convert": lambda d: forms.ConvertForm(d),
        "merge": lambda d: forms.MergeForm(d),
        "withdraw": lambda d: forms.NoteForm(d),
        "assign": lambda d: forms.AssignForm(d, committee=committee),
        "close": lambda d: forms.NoteForm(d),
    }
    labels = {r.action: r.label for rules in services.PROPOSAL_FLOW.rules.values() for r in rules}
    result = []
    for action in services.proposal_actions(proposal, user):
        bound = data if only == action else None
        result.append((action, labels[action], builders[action](bound)))
    if services.is_office(user, proposal) and proposal.state in ("filed", "assigned", "replied", "closed"):
        result.append(
            (
                "flags",
                _("重点 / 优秀提案"),
                forms.KeyProposalForm(
                    data if only == "flags" else None,
                    committee=committee,
                    initial={
                        "is_key": proposal.is_key,
                        "is_excellent": proposal.is_excellent,
                        "leaders": [str(m.pk) for m in proposal.supervising_leaders.all()],
                    },
                ),
            )
        )
    if services.is_office(user, proposal) and proposal.state in ("assigned", "replied", "closed"):
        result.append(
            (
                "supervise",
                _("督办记录"),
                forms.SuperviseForm(
                    data if only == "supervise" else None, files if only == "supervise" else None, committee=committee
                ),
            )
        )
    return result


def _run_proposal_action(request, proposal, action, form):
    user, data = request.user, form.cleaned_data
    note = data.get("note", "")
    if action == "submit":
        services.submit_proposal(actor=user, proposal=proposal, note=note)
    elif action == "return":
        services.return_proposal(actor=user, proposal=proposal, note=note)
    elif action == "file":
        services.file_proposal(actor=user, proposal=proposal, note=note)
    elif action == "reject":
        services.reject_proposal(actor=user, proposal=proposal, reason=data["reason"], note=note)
    elif action == "convert":
        services.convert_proposal(actor=user, proposal=proposal, target=data["target"], note=note)
    elif action == "merge":
        services.merge_proposal(actor=user, proposal=proposal, into=data["into"], note=note)
    elif action == "withdraw":
        services.withdraw_proposal(actor=user, proposal=proposal, note=note)
    elif action == "assign":
        services.assign_proposal(
            actor=user, proposal=proposal, units=form.units(), deadline=data.get("deadline"), note=note
        )
    elif action == "close":
        services.close_proposal(actor=user, proposal=proposal, note=note)
    elif action == "flags":
        services.set_flags(
            actor=user,
            proposal=proposal,
            is_key=data["is_key"],
            is_excellent=data["is_excellent"],
            leaders=data.get("leaders") or [],
        )
    elif action == "supervise":
        from django.db import transaction

        with transaction.atomic():
            row = services.add_supervision(
                actor=user,
                proposal=proposal,
                kind=data["kind"],
                date=data["date"],
                leader=data.get("leader") or None,
                notes=data.get("notes", ""),
            )
            if data.get("file"):
                files.add_supervision_attachment(actor=user, supervision=row, upload=data["file"])


def _assignment_rows(proposal, user, bound=None):
    """The assignments the user may see, each with its evaluations and the user's action forms."""
    qs = Assignment.objects.visible_to(user).filter(proposal=proposal)
    qs = qs.select_related("unit", "reply_category", "reply_letter").prefetch_related(
        "evaluations__member", "extensions"
    )
    raters = services._raters(proposal)
    mid = services.member_of(user)
    rows = []
    labels = {r.action: r.label for rules in services.ASSIGNMENT_FLOW.rules.values() for r in rules}
    for a in qs:
        a.proposal = proposal
        actions = []
        for action in services.assignment_actions(a, user):
            data = bound[1] if bound and bound[0] == (a.pk, action) else None
            files = bound[2] if bound and bound[0] == (a.pk, action) else None
            actions.append((action, labels[action], _assignment_form(action, a, data, files)))
        if services.is_unit_of(user, a) and a.is_open:
            key = (a.pk, "extend")
            data = bound[1] if bound and bound[0] == key else None
            actions.append(("extend", _("申请延期"), forms.ExtendForm(data)))
        rated = {e.member_id for e in a.evaluations.all() if e.round == a.round}
        if mid and mid in raters and a.answers and a.state == AssignmentState.REPLIED and mid not in rated:
            data = bound[1] if bound and bound[0] == (a.pk, "evaluate") else None
            actions.append(("evaluate", _("评价答复"), forms.EvaluateForm(data)))
        pending = [e for e in a.extensions.all() if e.state == ExtensionState.PENDING]
        rows.append(
            {
                "a": a,
                "actions": actions,
                "pending_extensions": pending if services.is_office(user, a) else [],
                "overdue": a.is_overdue(),
            }
        )
    return rows


def _assignment_form(action, a, data=None, files=None):
    committee = a.committee
    if action == "sign":
        return forms.forms.Form(data)
    if action == "object":
        return forms.ReasonForm(data)
    if action == "reassign":
        return forms.ReassignForm(data, committee=committee)
    if action == "reply":
        return forms.ReplyForm(data, files, committee=committee)
    if action == "opinion":
        return forms.OpinionForm(data)
    if action == "reopen":
        return forms.ReopenForm(data)
    raise NotFound()


def _full_timeline(proposal, user):
    """The proposal's transitions with those of the assignments the user may see and the ratings."""
    from types import SimpleNamespace

    rows = list(timeline(proposal))
    visible = list(
        Assignment.objects.visible_to(user)
        .filter(proposal=proposal)
        .select_related("unit")
        .prefetch_related("evaluations__member")
    )
    for a in visible:
        for t in timeline(a):
            t.note = f"{a.unit}（{a.get_role_display()}）{('：' + t.note) if t.note else ''}"
            rows.append(t)
        for e in a.evaluations.all():
            rows.append(
                SimpleNamespace(
                    at=e.created_at,
                    actor=e.member,
                    from_label=_("评价 %(unit)s") % {"unit": a.unit},
                    from_state="",
                    to_label=e.get_rating_display(),
                    to_state=e.rating,
                    note=e.comment,
                )
            )
    rows.sort(key=lambda r: r.at)
    return rows


def _context(request, proposal, bound_assignment=None):
    user = request.user
    matches, suggested = [], []
    if services.is_office(user, proposal) or proposal.state in ("draft", "submitted"):
        matches = similarity.similar_to_proposal(proposal)
        if services.is_office(user, proposal):
            suggested = similarity.suggested_units(matches)
    # what a non-office reader may see of similar proposals: only what is visible to them
    if not services.is_office(user, proposal):
        visible = set(
            proposal.__class__.objects.visible_to(user)
            .filter(pk__in=[m.proposal.pk for m in matches])
            .values_list("pk", flat=True)
        )
        matches = [m for m in matches if m.proposal.pk in visible]
    from lvzhi.opinions.models import OpinionReport
    from lvzhi.supervision.models import LitigationClue

    report = proposal.opinion_reports.only("pk", "title", "state").first() if proposal.pk else None
    report_visible = report is not None and OpinionReport.objects.visible_to(user).filter(pk=report.pk).exists()
    clues = LitigationClue.objects.visible_to(user).filter(proposal=proposal) if proposal.pk else []
    mid = services.member_of(user)
    my_coproposal = next((c for c in proposal.coproposers.all() if c.member_id == mid and not c.confirmed_at), None)
    return {
        "p": proposal,
        "timeline": _full_timeline(proposal, user),
        "actions": _proposal_forms(proposal, user),
        "assignments": _assignment_rows(proposal, user, bound_assignment),
        "supervisions": proposal.supervisions.select_related("leader").prefetch_related("attachments"),
        "attach_form": forms.DraftAttachmentForm()
        if proposal.state == "draft" and services._author(user, proposal)
        else None,
        "merged": proposal.merged.select_related("proposer") if proposal.pk else [],
        "matches": matches,
        "suggested": suggested,
        "can_edit": proposal.state == "draft" and services._author(user, proposal),
        "can_confirm": my_coproposal is not None and proposal.state == "draft",
        "is_office": services.is_office(user, proposal),
        "opinion_report": report,
        "opinion_report_visible": report_visible,
        "clues": clues,
    }


@login_required
def detail(request, pk):
    proposal = get_proposal_for_user(request, pk)
    return render(request, "proposals/detail.html", _context(request, proposal))


@login_required
@require_POST
def act(request, pk, action):
    proposal = get_proposal_for_user(request, pk)
    available = {
        a: f for a, _label, f in _proposal_forms(proposal, request.user, request.POST, only=action, files=request.FILES)
    }
    if action not in available:
        messages.error(request, _("当前状态下不能执行此操作。"))
        return redirect("proposals:detail", pk=pk)
    form = available[action]
    status = 422
    if form.is_valid():
        try:
            _run_proposal_action(request, proposal, action, form)
        except ServiceError as exc:
            apply_service_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("操作已完成。"))
            return redirect("proposals:detail", pk=pk)
    proposal = get_proposal_for_user(request, pk)
    context = _context(request, proposal)
    context["actions"] = [(a, lbl, form if a == action else f) for a, lbl, f in context["actions"]]
    context["open_action"] = action
    return render(request, "proposals/detail.html", context, status=status)


@login_required
@require_POST
def assignment_act(request, pk, action):
    assignment = get_assignment_for_user(request, pk)
    proposal = get_proposal_for_user(request, assignment.proposal_id)
    rows = _assignment_rows(proposal, request.user, ((assignment.pk, action), request.POST, request.FILES))
    row = next((r for r in rows if r["a"].pk == assignment.pk), None)
    form = next((f for a, _l, f in row["actions"] if a == action), None) if row else None
    if form is None:
        messages.error(request, _("当前状态下不能执行此操作。"))
        return redirect("proposals:detail", pk=proposal.pk)
    status = 422
    if form.is_valid():
        try:
            _run_assignment_action(request, row["a"], action, form)
        except ServiceError as exc:
            apply_service_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("操作已完成。"))
            return redirect("proposals:detail", pk=proposal.pk)
    context = _context(request, proposal)
    for r in context["assignments"]:
        if r["a"].pk == assignment.pk:
            r["actions"] = [(a, lbl, form if a == action else f) for a, lbl, f in r["actions"]]
    context["open_action"] = f"{assignment.pk}-{action}"
    return render(request, "proposals/detail.html", context, status=status)


def _run_assignment_action(request, a, action, form):
    user, data = request.user, form.cleaned_data
    if action == "sign":
        services.sign_assignment(actor=user, assignment=a)
    elif action == "object":
        services.object_assignment(actor=user, assignment=a, reason=data["reason"])
    elif action == "reassign":
        services.reassign_assignment(actor=user, assignment=a, unit=data["unit"], deadline=data.get("deadline"))
    elif action == "opinion":
        services.send_opinion(actor=user, assignment=a, text=data["text"])
    elif action == "reply":
        from django.db import transaction

        with transaction.atomic():
            letter = None
            if data.get("letter"):
                letter = store_attachment(actor=user, committee=a.committee, upload=data["letter"])
            services.reply_assignment(
                actor=user,
                assignment=a,
                category=data["category"],
                text=data["text"],
                contact=data.get("contact", ""),
                letter=letter,
            )
    elif action == "reopen":
        services.reopen_assignment(actor=user, assignment=a, deadline=data["deadline"], note=data.get("note", ""))
    elif action == "extend":
        services.request_extension(actor=user, assignment=a, until=data["until"], reason=data["reason"])
    elif action == "evaluate":
        services.evaluate_assignment(actor=user, assignment=a, rating=data["rating"], comment=data.get("comment", ""))


@login_required
@require_POST
def decide_extension(request, pk, decision):
    extension = (
        ExtensionRequest.objects.visible_to(request.user).select_related("assignment__proposal").filter(pk=pk).first()
    )
    if extension is None or decision not in ("approve", "refuse"):
        raise NotFound()
    services.decide_extension(
        actor=request.user, extension=extension, approve=decision == "approve", note=request.POST.get("note", "")
    )
    messages.success(request, _("已处理延期申请。"))
    return redirect("proposals:detail", pk=extension.assignment.proposal_id)


@login_required
@require_POST
def confirm(request, pk):
    proposal = get_proposal_for_user(request, pk)
    services.confirm_coproposal(actor=request.user, proposal=proposal)
    messages.success(request, _("已确认联名。"))
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def paper_signature(request, pk, member_id):
    proposal = get_proposal_for_user(request, pk)
    services.record_paper_signature(actor=request.user, proposal=proposal, member=member_id)
    messages.success(request, _("已登记纸质签名。"))
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def attach(request, pk):
    """Add a file to a draft (its first proposer, or the office)."""
    proposal = get_proposal_for_user(request, pk)
    form = forms.DraftAttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return redirect("proposals:detail", pk=pk)
    try:
        files.add_draft_attachment(actor=request.user, proposal=proposal, upload=form.cleaned_data["file"])
    except ServiceError as exc:
        if exc.status != 422:
            raise
        messages.error(request, "；".join(str(m) for msgs in (exc.errors or {}).values() for m in msgs) or exc.message)
        return redirect("proposals:detail", pk=pk)
    messages.success(request, _("附件已上传。"))
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def detach(request, pk, file_id):
    proposal = get_proposal_for_user(request, pk)
    files.remove_draft_attachment(actor=request.user, proposal=proposal, attachment_id=file_id)
    messages.success(request, _("附件已删除。"))
    return redirect("proposals:detail", pk=pk)


@login_required
def download(request, pk, file_id):
    """A file of a proposal, for whoever may see the proposal (a unit user too)."""
    proposal = get_proposal_for_user(request, pk)
    attachment = files.file_of(proposal, file_id, request.user)
    if attachment is None:
        raise NotFound()
    return files.serve(attachment)
