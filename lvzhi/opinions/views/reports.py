"""Report pages: submit (phone-friendly), mine, the office's queue, all with filters and export,
the detail with its timeline and the actions of the loop, the editor's version and its diff."""

import difflib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, Value
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import batch, registry
from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import ServiceError
from lvzhi.core.exports import Column, choice_label
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.scope import active_committee_ids, committee_ids
from lvzhi.core.workflow import timelines_of
from lvzhi.opinions import services
from lvzhi.opinions.actions import REPORT_ACTIONS
from lvzhi.opinions.attachments import serve_attachment
from lvzhi.opinions.choices import (
    AdoptionLevel,
    InstructionLevel,
    IssueKind,
    OpinionState,
    SubmitterKind,
)
from lvzhi.opinions.forms import EditForm, EnterForm, ReportForm
from lvzhi.opinions.models import InformationOfficer, OpinionIssue, OpinionReport, Recipient
from lvzhi.opinions.selectors import filter_reports, lives, recipients_and_units, with_lists
from lvzhi.opinions.views.common import (
    anyone_involved,
    can_read,
    chosen_committee,
    managed_ids,
    manager_required,
    reader_required,
    submitter_required,
)
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Committee, Membership, Party

# --- Lists -------------------------------------------------------------------------------------


def _scoped(request):
    """Readers: the scope switcher's committees (and their forwarded items' later life)."""
    ids = active_committee_ids(request)
    return OpinionReport.objects.visible_to(request.user).filter(
        Q(committee_id__in=ids) | Q(source__committee_id__in=ids)
    )


def _party_and_recipient_names(ids) -> dict:
    """The filter's parties (name, short name) and recipients (name), each name once — every
    committee has its own row of the same party or recipient —, in the committees' order: one query."""

    def rows(qs, which, label):
        return (
            qs.order_by()
            .annotate(which=Value(which), label=label, o1=F("committee__path"), o2=F("sort"))
            .values_list("which", "name", "label", "o1", "o2", "pk")
        )

    parties = rows(Party.objects.filter(committee_id__in=ids, is_active=True), "parties", F("short_name"))
    recipients = rows(Recipient.objects.filter(committee_id__in=ids), "recipients", Value(""))
    found: dict[str, dict[str, str]] = {"parties": {}, "recipients": {}}
    for which, name, label, *_order in parties.union(recipients, all=True).order_by("which", "o1", "o2", "pk"):
        found[which].setdefault(name, label or name)
    return {which: list(names.items()) for which, names in found.items()}


def _filter_context(request):
    ids = committee_ids(request.user)
    return {
        "states": OpinionState.choices,
        "kinds": SubmitterKind.choices,
        "categories": sorted(
            set(services.categories_for(request.user.committee_id))
            if request.user.committee_id
            else services.categories_for(0)
        ),
        **_party_and_recipient_names(ids),
        "committees": list(Committee.objects.filter(id__in=ids).order_by("path")),
        "params": request.GET,
    }


def _list(request, qs, *, listing, template, title, tab=None, extra=None):
    qs = with_lists(filter_reports(qs, request.GET, allowed_committees=committee_ids(request.user)))
    result = listing.run(request, qs)
    if result.response:
        return result.response
    context = {
        "listing": result,
        "page": result.page,
        "title": title,
        "tab": tab,
        **_filter_context(request),
        **(extra or {}),
    }
    return render(request, template, context)


@reader_required
def report_list(request):
    if request.GET.get("export") == "xlsx":  # the same file as the export link's
        return _export(request)
    return _list(request, _scoped(request), listing=REPORTS, template="opinions/list.html", title=_("全部社情民意信息"))


QUEUE_TABS = {
    "new": (_("待处理"), Q(state=OpinionState.SUBMITTED)),
    "editing": (_("编辑中"), Q(state=OpinionState.ACCEPTED)),
    "published": (_("待报送"), Q(state=OpinionState.PUBLISHED)),
    "tracking": (_("跟踪中"), Q(state=OpinionState.SENT)),
}


@manager_required
def report_queue(request):
    ids = managed_ids(request)
    base = OpinionReport.objects.filter(committee_id__in=ids)
    tab = request.GET.get("tab") or "new"
    tabs_q = {key: cond for key, (_label, cond) in QUEUE_TABS.items()} | {"overdue": services.overdue_q(ids)}
    counts = dict(zip(tabs_q, batch.counts([base.filter(cond) for cond in tabs_q.values()]), strict=True))
    condition = services.overdue_q(ids) if tab == "overdue" else QUEUE_TABS.get(tab, QUEUE_TABS["new"])[1]
    tabs = [(key, label, counts[key]) for key, (label, _c) in QUEUE_TABS.items()]
    tabs.append(("overdue", _("超期未反馈"), counts["overdue"]))
    return _list(
        request,
        base.filter(condition),
        listing=QUEUE,
        template="opinions/queue.html",
        title=_("信息处理"),
        tab=tab,
        extra={"tabs": tabs},
    )


@anyone_involved
def report_mine(request):
    user = request.user
    qs = OpinionReport.objects.filter(
        Q(created_by=user)
        | Q(credits__user=user)
        | (Q(credits__member_id=user.member_id) if user.member_id else Q(pk__in=[]))
    ).distinct()
    return _list(request, qs, listing=MINE, template="opinions/mine.html", title=_("我的社情民意信息"))


EXPORT_COLUMNS = [
    Column(_("编号"), lambda r: r.pk, 8),
    Column(_("委员会"), lambda r: r.committee.short_name, 10),
    Column(_("标题"), lambda r: r.title, 40),
    Column(_("类别"), lambda r: r.category, 10),
    Column(_("报送方"), lambda r: choice_label(r, "submitter_kind"), 10),
    Column(_("报送人"), lambda r: "、".join(c.name for c in r.credits.all()), 24),
    Column(_("状态"), lambda r: choice_label(r, "state"), 10),
    Column(
        _("提交时间"), lambda r: timezone.localtime(r.submitted_at).strftime("%Y-%m-%d") if r.submitted_at else "", 12
    ),
    Column(_("期刊"), lambda r: r.issue.label if r.issue_id else "", 22),
    Column(_("首次报送"), lambda r: r.sent_on.isoformat() if r.sent_on else "", 12),
    Column(_("批示"), lambda r: r.n_instructions, 6),
    Column(_("采用"), lambda r: r.n_adoptions, 6),
    Column(_("反馈"), lambda r: r.feedback_text, 30),
]


# The columns of the office's report lists (opinions/_table.html), newest first.
COLUMNS = (
    ListColumn(_("标题"), "title"),
    ListColumn(_("报送人")),
    ListColumn(_("类别"), "category", css="d-none d-md-table-cell"),
    ListColumn(_("委员会"), "committee", order=("committee__path",), css="d-none d-md-table-cell"),
    ListColumn(_("提交"), "submitted", order=("submitted_at",)),
    ListColumn(_("期刊"), "issue", order=("issue__year", "issue__number"), css="d-none d-md-table-cell"),
    ListColumn(_("状态"), "state"),
)
REPORTS = Listing(
    key="opinions.reports",
    columns=COLUMNS,
    default_sort="-submitted",
    page_size=30,
    page_sizes=(30, 50, 100),
    export_name=_("社情民意信息"),
    export_columns=tuple(EXPORT_COLUMNS),
)
QUEUE = Listing(
    key="opinions.queue", columns=COLUMNS, default_sort="-submitted", page_size=30, page_sizes=(30, 50, 100)
)
MINE = Listing(key="opinions.mine", columns=COLUMNS, default_sort="-submitted", page_size=30, page_sizes=(30, 50, 100))


@reader_required
def report_export(request):
    return _export(request)


def _export(request):
    qs = with_lists(filter_reports(_scoped(request), request.GET, allowed_committees=committee_ids(request.user)))
    qs = qs.annotate(n_instructions=Count("instructions", distinct=True), n_adoptions=Count("adoptions", distinct=True))
    filters = {k: v for k, v in request.GET.items() if k != "sort"}
    return REPORTS.export(request, qs, filters=filters)


# --- Submitting and editing ---------------------------------------------------------------------


def _form_context(user, committee=None):
    options = services.capacities(user)
    committee = committee or (options[0].committee if options else None)
    limits = services.settings_for(committee) if committee else None
    return options, services.categories_for(committee) if committee else [], limits


@submitter_required
def report_create(request):
    options, categories, limits = _form_context(request.user)
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        capacities=options,
        categories=categories,
        warn_length=limits.warn_length,
        initial={"capacity": options[0].code},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        capacity = data.pop("capacity", None) or options[0].code
        try:
            report = services.create_report(
                actor=request.user,
                data=data,
                capacity=capacity,
                submit=request.POST.get("intent") != "draft",
                uploads=[upload] if upload else [],
            )
            warning = services.length_warning(report.committee, report.content)
            if warning:
                messages.warning(request, warning)
            messages.success(request, _("已提交。") if report.state == OpinionState.SUBMITTED else _("草稿已保存。"))
            return redirect("opinions:detail", report.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "opinions/form.html", {"form": form, "title": _("报送社情民意信息"), "limits": limits})


def _submitters(committee):
    """The choices of a paper entry: the committee's serving members, organisations and officers."""
    seats = (
        Membership.objects.filter(committee=committee, status=MembershipStatus.ACTIVE)
        .select_related("member")
        .order_by("member__name_pinyin", "member_id")
    )
    members, seen = [], set()
    for seat in seats:
        if seat.member_id not in seen:
            seen.add(seat.member_id)
            members.append((f"member:{seat.member_id}", seat.member.name))
    parties = [(f"organisation:{p.pk}", p.name) for p in services.parties_for(committee)]
    officers = [
        (f"officer:{o.pk}", o.name) for o in InformationOfficer.objects.filter(committee=committee, is_active=True)
    ]
    return [
        (_("委员"), members),
        (_("参加单位"), parties),
        (_("特邀信息员"), officers),
    ]


@manager_required
def report_enter(request):
    """The office enters a paper report on a submitter's behalf."""
    committee, committees = chosen_committee(request)
    form = EnterForm(
        request.POST or None,
        request.FILES or None,
        submitters=_submitters(committee),
        categories=services.categories_for(committee),
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        kind, _sep, pk = data.pop("submitter").partition(":")
        received_on = data.pop("received_on")
        try:
            report = services.enter_report(
                actor=request.user,
                committee=committee,
                submitter_kind=kind,
                submitter=pk,
                data=data,
                received_on=received_on,
                uploads=[upload] if upload else [],
            )
            messages.success(request, _("已代为录入并提交，已通知报送人。"))
            return redirect("opinions:detail", report.pk)
        except ServiceError as exc:
            errors = dict(exc.errors)
            for field in ("member", "party", "officer", "submitter_kind"):
                if field in errors:
                    errors.setdefault("submitter", []).extend(errors.pop(field))
            if "file" in errors:
                errors["attachment"] = errors.pop("file")
            exc.errors = errors
            apply_service_error(form, exc)
    return render(
        request,
        "opinions/enter.html",
        {"form": form, "committee": committee, "committees": committees, "title": _("代为录入纸质信息")},
    )


@anyone_involved
@require_POST
def report_attach(request, pk):
    report = services.get_report(request.user, pk)
    try:
        services.add_attachment(actor=request.user, report=report, upload=request.FILES.get("file"))
        messages.success(request, _("附件已上传。"))
    except ServiceError as exc:
        details = [str(m) for v in exc.errors.values() for m in v]
        messages.error(request, "；".join([str(exc.message), *details]))
    return redirect("opinions:detail", report.pk)


@anyone_involved
@require_POST
def report_detach(request, pk, file_id):
    report = services.get_report(request.user, pk)
    try:
        services.remove_attachment(actor=request.user, report=report, attachment_id=file_id)
        messages.success(request, _("附件已删除。"))
    except ServiceError as exc:
        details = [str(m) for v in exc.errors.values() for m in v]
        messages.error(request, "；".join([str(exc.message), *details]))
    return redirect("opinions:detail", report.pk)


@anyone_involved
def report_file(request, pk, file_id):
    """A file of a report, as a download, for whoever may see the report."""
    report = services.get_report(request.user, pk)
    attachment = services.file_of(report, file_id)
    if attachment is None:
        raise Http404
    return serve_attachment(attachment)


@anyone_involved
def report_edit(request, pk):
    """The submitter's draft, or (for the office) the editor's version of an accepted item."""
    report = services.get_report(request.user, pk)
    if report.state == OpinionState.DRAFT and report.created_by_id == request.user.pk:
        return _edit_draft(request, report)
    if report.state == OpinionState.ACCEPTED and services.can_manage(request.user, report.committee_id):
        return _edit_as_editor(request, report)
    raise PermissionDenied


def _edit_draft(request, report):
    limits = services.settings_for(report.committee)
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        capacities=[],
        categories=services.categories_for(report.committee),
        warn_length=limits.warn_length,
        draft=True,
        initial={f: getattr(report, f) for f in services.TEXT_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        data.pop("capacity", None)
        try:
            services.update_draft(actor=request.user, report=report, data=data, uploads=[upload] if upload else [])
            if request.POST.get("intent") != "draft":
                services.submit_report(actor=request.user, report=report)
                messages.success(request, _("已提交。"))
            else:
                messages.success(request, _("草稿已保存。"))
            return redirect("opinions:detail", report.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(
        request, "opinions/form.html", {"form": form, "report": report, "title": _("修改信息"), "limits": limits}
    )


def _edit_as_editor(request, report):
    """The table's "edit" action, on a page of its own (the text is long)."""
    form = EditForm(initial={"title": report.title, "content": report.content, "suggestions": report.suggestions})
    if request.method == "POST":
        result = perform_page_action(request, REPORT_ACTIONS, report, "edit", keep_form=True)
        if result.done or result.form is None:
            return redirect("opinions:detail", report.pk)
        form = result.form
    return render(request, "opinions/edit.html", {"form": form, "report": report})


# --- Detail --------------------------------------------------------------------------------------


def inline_diff(before: str, after: str):
    """The editor's changes, character by character: deletions struck through, insertions marked."""
    matcher = difflib.SequenceMatcher(None, before or "", after or "", autojunk=False)
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(before[i1:i2]))
            continue
        if op in ("delete", "replace"):
            parts.append(f'<del class="text-danger">{escape(before[i1:i2])}</del>')
        if op in ("insert", "replace"):
            parts.append(f'<ins class="text-success">{escape(after[j1:j2])}</ins>')
    return mark_safe("".join(parts).replace("\n", "<br>"))


def _lives(*reports) -> list[dict]:
    """Each report's later life and timeline, as `opinions/_life.html` shows it: two queries for all."""
    records = lives(reports)
    timelines = timelines_of(reports)
    for rows in timelines.values():
        for row in rows:
            row.action_label = services.ACTION_LABELS.get(row.action, row.action)
    return [{"report": report, **records[report.pk], "timeline": timelines[report]} for report in reports]


@anyone_involved
def report_detail(request, pk):
    report = services.get_report(request.user, pk)
    user = request.user
    manages = services.can_manage(user, report.committee_id)
    actions = {action.name for action in REPORT_ACTIONS.for_user(report, user)}
    # the reports combined into this one and its copies forwarded upward: one read of both
    below = (
        list(OpinionReport.objects.filter(Q(combined_into=report) | Q(source=report)).select_related("committee"))
        if report.pk
        else []
    )
    forward = next((r for r in below if r.source_id == report.pk), None)
    life = _lives(report, *([forward] if forward is not None else []))
    context = {
        "report": report,
        "self_life": life[0],
        "credits": list(report.credits.select_related("party")),
        "attachments": list(report.attachments.all()),
        "can_attach": services.can_attach(user, report),
        "manages": manages,
        "reader": can_read(user),
        "actions": actions,
        "is_creator": report.created_by_id == user.pk,
        "combined": [r for r in below if r.combined_into_id == report.pk],
        "warning": services.length_warning(report.committee, report.content),
        "diff": report.is_edited,
    }
    if forward is not None:
        context["upstream"] = life[1]
    if report.from_proposal_id:
        # the proposals module's model, reached through the report's own relation (not imported)
        proposals = OpinionReport._meta.get_field("from_proposal").related_model.objects
        context["from_proposal"] = proposals.filter(pk=report.from_proposal_id).only("pk", "title", "number").first()
        context["from_proposal_visible"] = proposals.visible_to(user).filter(pk=report.from_proposal_id).exists()
    context["links"] = registry.links_for(report, user)
    if report.source_id:
        context["source_visible"] = OpinionReport.objects.visible_to(user).filter(pk=report.source_id).exists()
    if manages:
        today = timezone.localdate()
        context.update(
            issues=OpinionIssue.objects.filter(committee_id=report.committee_id, year__gte=today.year - 1)[:20],
            issue_kinds=IssueKind.choices,
            candidates=OpinionReport.objects.filter(
                committee_id=report.committee_id, state__in=[OpinionState.SUBMITTED, OpinionState.ACCEPTED]
            ).exclude(pk=report.pk)[:50],
            today=today,
        )
        # the sending form's recipients and the handling form's units (each shown with its action)
        context["recipients"], context["units"] = recipients_and_units(
            report.committee_id, recipients="send" in actions, units="handle" in actions
        )
    if "instruct" in actions:
        context.update(instruction_levels=InstructionLevel.choices, today=timezone.localdate())
    context["adoption_levels"] = AdoptionLevel.choices
    return render(request, "opinions/detail.html", context)


@anyone_involved
def report_diff(request, pk):
    report = services.get_report(request.user, pk)
    rows = [
        (_("标题"), inline_diff(report.original_title, report.title)),
        (_("内容"), inline_diff(report.original_content, report.content)),
        (_("建议"), inline_diff(report.original_suggestions, report.suggestions)),
    ]
    return render(request, "opinions/diff.html", {"report": report, "rows": rows})


@anyone_involved
@require_POST
def report_action(request, pk, action):
    """One action of the report's table from its form on the detail page (an unknown action is 404);
    refusals come back as a message on the detail page."""
    report = services.get_report(request.user, pk)
    if perform_page_action(request, REPORT_ACTIONS, report, action).done and action == "forward":
        messages.info(request, _("已上报%(c)s，可在本页跟踪其后续情况。") % {"c": report.committee.parent.name})
    return redirect("opinions:detail", report.pk)
