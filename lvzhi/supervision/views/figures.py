"""The supervision figures with their drill-down: the generic figure page (`lvzhi.core.figure_pages`)
over this module's figures, counting the committee and its lower committees by default."""

from django.urls import reverse

from lvzhi.core.figure_pages import FigurePage, figure_page
from lvzhi.core.registers import PAGE_SIZE
from lvzhi.org.models import Member
from lvzhi.supervision.figures import FIGURES
from lvzhi.supervision.models import (
    DemoPoint,
    EnterpriseProblem,
    InvestmentProject,
    InvestmentVisit,
    LiaisonPair,
    LitigationClue,
    MediationCase,
    PartnerCommittee,
    ServiceItem,
    SupervisorPost,
    SupportItem,
    VisitEnterprise,
)
from lvzhi.supervision.registers import REGISTERS
from lvzhi.supervision.views.base import reader_required

DETAIL_OF = {
    MediationCase: "mediation",
    LitigationClue: "clue",
    SupervisorPost: "post",
    InvestmentVisit: "visit",
    InvestmentProject: "project",
    LiaisonPair: "pair",
    EnterpriseProblem: "problem",
    SupportItem: "support",
    PartnerCommittee: "partner",
    ServiceItem: "service",
    DemoPoint: "point",
}


def record_row(obj):
    if isinstance(obj, Member):
        return {"url": reverse("org:member_detail", args=[obj.pk]), "text": obj.name, "when": None}
    if isinstance(obj, VisitEnterprise):
        url = reverse("supervision:visit_detail", args=[obj.visit_id])
        return {"url": url, "text": f"{obj.name} · {obj.visit.destination}", "when": obj.visit.started_on}
    key = DETAIL_OF[type(obj)]
    reg = REGISTERS[key]
    when = getattr(obj, reg.date_field, None)
    return {"url": reverse(f"supervision:{key}_detail", args=[obj.pk]), "text": str(obj), "when": when}


FIGURE_PAGE = FigurePage(
    figures=FIGURES,
    template="supervision/figures.html",
    records_template="supervision/figure_records.html",
    row=record_row,
    default_scope="tree",
    page_size=PAGE_SIZE,
)


@reader_required
def figure_list(request):
    """Every supervision figure for the chosen committee, scope and period; ?figure= drills down."""
    return figure_page(request, FIGURE_PAGE)
