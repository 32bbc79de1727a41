"""The pages of party building: every register's list (with its xlsx), detail (with timeline and
actions), create and edit, served from its declaration as the supervision registers are; the
figures page with its drill-down; and the coverage of "两个全覆盖"."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import NotFound, ServiceError
from lvzhi.core.figure_pages import FigurePage, figure_page, statistics_scope
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.scope import active_committee_ids, committee_ids
from lvzhi.core.workflow import timeline
from lvzhi.org.models import Committee, Member
from lvzhi.party import services
from lvzhi.party.actions import ACTION_TABLES
from lvzhi.party.figures import FIGURES
from lvzhi.party.models import BranchMembership, Contact, CoveragePair, PartyMeeting, Talk
from lvzhi.party.registers import REGISTERS
from lvzhi.party.selectors import can_read, coverage, filter_records

PAGE_SIZE = 50
EXPORT_LIMIT = 20000


def reader_required(view):
    """The office's party staff and leaders (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _register(key):
    try:
        return REGISTERS[key]
    except KeyError:
        raise Http404 from None


def scoped(reg, request):
    return reg.queryset().visible_to(request.user).filter(committee_id__in=active_committee_ids(request))


def get_record(reg, request, pk):
    obj = reg.queryset().visible_to(request.user).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def manageable_committees(request):
    ids = [pk for pk in active_committee_ids(request) if services.can_manage(request.user, pk)]
    return Committee.objects.filter(id__in=ids).order_by("path")


def members_of_committee(committee):
    return (
        Member.objects.filter(memberships__committee=committee)
        .distinct()
        .order_by("name_pinyin", "id")
        .only("id", "name")
    )


def _cell(value):
    if value is None:
        return ""
    return value if isinstance(value, (int, float, str)) else str(value)


def _listing(reg) -> Listing:
    columns = tuple(
        ListColumn(
            c.label,
            c.order[0].replace("__", ".") if c.order else "",
            order=c.order,
            value=lambda o, c=c: _cell(c.value(o)),
            width=c.width,
        )
        for c in reg.columns
    )
    by_date = next((col.key for col in columns if col.order == (reg.date_field,)), "")
    return Listing(
        key=reg.export_what,
        columns=columns,
        default_sort=f"-{by_date}" if by_date else next(col.key for col in columns if col.key),
        page_size=PAGE_SIZE,
        page_sizes=(20, 50, 100),
        export_name=str(reg.title),
    )


LISTINGS = {key: _listing(reg) for key, reg in REGISTERS.items()}


@reader_required
def record_list(request, register):
    reg = _register(register)
    params = {k: request.GET.get(k, "") for k in reg.filter_keys}
    qs = filter_records(reg, scoped(reg, request), params, request.user)
    listing = LISTINGS[reg.key].run(request, qs, filters=params, export_rows=lambda rows: rows[:EXPORT_LIMIT])
    if listing.response:
        return listing.response
    page = listing.page
    rows = [(obj, [(c, c.value(obj), c.badge(obj) if c.badge else "") for c in reg.columns]) for obj in page]
    states = reg.model._meta.get_field("state").choices if reg.has_state else []
    return render(
        request,
        "party/list.html",
        {
            "reg": reg,
            "listing": listing,
            "page": page,
            "rows": rows,
            "params": params,
            "committees": Committee.objects.filter(id__in=committee_ids(request.user)).order_by("path"),
            "states": states,
            "can_create": reg.create is not None and manageable_committees(request).exists(),
        },
    )


@reader_required
def record_detail(request, register, pk):
    reg = _register(register)
    obj = get_record(reg, request, pk)
    user = request.user
    manages = services.can_manage(user, obj.committee_id)
    table = ACTION_TABLES.get(reg.key)
    offered = table.for_user(obj, user) if table is not None else []
    context = {
        "reg": reg,
        "obj": obj,
        "details": reg.details(obj),
        "manages": manages,
        "editable": manages and reg.update is not None and reg.editable(obj),
        "actions": [(action.name, reg.actions[action.name], action.confirm) for action in offered],
        "timeline": timeline(obj) if reg.has_state else None,
        "confidential": isinstance(obj, Talk) and services.can_see_confidential(user, obj),
    }
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
    wanted = request.POST.get("committee") or request.GET.get("committee") or (obj and obj.committee_id)
    text = str(wanted or "")
    committee = committees.filter(pk=text).first() if text.isdigit() and len(text) < 12 else None
    committee = committee or committees.filter(pk=request.user.committee_id).first() or committees.first()
    initial = {"committee": committee.pk, **(_initial(reg, obj) if obj is not None else {})}
    form = reg.form(
        request.POST if request.method == "POST" else None,
        initial=initial,
        committees=committees,
        committee=committee,
        members=members_of_committee(committee),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if obj is None:
                obj = reg.create(actor=request.user, committee=form.cleaned_data["committee"], data=form.service_data())
                messages.success(request, _("已登记。"))
            else:
                reg.update(request.user, obj, form.service_data())
                messages.success(request, _("已保存。"))
            return redirect(f"party:{reg.key}_detail", obj.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "party/form.html", {"reg": reg, "obj": obj, "form": form})


@reader_required
def record_create(request, register):
    return _form_page(request, _register(register))


@reader_required
def record_edit(request, register, pk):
    reg = _register(register)
    obj = get_record(reg, request, pk)
    if not services.can_manage(request.user, obj.committee_id):
        raise PermissionDenied
    return _form_page(request, reg, obj)


@reader_required
@require_POST
def record_action(request, register, pk, action):
    """One action of the register's table, from its form on the detail page (the API's
    `POST /party/<resource>/{id}/<action>` runs the same table)."""
    reg = _register(register)
    obj = get_record(reg, request, pk)
    if not services.can_manage(request.user, obj.committee_id):
        raise PermissionDenied
    table = ACTION_TABLES.get(reg.key)
    if table is None:
        raise Http404
    perform_page_action(request, table, obj, action)
    return redirect(f"party:{reg.key}_detail", obj.pk)


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
