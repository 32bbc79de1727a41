"""The pages of party building: every register's list (with its xlsx), detail (with timeline and
actions), create and edit, served from its declaration as the supervision registers are; the
figures page with its drill-down; and the coverage of "两个全覆盖"."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lvzhi.core import registers
from lvzhi.core.figure_pages import FigurePage, figure_page, statistics_scope
from lvzhi.core.registers import (
    PAGE_SIZE,
    bound_form,
    detail_context,
    form_committee,
    get_record,
    list_page,
    listing_of,
    managed_record,
    page_action,
    register_of,
    save_form,
)
from lvzhi.org.models import Committee, Member
from lvzhi.party import services
from lvzhi.party.actions import ACTION_TABLES
from lvzhi.party.figures import FIGURES
from lvzhi.party.models import BranchMembership, Contact, CoveragePair, PartyMeeting, Talk
from lvzhi.party.registers import REGISTERS
from lvzhi.party.selectors import can_read, coverage

reader_required = registers.reader_required(can_read)


def _register(key):
    return register_of(REGISTERS, key)


def manageable_committees(request):
    return registers.manageable_committees(request, services.can_manage)


def members_of_committee(committee):
    return (
        Member.objects.filter(memberships__committee=committee)
        .distinct()
        .order_by("name_pinyin", "id")
        .only("id", "name")
    )


LISTINGS = {key: listing_of(reg) for key, reg in REGISTERS.items()}


@reader_required
def record_list(request, register):
    reg = _register(register)
    return list_page(
        request,
        reg,
        LISTINGS[reg.key],
        template="party/list.html",
        states=reg.model._meta.get_field("state").choices if reg.has_state else [],
        can_create=lambda: manageable_committees(request).exists(),
    )


@reader_required
def record_detail(request, register, pk):
    reg = _register(register)
    obj = get_record(reg, request, pk)
    context = detail_context(request, reg, obj, can_manage=services.can_manage, table=ACTION_TABLES.get(reg.key))
    context["confidential"] = isinstance(obj, Talk) and services.can_see_confidential(request.user, obj)
    if isinstance(obj, CoveragePair):
        context["contacts"] = obj.contacts.order_by("-contacted_on", "-pk")
    return render(request, "party/detail.html", context)


def _initial(reg, obj):
    initial = {}
    for name in reg.form.base_fields:
        if name == "committee":
            continue
        field = obj._meta.get_field(name)
        if field.many_to_many:
            initial[name] = list(getattr(obj, name).values_list("pk", flat=True))
        elif field.is_relation:
            initial[name] = getattr(obj, f"{name}_id")
        else:
            initial[name] = getattr(obj, name)
    return initial


def _form_page(request, reg, obj=None):
    if (obj is None and reg.create is None) or (obj is not None and reg.update is None):
        raise PermissionDenied
    committees = manageable_committees(request)
    if obj is not None:
        committees = Committee.objects.filter(pk=obj.committee_id)
    if not committees.exists():
        raise PermissionDenied
    committee = form_committee(request, committees, obj)
    initial = {"committee": committee.pk, **(_initial(reg, obj) if obj is not None else {})}
    form = bound_form(
        request,
        reg,
        committees=committees,
        committee=committee,
        initial=initial,
        members=members_of_committee(committee),
    )
    if request.method == "POST" and form.is_valid():
        saved = save_form(request, reg, obj, form, form.service_data(), namespace="party")
        if saved is not None:
            return saved
    return render(request, "party/form.html", {"reg": reg, "obj": obj, "form": form})


@reader_required
def record_create(request, register):
    return _form_page(request, _register(register))


@reader_required
def record_edit(request, register, pk):
    reg = _register(register)
    obj = managed_record(request, reg, pk, services.can_manage)
    return _form_page(request, reg, obj)


@reader_required
@require_POST
def record_action(request, register, pk, action):
    """One action of the register's table, from its form on the detail page (the API's
    `POST /party/<resource>/{id}/<action>` runs the same table)."""
    reg = _register(register)
    obj = managed_record(request, reg, pk, services.can_manage)
    return page_action(request, reg, obj, action, table=ACTION_TABLES.get(reg.key), namespace="party")


# --- Figures and coverage ----------------------------------------------------------------------

DETAIL_OF = {
    BranchMembership: "member",
    PartyMeeting: "meeting",
    Talk: "talk",
    CoveragePair: "pair",
    Contact: "contact",
}


def record_row(obj):
    key = DETAIL_OF[type(obj)]
    when = getattr(obj, REGISTERS[key].date_field, None)
    text = obj.content[:60] if isinstance(obj, Contact) else str(obj)
    return {"url": reverse(f"party:{key}_detail", args=[obj.pk]), "text": text, "when": when}


FIGURE_PAGE = FigurePage(
    figures=FIGURES,
    template="party/figures.html",
    records_template="party/figure_records.html",
    row=record_row,
    default_scope="self",
    default_period="year",
    page_size=PAGE_SIZE,
    related=("branch", "contactor", "contacted"),
)


@reader_required
def figure_list(request):
    """Every party-building figure for the chosen committee, scope and period; ?figure= drills down."""
    return figure_page(request, FIGURE_PAGE)


@reader_required
def coverage_page(request):
    """两个全覆盖: per kind, the pairs in force in the period, those contacted at least once, the
    percentage, and who has not been contacted."""
    context, scope_ids = statistics_scope(request, default_scope="self", default_period="year")
    lines = coverage(scope_ids, context["period"])
    return render(request, "party/coverage.html", {**context, "lines": lines})
