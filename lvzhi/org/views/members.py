"""Member pages: list (with htmx fragment and xlsx export), detail with audited unmasking, and the
forms that create and edit people and their memberships."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.listing import Column, Listing
from lvzhi.core.models import Transition
from lvzhi.core.scope import active_committee_ids, committee_ids, get_visible_or_404
from lvzhi.org import selectors, services
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.filters import MemberFilter, filter_memberships
from lvzhi.org.forms import EndMembershipForm, MemberForm, SeatForm
from lvzhi.org.models import Member, Membership, Studio
from lvzhi.org.views.common import (
    can_write,
    chosen_committee,
    is_htmx,
    manageable_committees,
    reader_required,
    require_manage,
    run_service,
)

MEMBERS = Listing(
    key="org.members",
    columns=(  # as org/member_list.html shows them
        Column(gettext_lazy("姓名"), "name", order=("member__name_pinyin",)),
        Column(gettext_lazy("委员会"), "committee", order=("committee__path", "member__name_pinyin")),
        Column(gettext_lazy("委员职务"), "role"),
        Column(gettext_lazy("界别"), "sector", order=("sector__sort", "sector__name"), css="d-none d-md-table-cell"),
        Column(gettext_lazy("参加单位"), "party", order=("party__sort", "party__name"), css="d-none d-md-table-cell"),
        Column(gettext_lazy("工作单位"), css="d-none d-lg-table-cell"),
        Column(gettext_lazy("手机号")),
        Column(gettext_lazy("状态"), "status"),
    ),
    default_sort="committee",  # each committee's members by name
    page_size=50,
    export_name=gettext_lazy("委员名单"),
)


@reader_required
def member_list(request):
    """One view for the page, its htmx fragment (#results) and the xlsx export of the filter."""
    flt = MemberFilter.from_params(request.GET)
    ids = active_committee_ids(request)
    rows = filter_memberships(request.user, flt, base_ids=ids)
    if request.GET.get("export") == "xlsx":
        clear = services.can_view_pii(request.user)
        return MEMBERS.export(
            request,
            rows.prefetch_related("special_committees"),
            filters={**flt.as_dict(), "pii": "clear" if clear else "masked"},
            columns=selectors.member_columns(clear_pii=clear),
        )
    listing = MEMBERS.run(request, rows)
    if listing.response:
        return listing.response
    context = {
        "listing": listing,
        "page": listing.page,
        "flt": flt,
        "options": selectors.member_filter_options(ids),
        "can_write": can_write(request.user),
    }
    template = "org/member_list.html#results" if is_htmx(request) else "org/member_list.html"
    return render(request, template, context)


def _member_for(request, pk) -> Member:
    return get_visible_or_404(Member.objects, request.user, pk=pk)


@reader_required
def member_detail(request, pk):
    member = _member_for(request, pk)
    return render(request, "org/member_detail.html", _detail_context(request, member))


def _detail_context(request, member, revealed=None) -> dict:
    ids = committee_ids(request.user)
    memberships = list(
        member.memberships.filter(committee_id__in=ids)
        .select_related("committee", "term", "sector", "party")
        .prefetch_related("special_committees")
        .order_by("-term__start_date", "committee__path")
    )
    by_id = {}
    for membership in memberships:
        membership.can_manage = services.can_manage_org(request.user, membership.committee_id)
        by_id[membership.pk] = membership
    history = list(
        Transition.objects.filter(content_type=ContentType.objects.get_for_model(Membership), object_id__in=by_id)
        .select_related("actor")
        .order_by("-at", "-id")
    )
    labels = dict(MembershipStatus.choices)
    for row in history:
        row.membership = by_id[row.object_id]
        row.from_label, row.to_label = (
            labels.get(row.from_state, row.from_state),
            labels.get(row.to_state, row.to_state),
        )
    return {
        "member": member,
        "memberships": memberships,
        "history": history,
        "studios": _studios(member, ids),
        "can_view_pii": services.can_view_pii(request.user),
        "can_edit": services.can_manage_org(request.user, member.committee_id),
        "can_add_membership": can_write(request.user) and manageable_committees(request).exists(),
        "revealed": revealed,
    }


def _studios(member, ids):
    """The studios a person leads or sits in, each once, the led ones marked."""
    studios = Studio.objects.filter(Q(lead=member) | Q(members=member), committee_id__in=ids).distinct()
    studios = list(studios.select_related("committee").order_by("committee__path", "name"))
    for studio in studios:
        studio.is_lead = studio.lead_id == member.pk
    return studios


@login_required
@require_POST
def member_reveal(request, pk):
    """The clear ID number and mobile (htmx swap). Refused and audited alike: 403 for anyone without
    the permission, 404 for a person outside the user's scope."""
    member, revealed = services.reveal_pii_of(actor=request.user, member_id=pk)
    if is_htmx(request):
        return render(request, "org/member_detail.html#pii", {"member": member, "revealed": revealed})
    return render(request, "org/member_detail.html", _detail_context(request, member, revealed))


def _form_page(request, *, title, sections, cancel_url, crumbs=(), submit=None, multipart=False):
    return render(
        request,
        "org/form.html",
        {
            "title": title,
            "sections": sections,
            "cancel_url": cancel_url,
            "crumbs": crumbs,
            "submit": submit or _("保存"),
            "multipart": multipart,
        },
    )


MEMBERS_CRUMB = (gettext_lazy("委员"), "org:member_list")


@reader_required
def member_create(request):
    committees = manageable_committees(request)
    committee = chosen_committee(request, committees)
    data = request.POST if request.method == "POST" else None
    person = MemberForm(data)
    seat = SeatForm(data, committee=committee, committees=committees)
    if data is not None and person.is_valid() and seat.is_valid():
        member = run_service(
            [person, seat],
            lambda: services.create_member(
                actor=request.user, committee=committee, data=person.service_data(), membership=seat.service_data()
            ),
        )
        if member is not None:
            messages.success(request, _("已登记委员 %(name)s。") % {"name": member.name})
            return redirect("org:member_detail", pk=member.pk)
    return _form_page(
        request,
        title=_("登记委员"),
        sections=[(_("任职"), seat, True), (_("个人信息"), person, False)],
        cancel_url=reverse("org:member_list"),
        crumbs=[MEMBERS_CRUMB],
    )


@reader_required
def member_edit(request, pk):
    member = _member_for(request, pk)
    require_manage(request, member.committee_id)
    data = request.POST if request.method == "POST" else None
    clear = services.can_view_pii(request.user)
    shown = ("name", "gender", "ethnicity", "email", "workplace", "title") + (("birth_date",) if clear else ())
    initial = {k: getattr(member, k) for k in shown}
    form = MemberForm(data, member=member, initial=initial, clear_pii=clear)
    if data is not None and form.is_valid():
        saved = run_service(
            [form], lambda: services.update_member(actor=request.user, member=member, data=form.service_data())
        )
        if saved is not None:
            messages.success(request, _("已保存。"))
            return redirect("org:member_detail", pk=member.pk)
    return _form_page(
        request,
        title=_("编辑委员：%(name)s") % {"name": member.name},
        sections=[(None, form, False)],
        cancel_url=reverse("org:member_detail", args=[member.pk]),
        crumbs=[MEMBERS_CRUMB, (member.name, reverse("org:member_detail", args=[member.pk]))],
    )


@reader_required
def membership_add(request, pk):
    """Seat an existing person in another committee or term."""
    member = _member_for(request, pk)
    committees = manageable_committees(request)
    committee = chosen_committee(request, committees)
    data = request.POST if request.method == "POST" else None
    form = SeatForm(data, committee=committee, committees=committees)
    if data is not None and form.is_valid():
        seat = run_service(
            [form],
            lambda: services.add_membership(
                actor=request.user, committee=committee, member=member, data=form.service_data()
            ),
        )
        if seat is not None:
            messages.success(request, _("已添加任职。"))
            return redirect("org:member_detail", pk=member.pk)
    return _form_page(
        request,
        title=_("添加任职：%(name)s") % {"name": member.name},
        sections=[(None, form, True)],
        cancel_url=reverse("org:member_detail", args=[member.pk]),
        crumbs=[MEMBERS_CRUMB, (member.name, reverse("org:member_detail", args=[member.pk]))],
    )


def _membership_for(request, pk) -> Membership:
    return get_visible_or_404(Membership.objects.select_related("member", "committee", "term"), request.user, pk=pk)


@reader_required
def membership_edit(request, pk):
    membership = _membership_for(request, pk)
    require_manage(request, membership.committee_id)
    member = membership.member
    data = request.POST if request.method == "POST" else None
    initial = {
        "role": membership.role,
        "sector": membership.sector_id,
        "party": membership.party_id,
        "special_committees": list(membership.special_committees.values_list("pk", flat=True)),
        "started_on": membership.started_on,
    }
    form = SeatForm(data, committee=membership.committee, with_term=False, initial=initial)
    if data is not None and form.is_valid():
        saved = run_service(
            [form],
            lambda: services.update_membership(actor=request.user, membership=membership, data=form.service_data()),
        )
        if saved is not None:
            messages.success(request, _("已保存。"))
            return redirect("org:member_detail", pk=member.pk)
    return _form_page(
        request,
        title=_("编辑任职：%(name)s · %(committee)s %(term)s")
        % {"name": member.name, "committee": membership.committee.short_name, "term": membership.term},
        sections=[(None, form, False)],
        cancel_url=reverse("org:member_detail", args=[member.pk]),
        crumbs=[MEMBERS_CRUMB, (member.name, reverse("org:member_detail", args=[member.pk]))],
    )


@reader_required
def membership_end(request, pk):
    membership = _membership_for(request, pk)
    require_manage(request, membership.committee_id)
    member = membership.member
    data = request.POST if request.method == "POST" else None
    form = EndMembershipForm(data)
    if data is not None and form.is_valid():
        ended = run_service(
            [form],
            lambda: services.end_membership(
                actor=request.user,
                membership=membership,
                status=form.cleaned_data["status"],
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["end_reason"],
            ),
        )
        if ended is not None:
            messages.success(request, _("任职已结束。"))
            return redirect("org:member_detail", pk=member.pk)
    return _form_page(
        request,
        title=_("结束任职：%(name)s · %(committee)s %(term)s")
        % {"name": member.name, "committee": membership.committee.short_name, "term": membership.term},
        sections=[(None, form, False)],
        cancel_url=reverse("org:member_detail", args=[member.pk]),
        crumbs=[MEMBERS_CRUMB, (member.name, reverse("org:member_detail", args=[member.pk]))],
        submit=_("结束任职"),
    )
