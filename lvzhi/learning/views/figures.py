"""The learning corner's figures page, with the records behind each figure."""

from django.urls import reverse

from lvzhi.core.figure_pages import FigurePage, figure_page
from lvzhi.learning.figures import FIGURES
from lvzhi.learning.models import GroupPost, Reflection, StudyMaterial, StudyRecord
from lvzhi.learning.views.common import reader_required


def record_row(obj) -> dict:
    if isinstance(obj, StudyMaterial):
        return {"url": reverse("learning:detail", args=[obj.pk]), "text": obj.title, "when": obj.published_at}
    if isinstance(obj, StudyRecord):
        return {
            "url": reverse("learning:detail", args=[obj.material_id]),
            "text": f"{obj.member.name} · {obj.material.title}",
            "when": obj.studied_at,
        }
    if isinstance(obj, Reflection):
        return {
            "url": reverse("learning:reflection", args=[obj.pk]),
            "text": f"{obj.member.name} · {obj.material.title}",
            "when": obj.submitted_at,
        }
    if isinstance(obj, GroupPost):
        return {
            "url": reverse("learning:group", args=[obj.group_id]),
            "text": f"{obj.group.name} · {obj.text[:40]}",
            "when": obj.created_at,
        }
    return {"url": "", "text": str(obj)}


FIGURE_PAGE = FigurePage(
    figures=FIGURES,
    template="learning/figures.html",
    records_template="learning/figure_records.html",
    row=record_row,
    default_scope="tree",
    default_period="year",
    related=("member", "material", "group", "committee"),
)


@reader_required
def figure_list(request):
    return figure_page(request, FIGURE_PAGE)
