"""Drafting: the proposal form (new and edit), and the similar proposals shown while typing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lvzhi.core.errors import Forbidden, ServiceError
from lvzhi.core.forms import apply_service_error
from lvzhi.proposals import services, similarity
from lvzhi.proposals.forms import ProposalForm
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.views.common import get_proposal_for_user


def _committee_for(request):
    user = request.user
    committee = user.committee
    if committee is None or not (services.member_of(user) or services.is_office(user, committee)):
        raise Forbidden(_("只有委员或提案工作人员可以起草提案。"))
    return committee


def _data(form):
    data = dict(form.cleaned_data)
    if data.get("session") == "default":
        data.pop("session")
    return data


@login_required
def create(request):
    committee = _committee_for(request)
    if request.headers.get("HX-Request") and request.method == "GET":
        return similar_fragment(request, committee)
    term, _session = services.current_session(committee)
    office = services.is_office(request.user, committee)
    form = ProposalForm(
        request.POST or None, committee=committee, office=office, term=term, member_id=services.member_of(request.user)
    )
    form.fields["title"].widget.attrs["hx-get"] = request.path
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                proposal = services.create_proposal(actor=request.user, committee=committee, data=_data(form))
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("草稿已保存。确认无误后请提交。"))
                return redirect("proposals:detail", pk=proposal.pk)
    return render(request, "proposals/form.html", {"form": form, "proposal": None}, status=status)


@login_required
def edit(request, pk):
    proposal = get_proposal_for_user(request, pk)
    services.require_editable(request.user, proposal)
    if request.headers.get("HX-Request") and request.method == "GET":
        return similar_fragment(request, proposal.committee, exclude=proposal.pk)
    office = services.is_office(request.user, proposal)
    initial = {
        "title": proposal.title,
        "category": proposal.category_id,
        "kind": proposal.kind,
        "session": proposal.session_id or "",
        "proposer": proposal.proposer_id,
        "coproposers": [str(c.member_id) for c in proposal.coproposers.all()],
        "party": proposal.party_id,
        "sector": proposal.sector_id,
        "special_committee": proposal.special_committee_id,
        "situation": proposal.situation,
        "analysis": proposal.analysis,
        "suggestions": proposal.suggestions,
    }
    form = ProposalForm(
        request.POST or None,
        initial=initial,
        committee=proposal.committee,
        office=office,
        term=proposal.term,
        member_id=proposal.proposer_id,
    )
    form.fields["title"].widget.attrs["hx-get"] = request.path
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.update_proposal(actor=request.user, proposal=proposal, data=_data(form))
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("草稿已保存。"))
                return redirect("proposals:detail", pk=proposal.pk)
    return render(request, "proposals/form.html", {"form": form, "proposal": proposal}, status=status)


def similar_fragment(request, committee, exclude=None):
    """The five most similar earlier proposals of the committee, for what is being typed."""
    text = request.GET.get("title", "")[:100]
    tokens = similarity.tokens_for(text, "", "", request.GET.get("suggestions", "")[:2000])
    matches = similarity.similar(committee.pk, tokens, exclude_id=exclude) if tokens else []
    similarity.with_assignments(matches)  # their units' answers are shown
    visible = set(
        Proposal.objects.visible_to(request.user)
        .filter(pk__in=[m.proposal.pk for m in matches])
        .values_list("pk", flat=True)
    )
    # earlier proposals of one's own committee: title, state and answer category are shown to
    # members too (filed ones are visible anyway; others show only their title and state)
    return render(
        request,
        "proposals/_similar.html",
        {"matches": matches, "visible": visible, "typed": bool(text.strip())},
    )
