"""驻地委员: members of a higher committee who live in (or are linked to) this committee's area and
take part in its work. The list of the scope's links (with xlsx export), the form that adds one and
the form that ends one — through the org services."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.exports import choice_label
from lvzhi.core.listing import Column, Listing
from lvzhi.core.scope import active_committee_ids
from lvzhi.org import services
from lvzhi.org.forms import AffiliationForm, EndAffiliationForm, committee_field
from lvzhi.org.models import Affiliation
from lvzhi.org.views.common import (
    can_write,
    chosen_committee,
    manageable_committees,
    reader_required,
    require_manage,
    run_service,
)
from lvzhi.org.views.members import _form_page


def _period(link) -> str:
    end = link.ended_on.isoformat() if link.ended_on else _("至今")
    return f"{link.started_on.isoformat()} — {end}"


AFFILIATIONS = Listing(
    key="org.affiliations",
    columns=(
        Column(gettext_lazy("姓名"), "name", order=("member__name_pinyin",), value=lambda a: a.member.name),
        Column(
            gettext_lazy("所属委员会"),
            "seat",
            order=("seat_committee__path",),
            value=lambda a: a.seat_committee.short_name,
        ),
        Column(
            gettext_lazy("所在地委员会"),
            "committee",
            order=("committee__path",),
            value=lambda a: a.committee.short_name,
        ),
        Column(gettext_lazy("关系"), "kind", value=lambda a: choice_label(a, "kind")),
        Column(gettext_lazy("期间"), "started", order=("started_on",), value=_period),
        Column(gettext_lazy("备注"), value=lambda a: a.note),
        Column(gettext_lazy("操作")),  # the end button: shown, not exported
    ),
    default_sort="committee",
    page_size=50,
    export_name=gettext_lazy("驻地委员"),
)


@reader_required
def affiliation_list(request):
    qs = Affiliation.objects.filter(committee_id__in=active_committee_ids(request)).select_related(
        "member", "committee", "seat_committee"
    )
    current = request.GET.get("current", "")
    if current == "1":
        qs = qs.active_on(timezone.localdate())
    listing = AFFILIATIONS.run(request, qs, filters={"current": current} if current else {})
    if listing.response:
        return listing.response
    manageable = {c.pk for c in manageable_committees(request)}
    context = {"listing": listing, "page": listing.page, "current": current, "manageable": manageable}
    context["can_write"] = can_write(request.user) and bool(manageable)
    return render(request, "org/affiliation_list.html", context)


@reader_required
def affiliation_add(request):
    committees = manageable_committees(request)
    committee = chosen_committee(request, committees)
    data = request.POST if request.method == "POST" else None
    form = AffiliationForm(data, committee=committee, initial={"started_on": timezone.localdate()})
    form.fields = {"committee": committee_field(committees), **form.fields}
    form.fields["committee"].initial = committee.pk
    if data is not None and form.is_valid():
        link = run_service(
            [form],
            lambda: services.add_affiliation(
                actor=request.user,
                committee=committee,
                member_id=form.cleaned_data["member"].pk,
                kind=form.cleaned_data["kind"],
                started_on=form.cleaned_data["started_on"],
                note=form.cleaned_data["note"],
            ),
        )
        if link is not None:
            messages.success(request, _("已登记驻地委员：%(n)s。") % {"n": link.member.name})
            return redirect("org:affiliation_list")
    return _form_page(
        request,
        title=_("登记驻地委员"),
        sections=[(None, form, True)],
        cancel_url=reverse("org:affiliation_list"),
        crumbs=[(_("驻地委员"), "org:affiliation_list")],
    )


@reader_required
def affiliation_end(request, pk):
    link = (
        Affiliation.objects.filter(pk=pk, committee_id__in=active_committee_ids(request))
        .select_related("member", "committee")
        .first()
    )
    if link is None:
        raise Http404
    require_manage(request, link.committee_id)
    data = request.POST if request.method == "POST" else None
    form = EndAffiliationForm(data, initial={"ended_on": timezone.localdate()})
    if data is not None and form.is_valid():
        ended = run_service(
            [form],
            lambda: services.end_affiliation(
                actor=request.user, affiliation=link, ended_on=form.cleaned_data["ended_on"]
            ),
        )
        if ended is not None:
            messages.success(request, _("驻地关系已终止。"))
            return redirect("org:affiliation_list")
    return _form_page(
        request,
        title=_("终止驻地关系：%(n)s · %(c)s") % {"n": link.member.name, "c": link.committee.short_name},
        sections=[(None, form, False)],
        cancel_url=reverse("org:affiliation_list"),
        crumbs=[(_("驻地委员"), "org:affiliation_list")],
    )
