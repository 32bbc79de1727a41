"""The bulletin: issues of 《社情民意》 (and 专报), numbered per year, and each issue's docx in the
official layout."""

from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.errors import NotFound, ServiceError
from lvzhi.core.exports import DOCX, docx_bytes, download
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column, Listing
from lvzhi.core.scope import active_committee_ids
from lvzhi.opinions import services
from lvzhi.opinions.choices import IssueKind
from lvzhi.opinions.docx import issue_document
from lvzhi.opinions.forms import IssueForm
from lvzhi.opinions.models import OpinionIssue, OpinionReport
from lvzhi.opinions.views.common import chosen_committee, manager_required, reader_required


def issue_title(issue) -> str:
    """The issue's title, else its first item's title ("关于…的建议 等3条"); never an empty cell."""
    if issue.title:
        return issue.title
    first = getattr(issue, "first_item", None)
    if not first:
        return _("（尚无条目）")
    more = getattr(issue, "n_items", 1) - 1
    return _("%(title)s 等%(n)d条") % {"title": first, "n": more + 1} if more > 0 else first


def _issue_for(request, pk) -> OpinionIssue:
    issue = services.visible_issues(request.user).select_related("committee").filter(pk=pk).first()
    if issue is None:
        raise NotFound()
    return issue


ISSUES = Listing(
    key="opinions.issues",
    columns=(
        Column(_("期号"), "number", order=("year", "number"), value=lambda i: i.label, width=22),
        Column(_("标题"), "title", value=issue_title, width=40),
        Column(_("委员会"), "committee", order=("committee__path",), value=lambda i: i.committee.short_name),
        Column(_("编发日期"), "issued", order=("issued_on",), value=lambda i: i.issued_on, width=12),
        Column(_("条目"), "items", order=("n_items",), value=lambda i: i.n_items, width=8),
        Column(""),
    ),
    default_sort="-number",
    page_size=30,
    page_sizes=(30, 50, 100),
    export_name=_("社情民意期刊"),
)


@reader_required
def issue_list(request):
    qs = (
        OpinionIssue.objects.visible_to(request.user)
        .filter(committee_id__in=active_committee_ids(request))
        .select_related("committee")
        .annotate(
            n_items=Count("items"),
            # an issue without a title of its own is known by its first item's title
            first_item=Subquery(
                OpinionReport.objects.filter(issue=OuterRef("pk")).order_by("issue_order", "pk").values("title")[:1]
            ),
        )
    )
    year = request.GET.get("year", "")
    if year.isascii() and year.isdigit() and len(year) == 4:
        qs = qs.filter(year=int(year))
    listing = ISSUES.run(request, qs, filters={"year": year} if year else None)
    if listing.response:
        return listing.response
    for issue in listing.page:
        issue.display_title = issue_title(issue)
    return render(request, "opinions/issue_list.html", {"listing": listing, "page": listing.page, "year": year})


@manager_required
def issue_create(request):
    committee, committees = chosen_committee(request)
    form = IssueForm(request.POST or None, initial={"issued_on": timezone.localdate(), "kind": IssueKind.REGULAR})
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.create_issue(actor=request.user, committee=committee, **form.cleaned_data)
            messages.success(request, _("已新建 %(i)s。") % {"i": issue.label})
            return redirect("opinions:issue_detail", issue.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "opinions/issue_form.html", {"form": form, "committee": committee, "committees": committees})


@reader_required
def issue_detail(request, pk):
    issue = _issue_for(request, pk)
    items = list(OpinionReport.objects.filter(issue=issue).order_by("issue_order", "id").prefetch_related("credits"))
    return render(
        request,
        "opinions/issue_detail.html",
        {"issue": issue, "items": items, "manages": services.can_manage(request.user, issue.committee_id)},
    )


@reader_required
def issue_docx(request, pk):
    issue = _issue_for(request, pk)
    content = docx_bytes(issue_document(issue))
    audit.record("export.docx", actor=request.user, obj=issue, after={"file": issue.label})
    return download(content, f"{issue.label}.docx", DOCX)
