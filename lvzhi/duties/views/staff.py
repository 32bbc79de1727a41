"""Staff pages: ranking and grade distribution, members with no event, assessments (adjust,
publish, talks), the scoring scheme and the baseline targets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.errors import ServiceError
from lvzhi.core.exports import Column, choice_label, xlsx_response
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing, paginate
from lvzhi.core.scope import active_committee_ids
from lvzhi.duties import ledger, scoring, selectors, services
from lvzhi.duties.choices import Grade
from lvzhi.duties.forms import AdjustForm, SchemeForm, TalkForm, TargetForm
from lvzhi.duties.models import Assessment, ScoringScheme, Target
from lvzhi.duties.views.common import PAGE_SIZE, manager_required, reader_required, search, staff_context


def _back(name, committee, year, **extra):
    query = f"?committee={committee.pk}&year={year}"
    for key, value in extra.items():
        query += f"&{key}={value}"
    return redirect(reverse(name) + query)


def _fail(request, exc: ServiceError):
    if exc.status == 403:
        raise PermissionDenied
    if exc.status == 404:
        raise Http404
    messages.error(request, " ".join([str(exc.message), *[str(m) for v in exc.errors.values() for m in v]]))


# --- ranking -----------------------------------------------------------------------------------


def _membership_columns():
    return [
        Column(_("委员"), lambda r: r.membership.member.name, 12),
        Column(_("职务"), lambda r: str(choice_label(r.membership, "role")), 10),
        Column(_("界别"), lambda r: r.membership.sector.name if r.membership.sector_id else "", 16),
        Column(_("参加单位"), lambda r: r.membership.party.name if r.membership.party_id else "", 16),
    ]


RANKING = Listing(
    key="duties.ranking",
    columns=(  # as duties/ranking.html shows them
        ListColumn(_("名次"), "rank", sort_value=lambda r: r.rank),
        ListColumn(_("委员"), "name", sort_value=lambda r: r.membership.member.name_pinyin),
        ListColumn(_("界别"), css="d-none d-md-table-cell"),
        ListColumn(_("参加单位"), css="d-none d-md-table-cell"),
        ListColumn(_("事件"), "events", css="text-end", sort_value=lambda r: r.standing.events),
        ListColumn(_("积分"), "score", css="text-end", sort_value=lambda r: r.standing.score),
        ListColumn(_("等次")),
        ListColumn(_("未达要求"), css="d-none d-md-table-cell"),
    ),
    default_sort="rank",
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
)


@reader_required
def ranking(request):
    context = staff_context(request)
    committee, year = context["committee"], context["year"]
    rows = selectors.ranking(committee.pk, year)
    # a committee that records none of its members' work itself (a province whose members take part
    # in the cities' work): no grade is drawn from an empty record
    no_record = bool(rows) and not any(r.standing.events for r in rows)
    by = request.GET.get("by", "")
    if by not in selectors.GROUPS:
        by = ""
    if request.GET.get("export") == "xlsx":
        columns = [
            Column(_("名次"), lambda r: r.rank, 6),
            *_membership_columns(),
            Column(_("履职事件"), lambda r: r.standing.events, 10),
            Column(_("积分"), lambda r: float(r.standing.score), 8),
            Column(_("等次"), lambda r: "" if no_record else r.standing.grade_label, 10),
            Column(_("未达要求"), lambda r: "、".join(t.name for t in r.standing.missing), 40),
        ]
        return xlsx_response(
            actor=request.user,
            rows=rows,
            columns=columns,
            filename=f"履职排名-{committee.short_name}-{year}",
            what="duties.ranking",
            filters={"committee": committee.code, "year": year},
            committee=committee,
        )
    q = request.GET.get("q", "").strip()
    shown = [
        r
        for r in rows
        if not q or q in r.membership.member.name or r.membership.member.name_initials.startswith(q.lower())
    ]
    listing = RANKING.run_rows(request, shown, filters={"committee": committee.code, "year": year, "q": q})
    if listing.response:
        return listing.response
    return render(
        request,
        "duties/ranking.html",
        {
            **context,
            "listing": listing,
            "page": listing.page,
            "by": by,
            "by_label": selectors.GROUPS.get(by, ""),
            "groups": selectors.GROUPS,
            "distribution": selectors.distribution(rows, by),
            "total": selectors.distribution(rows),
            "q": q,
            "no_record": no_record,
        },
    )


@reader_required
def inactive(request):
    """Members of the year's roster with no duty event in the committee's record."""
    context = staff_context(request)
    committee, year = context["committee"], context["year"]
    rows = [r for r in selectors.ranking(committee.pk, year) if r.standing.events == 0]
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            actor=request.user,
            rows=rows,
            columns=_membership_columns(),
            filename=f"无履职记录委员-{committee.short_name}-{year}",
            what="duties.inactive",
            filters={"committee": committee.code, "year": year},
            committee=committee,
        )
    page = paginate(rows, request.GET.get("page"), PAGE_SIZE)
    return render(request, "duties/inactive.html", {**context, "page": page, "count": len(rows)})


# --- assessments -------------------------------------------------------------------------------


def _with_live(rows, committee_id, year):
    """Unpublished rows show the live score and grade (from the ledger)."""
    live = [r for r in rows if not r.published_at]
    found = scoring.standings(committee_id, year, [r.member_id for r in live]) if live else {}
    for r in rows:
        s = found.get(r.member_id)
        if s is not None:
            r.show_score, r.show_computed = s.score, s.grade
            r.show_grade = r.grade if r.adjusted_at else s.grade
            r.show_missing, r.show_below = [t.name for t in s.missing], s.below_baseline
        else:
            r.show_score, r.show_computed, r.show_grade = r.score, r.computed_grade, r.grade
            r.show_missing, r.show_below = r.targets_missing, r.below_baseline
        r.grade_label = str(Grade(r.show_grade).label) if r.show_grade else ""
        r.grade_color = Grade(r.show_grade).color if r.show_grade else "secondary"
        r.computed_label = str(Grade(r.show_computed).label) if r.show_computed else ""
    return rows


@reader_required
def assessments(request):
    context = staff_context(request)
    committee, year = context["committee"], context["year"]
    qs = (
        Assessment.objects.filter(committee=committee, year=year)
        .select_related("member")
        .prefetch_related("talks")
        .order_by("member__name_pinyin", "id")
    )
    q = request.GET.get("q", "")
    qs = search(qs, q)
    rows = _with_live(list(qs), committee.pk, year)
    only_below = request.GET.get("below") == "1"
    if only_below:
        rows = [r for r in rows if r.show_below]
    published = any(r.published_at for r in rows)
    if request.GET.get("export") == "xlsx":
        columns = [
            Column(_("委员"), lambda r: r.member.name, 12),
            Column(_("积分"), lambda r: float(r.show_score or 0), 8),
            Column(_("计算等次"), lambda r: r.computed_label, 10),
            Column(_("考核等次"), lambda r: r.grade_label, 10),
            Column(_("调整理由"), lambda r: r.reason, 30),
            Column(_("未达要求"), lambda r: "、".join(r.show_missing), 40),
            Column(_("约谈"), lambda r: "；".join(f"{t.held_on} {t.held_by}" for t in r.talks.all()), 24),
        ]
        return xlsx_response(
            actor=request.user,
            rows=rows,
            columns=columns,
            filename=f"年度考核-{committee.short_name}-{year}",
            what="duties.assessments",
            filters={"committee": committee.code, "year": year, "below": only_below},
            committee=committee,
        )
    page = paginate(rows, request.GET.get("page"), PAGE_SIZE)
    counts = [(g.label, g.color, sum(1 for r in rows if r.show_grade == g.value)) for g in Grade]
    return render(
        request,
        "duties/assessments.html",
        {
            **context,
            "page": page,
            "published": published,
            "counts": counts,
            "below_count": sum(1 for r in rows if r.show_below),
            "only_below": only_below,
            "q": q,
            "manages": services.can_manage(request.user, committee),
        },
    )


@reader_required
@require_POST
def assessments_action(request, action):
    context = staff_context(request)
    committee, year = context["committee"], context["year"]
    manager_required(request, committee)
    try:
        if action == "open":
            n = services.open_assessments(actor=request.user, committee=committee, year=year)
            messages.success(request, _("已开始考核，新增 %(n)d 名委员。") % {"n": n})
        elif action == "publish":
            n = services.publish_assessments(actor=request.user, committee=committee, year=year)
            messages.success(request, _("已公布 %(n)d 名委员的考核结果。") % {"n": n})
        else:
            raise Http404
    except ServiceError as exc:
        _fail(request, exc)
    return _back("duties:assessments", committee, year)


def _assessment_for(request, pk) -> Assessment:
    row = (
        Assessment.objects.visible_to(request.user)
        .filter(pk=pk, committee_id__in=active_committee_ids(request))
        .select_related("member", "committee", "adjusted_by")
        .first()
    )
    if row is None:
        raise Http404
    return row


@reader_required
def assessment_detail(request, pk):
    row = _assessment_for(request, pk)
    _with_live([row], row.committee_id, row.year)
    manages = services.can_manage(request.user, row.committee_id)
    adjust_form = AdjustForm(request.POST if request.POST.get("form") == "adjust" else None)
    talk_form = TalkForm(
        request.POST if request.POST.get("form") == "talk" else None, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST":
        manager_required(request, row.committee_id)
        form = adjust_form if request.POST.get("form") == "adjust" else talk_form
        if form.is_valid():
            try:
                if form is adjust_form:
                    services.adjust_assessment(actor=request.user, assessment=row, **form.cleaned_data)
                    messages.success(request, _("等次已调整。"))
                else:
                    services.record_talk(actor=request.user, assessment=row, **form.cleaned_data)
                    messages.success(request, _("约谈已记录。"))
                return redirect("duties:assessment_detail", row.pk)
            except ServiceError as exc:
                if exc.status == 409:
                    messages.error(request, str(exc.message))
                else:
                    apply_service_error(form, exc)
    return render(
        request,
        "duties/assessment_detail.html",
        {
            "row": row,
            "manages": manages,
            "adjust_form": adjust_form,
            "talk_form": talk_form,
            "talks": list(row.talks.select_related("recorded_by")),
        },
    )


# --- scoring scheme ----------------------------------------------------------------------------


@reader_required
def scheme(request):
    context = staff_context(request)
    committee, year = context["committee"], context["year"]
    current = scoring.effective_scheme(committee.pk, year)
    rules = scoring.rules_of(current)
    form = SchemeForm(
        request.POST or None,
        rules=rules,
        initial={**scoring.thresholds_of(current), "reports_from_all": bool(current and current.reports_from_all)},
    )
    manages = services.can_manage(request.user, committee)
    if request.method == "POST":
        manager_required(request, committee)
        if form.is_valid():
            try:
                saved = services.save_scheme(
                    actor=request.user, committee=committee, year=year, data=form.service_data()
                )
                messages.success(
                    request, _("积分办法已保存为第 %(v)d 版，本年度积分已重新计算。") % {"v": saved.version}
                )
                return _back("duties:scheme", committee, year)
            except ServiceError as exc:
                apply_service_error(form, exc)
    versions = ScoringScheme.objects.filter(committee=committee, year=year).select_related("created_by")
    return render(
        request,
        "duties/scheme.html",
        {
            **context,
            "current": current,
            "inherited": current is not None and current.year != year,
            "form": form,
            "manages": manages,
            "versions": list(versions),
        },
    )


# --- baseline targets --------------------------------------------------------------------------


@reader_required
def targets(request):
    context = staff_context(request)
    committee = context["committee"]
    registered = set(ledger.kinds())
    labels = ledger.kinds()
    specs = scoring.targets_for(committee.pk)
    rows = [
        {
            "spec": t,
            "counted": scoring.counted(t, registered),
            "kinds": [labels.get(k, k) for k in t.kinds],
        }
        for t in specs
    ]
    return render(
        request,
        "duties/targets.html",
        {
            **context,
            "rows": rows,
            "is_default": all(t.id is None for t in specs),
            "manages": services.can_manage(request.user, committee),
        },
    )


@reader_required
def target_edit(request, pk=None):
    context = staff_context(request)
    committee = context["committee"]
    instance = None
    if pk is not None:
        instance = Target.objects.filter(pk=pk, committee_id__in=active_committee_ids(request)).first()
        if instance is None:
            raise Http404
        committee = instance.committee
    manager_required(request, committee)
    initial = {}
    if instance:
        initial = {"name": instance.name, "kinds": instance.kinds, "required": instance.required, "sort": instance.sort}
    form = TargetForm(request.POST or None, initial=initial, extra_kinds=instance.kinds if instance else ())
    if request.method == "POST" and form.is_valid():
        try:
            services.save_target(actor=request.user, committee=committee, data=form.cleaned_data, instance=instance)
            messages.success(request, _("履职基本要求已保存。"))
            return _back("duties:targets", committee, context["year"])
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(
        request, "duties/target_form.html", {**context, "committee": committee, "form": form, "instance": instance}
    )


@reader_required
@require_POST
def target_delete(request, pk):
    target = Target.objects.filter(pk=pk, committee_id__in=active_committee_ids(request)).first()
    if target is None:
        raise Http404
    manager_required(request, target.committee_id)
    committee = target.committee
    services.delete_target(actor=request.user, target=target)
    messages.success(request, _("已删除。"))
    return _back("duties:targets", committee, timezone.localdate().year)


@reader_required
@require_POST
def targets_reset(request):
    context = staff_context(request)
    manager_required(request, context["committee"])
    services.reset_targets(actor=request.user, committee=context["committee"])
    messages.success(request, _("已恢复为默认的八项基本要求。"))
    return _back("duties:targets", context["committee"], context["year"])
