"""The liaison figures with their drill-down: the generic figure page (`lvzhi.core.figure_pages`)
over this module's figures, counting the committee and its lower committees by default."""

from django.urls import reverse

from lvzhi.core.figure_pages import FigurePage, figure_page
from lvzhi.core.registers import PAGE_SIZE
from lvzhi.liaison.figures import FIGURES
from lvzhi.liaison.models import Assignment, Contact, Engagement, HostedVisit, PartyReport
from lvzhi.liaison.registers import REGISTERS
from lvzhi.liaison.views.base import reader_required

DETAIL_OF = {
    Contact: "contact",
    Assignment: "assignment",
    Engagement: "engagement",
    HostedVisit: "hosted",
    PartyReport: "report",
}
Accompanying = HostedVisit.members.through


def record_row(obj):
    if isinstance(obj, Accompanying):
        url = reverse("liaison:hosted_detail", args=[obj.hostedvisit_id])
        return {"url": url, "text": f"{obj.member.name} · {obj.hostedvisit.topic}", "when": obj.hostedvisit.started_on}
    key = DETAIL_OF[type(obj)]
    reg = REGISTERS[key]
    return {
        "url": reverse(f"liaison:{key}_detail", args=[obj.pk]),
        "text": str(obj),
        "when": getattr(obj, reg.date_field, None),
    }


FIGURE_PAGE = FigurePage(
    figures=FIGURES,
    template="liaison/figures.html",
    records_template="liaison/figure_records.html",
    row=record_row,
    default_scope="tree",
    page_size=PAGE_SIZE,
)


@reader_required
def figure_list(request):
    """Every liaison figure for the chosen committee, scope and period; ?figure= drills down."""
    return figure_page(request, FIGURE_PAGE)
