"""A member's duty record (their own, or one a staff officer opens), its docx exports, and the
annual reports (述职): the member writes and submits, staff return or accept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import audit
from lvzhi.core.errors import ServiceError
from lvzhi.core.exports import DOCX, choice_label, download
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column, Listing
from lvzhi.core.scope import active_committee_ids, committee_ids
from lvzhi.core.workflow import timeline as transitions
from lvzhi.duties import scoring, selectors, services
from lvzhi.duties.choices import ReportState
from lvzhi.duties.documents import record_docx
from lvzhi.duties.forms import ReportForm, ReviewForm
from lvzhi.duties.models import AnnualReport, Assessment
from lvzhi.duties.views.common import (
    PAGE_SIZE,
    is_member,
    member_required,
    pick_committee,
    pick_year,
    reader_required,
    search,
    staff_context,
)
from lvzhi.org.models import Member, Membership


def _record_context(request, member, committees):
    committee = pick_committee(request, committees)
    latest, years = selectors.record_years([committee.pk], member.pk)
    year = pick_year(request, latest)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    events = selectors.timeline(member.pk, committee.pk, [year])
    # the standing counted from the timeline's rows: the same events (member, committee, year)
    counted = selectors.counted(member.pk, events, year)
    standing = scoring.standings(committee.pk, year, [member.pk], events=counted)[member.pk]
    report = AnnualReport.objects.filter(committee=committee, member=member, year=year).first()
    assessment = Assessment.objects.filter(
        committee=committee, member=member, year=year, published_at__isnull=False
    ).first()
    return {
        "member": member,
        "committee": committee,
        "committees": committees,
        "year": year,
        "years": years,
        "standing": standing,
        "events": events,
        "report": report,
        "assessment": assessment,
        "this_year": year == timezone.localdate().year,
    }


@member_required
def my_record(request):
    member = Member.objects.get(pk=request.user.member_id)
    context = _record_context(request, member, selectors.member_committees(member.pk))
    context["own"] = True
    return render(request, "duties/record.html", context)


def _member_in_scope(request, member_id):
    """A member with a seat in a committee of the reader's scope, and those committees."""
    ids = active_committee_ids(request)
    seats = Membership.objects.filter(member_id=member_id, committee_id__in=ids)
    member = Member.objects.filter(pk=member_id, pk__in=seats.values("member_id")).first()
    if member is None:
        raise Http404
    committees = [c for c in selectors.member_committees(member.pk) if c.pk in ids]
    return member, committees


@reader_required
def member_record(request, member_id):
    member, committees = _member_in_scope(request, member_id)
    context = _record_context(request, member, committees)
    context["own"] = False
    return render(request, "duties/record.html", context)


def _docx(request, member, committees, actor):
    committee = pick_committee(request, committees)
    if request.GET.get("scope") == "term":
        term = committee.current_term() or committee.terms.order_by("-number").first()
        if term is None:
            raise Http404
        last = min((term.end_date or timezone.localdate()), timezone.localdate()).year
        years = list(range(term.start_date.year, max(last, term.start_date.year) + 1))
        heading = _("第%(n)s届（%(a)s—%(b)s 年）") % {"n": term.number, "a": years[0], "b": years[-1]}
        stem = f"履职档案-{member.name}-第{term.number}届"
    else:
        year = pick_year(request, selectors.default_year([committee.pk], member.pk))
        years, heading = [year], _("%(y)s 年度") % {"y": year}
        stem = f"履职档案-{member.name}-{year}"
    content = record_docx(committee, member, years, heading)
    audit.record(
        "export.docx",
        actor=actor,
        committee=committee,
        object_type="duties.record",
        after={"member": member.pk, "years": years},
    )
    return download(content, f"{stem}.docx", DOCX)


@member_required
def my_record_docx(request):
    member = Member.objects.get(pk=request.user.member_id)
    return _docx(request, member, selectors.member_committees(member.pk), request.user)


@reader_required
def member_record_docx(request, member_id):
    member, committees = _member_in_scope(request, member_id)
    return _docx(request, member, committees, request.user)


# --- annual reports ----------------------------------------------------------------------------


@member_required
def my_report(request):
    member = Member.objects.get(pk=request.user.member_id)
    committees = selectors.member_committees(member.pk)
    committee = pick_committee(request, committees)
    year = pick_year(request, timezone.localdate().year - (1 if timezone.localdate().month <= 3 else 0))
    report = AnnualReport.objects.filter(committee=committee, member=member, year=year).first()
    editable = report is None or report.state in (ReportState.DRAFT, ReportState.RETURNED)
    standing = scoring.standings(committee.pk, year, [member.pk])[member.pk]
    initial = {"text": report.text if report else selectors.draft_report(committee, year, standing)}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and editable and form.is_valid():
        try:
            report = services.save_report(
                actor=request.user, year=year, text=form.cleaned_data["text"], committee=committee
            )
            if request.POST.get("submit"):
                services.submit_report(actor=request.user, report=report)
                messages.success(request, _("述职报告已提交。"))
            else:
                messages.success(request, _("述职报告草稿已保存。"))
            return redirect(f"{request.path}?committee={committee.pk}&year={year}")
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(
        request,
        "duties/my_report.html",
        {
            "form": form,
            "report": report,
            "editable": editable,
            "committee": committee,
            "committees": committees,
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
            "required": standing.reports_required,
            "timeline": transitions(report) if report else [],
        },
    )


REPORTS = Listing(
    key="duties.reports",
    columns=(
        Column(_("委员"), "member", order=("member__name_pinyin",), value=lambda r: r.member.name, width=12),
        Column(_("年度"), "", value=lambda r: r.year, width=8),
        Column(_("提交时间"), "submitted", order=("submitted_at",), value=lambda r: _local_day(r.submitted_at)),
        Column(_("状态"), "state", order=("state", "member__name_pinyin"), value=lambda r: choice_label(r, "state")),
    ),
    default_sort="state",  # those awaiting review first, then by name
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
    export_name=_("年度述职"),
)


def _local_day(value):
    return timezone.localtime(value).date() if value else ""


@reader_required
def report_list(request):
    context = staff_context(request)
    qs = AnnualReport.objects.filter(committee=context["committee"], year=context["year"]).select_related("member")
    state = request.GET.get("state", "")
    if state in ReportState.values:
        qs = qs.filter(state=state)
    q = request.GET.get("q", "")
    qs = search(qs, q)
    listing = REPORTS.run(request, qs, filters={"state": state, "q": q})
    if listing.response:
        return listing.response
    return render(
        request,
        "duties/report_list.html",
        {**context, "listing": listing, "page": listing.page, "states": ReportState.choices, "state": state, "q": q},
    )


def _report_for(request, pk) -> AnnualReport:
    report = AnnualReport.objects.visible_to(request.user).filter(pk=pk).select_related("member", "committee").first()
    if report is None:
        raise Http404
    own = is_member(request.user) and report.member_id == request.user.member_id
    if not own and report.committee_id not in committee_ids(request.user):
        raise Http404
    return report


@login_required
def report_detail(request, pk):
    report = _report_for(request, pk)
    manages = services.can_manage(request.user, report.committee_id)
    actions = [r.action for r in services.REPORT_FLOW.actions_for(report, request.user)]
    return render(
        request,
        "duties/report_detail.html",
        {
            "report": report,
            "manages": manages,
            "actions": actions,
            "review_form": ReviewForm(),
            "timeline": transitions(report),
        },
    )


@login_required
@require_POST
def report_action(request, pk, action):
    report = _report_for(request, pk)
    form = ReviewForm(request.POST)
    note = form.data.get("note", "")
    try:
        if action == "submit":
            services.submit_report(actor=request.user, report=report)
        elif action == "return":
            services.return_report(actor=request.user, report=report, note=note)
        elif action == "accept":
            services.accept_report(actor=request.user, report=report, note=note)
        else:
            raise Http404
        messages.success(request, _("操作成功。"))
    except ServiceError as exc:
        if exc.status == 403:
            raise PermissionDenied from None
        messages.error(request, " ".join([str(exc.message), *[str(m) for v in exc.errors.values() for m in v]]))
    return redirect("duties:report_detail", report.pk)
