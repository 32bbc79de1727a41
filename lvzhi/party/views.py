"""The pages of party building: every register's list (with its xlsx), detail (with timeline and
actions), create and edit, served from its declaration as the supervision registers are; the
figures page with its drill-down; and the coverage of "两个全覆盖"."""

from django.shortcuts import render
from django.urls import reverse

from lvzhi.core import registers
from lvzhi.core.figure_pages import FigurePage, figure_page, statistics_scope
from lvzhi.core.register_pages import RegisterPages
from lvzhi.core.registers import PAGE_SIZE
from lvzhi.org.selectors import members_of_committee
from lvzhi.party import services
from lvzhi.party.actions import ACTION_TABLES
from lvzhi.party.figures import FIGURES
from lvzhi.party.models import BranchMembership, Contact, CoveragePair, PartyMeeting, Talk
from lvzhi.party.registers import REGISTERS
from lvzhi.party.selectors import can_read, coverage

reader_required = registers.reader_required(can_read)


class PartyPages(RegisterPages):
    def more_detail(self, request, reg, obj, context):
        context["confidential"] = isinstance(obj, Talk) and services.can_see_confidential(request.user, obj)
        if isinstance(obj, CoveragePair):
            context["contacts"] = obj.contacts.order_by("-contacted_on", "-pk")


PAGES = PartyPages(
    REGISTERS,
    ACTION_TABLES,
    namespace="party",
    can_read=can_read,
    can_manage=services.can_manage,
    members=members_of_committee,
)


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
