"""The detail page of a proposal: its text, co-proposers, assignments with replies and ratings,
supervision, similar proposals, records of other modules that point at it, the timeline, and a
form for every action the user may take. The forms and their POST handlers are driven by the
action tables in `lvzhi.proposals.actions` (the API runs the same tables)."""

import datetime
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import registry
from lvzhi.core.actions import perform_page_action
from lvzhi.core.batch import prefetch_present
from lvzhi.core.errors import NotFound, ServiceError
from lvzhi.core.models import Attachment
from lvzhi.core.workflow import timelines_of
from lvzhi.proposals import attachments as files
from lvzhi.proposals import forms, services, similarity
from lvzhi.proposals.actions import ASSIGNMENT_ACTIONS, EXTENSION_ACTIONS, PROPOSAL_ACTIONS
from lvzhi.proposals.choices import ExtensionState, ProposalState
from lvzhi.proposals.models import Assignment, Evaluation, ExtensionRequest, Supervision
from lvzhi.proposals.views.common import get_assignment_for_user, get_proposal_for_user

# Proposal actions with a place of their own on the page rather than in the actions card.
OWN_PLACE = ("confirm", "paper-signature")


def _forms(table, obj, user, bound=None, skip=()):
    """(action, label, form) for every action of `table` the user may take on `obj` now; `bound`
    is (name, form) of a form that was posted, to show again with its errors."""
    result = []
    for action in table.for_user(obj, user):
        if action.name in skip:
            continue
        form = bound[1] if bound and bound[0] == action.name else action.build_form(obj, user)
        result.append((action.name, action.label, form))
    return result


def _proposal_forms(proposal, user, bound=None):
    return _forms(PROPOSAL_ACTIONS, proposal, user, bound, skip=OWN_PLACE)


def _visible_assignments(proposal, user) -> list:
    """The assignments the user may see with what the timeline and the rows show: read once (their
    ratings and extension requests only when some of them have any; none before it is assigned)."""
    if not getattr(proposal, "has_assignments", True):
        return []
    qs = Assignment.objects.visible_to(user).filter(proposal=proposal)
    qs = qs.select_related("unit", "reply_category", "reply_letter").annotate(
        has_evaluations=Exists(Evaluation.objects.filter(assignment=OuterRef("pk"))),
        has_extensions=Exists(ExtensionRequest.objects.filter(assignment=OuterRef("pk"))),
    )
    assignments = list(qs)
    prefetch_present(
        assignments,
        Prefetch("evaluations", Evaluation.objects.select_related("member")),
        Prefetch("extensions", ExtensionRequest.objects.all()),
    )
    return assignments


def _assignment_rows(proposal, user, bound=None, assignments=None):
    """The assignments the user may see, each with its evaluations and the user's action forms;
    `bound` = (assignment id, action, form) of a posted form."""
    office = services.is_office(user, proposal)
    rows = []
    for a in _visible_assignments(proposal, user) if assignments is None else assignments:
        a.proposal = proposal
        posted = (bound[1], bound[2]) if bound and bound[0] == a.pk else None
        pending = [e for e in a.extensions.all() if e.state == ExtensionState.PENDING]
        rows.append(
            {
                "a": a,
                "actions": _forms(ASSIGNMENT_ACTIONS, a, user, posted),
                "pending_extensions": pending if office else [],
                "overdue": a.is_overdue(),
            }
        )
    return rows


def _links(proposal, user):
    """Records of other modules that point at this proposal, grouped by what they are; a group's test
    hook is its links' `key`. A link without a URL (a record the user may see named but not open)
    shows its title only."""
    groups: dict[str, dict] = {}
    for link in registry.links_for(proposal, user) if proposal.pk else []:
        group = groups.setdefault(str(link.label), {"label": link.label, "hook": link.key or "links", "links": []})
        group["links"].append(link)
    return list(groups.values())


def _supervisions(proposal) -> list:
    """The proposal's supervision records with their leaders and files (read only when it has any)."""
    if not proposal.has_supervisions:
        return []
    records = list(
        proposal.supervisions.select_related("leader").annotate(
            has_attachments=Exists(Supervision.attachments.through.objects.filter(supervision=OuterRef("pk")))
        )
    )
    prefetch_present(records, Prefetch("attachments", Attachment.objects.all()))
    return records


SAME_CALL = datetime.timedelta(seconds=5)  # two transitions written by one service call lie this close


def _full_timeline(proposal, user, assignments=None):
    """The proposal's transitions with those of the assignments the user may see and the ratings."""
    visible = _visible_assignments(proposal, user) if assignments is None else assignments
    lines = timelines_of([proposal, *visible])  # one query for the proposal and its assignments
    own = lines[proposal]
    rows, by_units = [], set()
    for a in visible:
        for t in lines[a]:
            t.note = f"{a.unit}（{a.get_role_display()}）{('：' + t.note) if t.note else ''}"
            rows.append(t)
            by_units.add((t.at, t.to_state))
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
    # a unit's reply moves the proposal too, in the same service call: the unit's line says it (with
    # the unit's name), the proposal's own line would say it again. The two rows' times differ by the
    # moments between their writes (across a second's boundary now and then): compared within a margin.
    rows = [t for t in own if not any(s == t.to_state and abs(at - t.at) <= SAME_CALL for at, s in by_units)] + rows
    rows.sort(key=lambda r: r.at)  # stable: at one moment, the proposal's line before the units'
    return rows


def _context(request, proposal, *, bound=None, bound_assignment=None):
    user = request.user
    office = services.is_office(user, proposal)
    matches, suggested = [], []
    if office or proposal.state in (ProposalState.DRAFT, ProposalState.SUBMITTED):
        # what a non-office reader may see of similar proposals: only what is visible to them
        shown = None if office else proposal.__class__.objects.visible_to(user)
        matches = similarity.similar_to_proposal(proposal, shown=shown)
        if office:
            suggested = similarity.suggested_units(matches)
    author = proposal.state == ProposalState.DRAFT and services.is_author(user, proposal)
    assignments = _visible_assignments(proposal, user)
    return {
        "p": proposal,
        "timeline": _full_timeline(proposal, user, assignments),
        "actions": _proposal_forms(proposal, user, bound),
        "assignments": _assignment_rows(proposal, user, bound_assignment, assignments),
        "supervisions": _supervisions(proposal),
        # the page names a key proposal's supervising leaders (read with the forms' choices)
        "supervising": forms.leaders_of(proposal).supervising if proposal.is_key else [],
        "attach_form": forms.DraftAttachmentForm() if author else None,
        "merged": proposal.merged_proposals,  # read with the proposal
        "matches": matches,
        "suggested": suggested,
        "can_edit": author,
        "can_confirm": PROPOSAL_ACTIONS.get("confirm").available(user, proposal),
        "can_sign_on_paper": PROPOSAL_ACTIONS.get("paper-signature").available(user, proposal),
        "is_office": office,
        "link_groups": _links(proposal, user),
    }


@login_required
def detail(request, pk):
    proposal = get_proposal_for_user(request, pk)
    return render(request, "proposals/detail.html", _context(request, proposal))


@login_required
@require_POST
def act(request, pk, action):
    proposal = get_proposal_for_user(request, pk)
    result = perform_page_action(request, PROPOSAL_ACTIONS, proposal, action, keep_form=True)
    if result.form is None or result.done:
        return redirect("proposals:detail", pk=pk)
    proposal = get_proposal_for_user(request, pk)
    context = _context(request, proposal, bound=(action, result.form))
    context["open_action"] = action
    return render(request, "proposals/detail.html", context, status=result.status)


@login_required
@require_POST
def assignment_act(request, pk, action):
    assignment = get_assignment_for_user(request, pk)
    proposal = get_proposal_for_user(request, assignment.proposal_id)
    assignment.proposal = proposal
    result = perform_page_action(request, ASSIGNMENT_ACTIONS, assignment, action, keep_form=True)
    if result.form is None or result.done:
        return redirect("proposals:detail", pk=proposal.pk)
    context = _context(request, proposal, bound_assignment=(assignment.pk, action, result.form))
    context["open_action"] = f"{assignment.pk}-{action}"
    return render(request, "proposals/detail.html", context, status=result.status)


@login_required
@require_POST
def decide_extension(request, pk, decision):
    extension = (
        ExtensionRequest.objects.visible_to(request.user).select_related("assignment__proposal").filter(pk=pk).first()
    )
    if extension is None or decision not in ("approve", "refuse"):
        raise NotFound()
    EXTENSION_ACTIONS.run(decision, actor=request.user, obj=extension, data={"note": request.POST.get("note", "")})
    messages.success(request, _("已处理延期申请。"))
    return redirect("proposals:detail", pk=extension.assignment.proposal_id)


@login_required
@require_POST
def confirm(request, pk):
    proposal = get_proposal_for_user(request, pk)
    PROPOSAL_ACTIONS.run("confirm", actor=request.user, obj=proposal, data={})
    messages.success(request, _("已确认联名。"))
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def paper_signature(request, pk, member_id):
    proposal = get_proposal_for_user(request, pk)
    PROPOSAL_ACTIONS.run("paper-signature", actor=request.user, obj=proposal, data={"member": member_id})
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
