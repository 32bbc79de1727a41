"""Speeches, outcomes (tracked until acted on), and the figures with their drill-down."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.activities import services
from lvzhi.activities.actions import OUTCOME_ACTIONS
from lvzhi.activities.choices import ActivityKind, ActivityState, OutcomeState
from lvzhi.activities.figures import FIGURES
from lvzhi.activities.forms import OutcomeForm, SpeechForm, SuggestionsAddForm
from lvzhi.activities.models import Activity, Attendance, Outcome, Speech, Suggestion
from lvzhi.activities.views.common import (
    PAGE_SIZE,
    get_managed_activity,
    reader_required,
)
from lvzhi.core.actions import perform_page_action
from lvzhi.core.errors import ServiceError
from lvzhi.core.exports import choice_label
from lvzhi.core.figure_pages import FigurePage, figure_page
from lvzhi.core.forms import apply_service_error, error_line
from lvzhi.core.listing import Column, Listing
from lvzhi.core.scope import active_committee_ids, committee_ids
from lvzhi.core.workflow import timeline
from lvzhi.org.models import Member


def participants(activity, *also):
    """The members a speech or an outcome may name: the invited (and whoever it names already)."""
    invited = Attendance.objects.filter(activity=activity).values("member_id")
    return Member.objects.filter(Q(pk__in=invited) | Q(pk__in=also)).order_by("name_pinyin")


@reader_required
def speech_create(request, pk):
    activity = get_managed_activity(request, pk)
    form = SpeechForm(request.POST or None, request.FILES or None, members=participants(activity))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file", None)
        try:
            services.record_speech(actor=request.user, activity=activity, data=data, upload=upload)
            messages.success(request, _("发言已登记。"))
            return redirect("activities:detail", activity.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "activities/record_form.html", {"activity": activity, "form": form, "title": _("登记发言")})


@reader_required
def outcome_create(request, pk):
    activity = get_managed_activity(request, pk)
    form = OutcomeForm(request.POST or None, request.FILES or None, members=participants(activity))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file", None)
        data["authors"] = [m.pk for m in data.get("authors") or []]
        try:
            outcome = services.record_outcome(actor=request.user, activity=activity, data=data, upload=upload)
            messages.success(request, _("成果已登记。"))
            return redirect("activities:outcome_detail", outcome.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "activities/record_form.html", {"activity": activity, "form": form, "title": _("登记成果")})


def _managed_speech(request, pk) -> Speech:
    speech = Speech.objects.filter(pk=pk).select_related("activity", "member").first()
    if speech is None:
        raise Http404
    get_managed_activity(request, speech.activity_id)  # 404 outside scope, 403 without the permission
    return speech


@reader_required
def speech_edit(request, pk):
    speech = _managed_speech(request, pk)
    activity = speech.activity
    initial = {"member": speech.member_id, "title": speech.title, "mode": speech.mode, "text": speech.text}
    form = SpeechForm(request.POST or None, initial=initial, members=participants(activity, speech.member_id))
    del form.fields["file"]
    if request.method == "POST" and form.is_valid():
        try:
            services.update_speech(actor=request.user, speech=speech, data=dict(form.cleaned_data))
            messages.success(request, _("已保存。"))
            return redirect("activities:detail", activity.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "activities/record_form.html", {"activity": activity, "form": form, "title": _("修改发言")})


@reader_required
@require_POST
def speech_delete(request, pk):
    speech = _managed_speech(request, pk)
    try:
        services.delete_speech(actor=request.user, speech=speech)
        messages.success(request, _("发言已删除。"))
    except ServiceError as exc:
        messages.error(request, error_line(exc))
    return redirect("activities:detail", speech.activity_id)


def managed_outcome(request, pk) -> Outcome:
    outcome = _outcome_for(request, pk)
    if not services.can_manage(request.user, outcome.committee_id):
        raise PermissionDenied
    return outcome


@reader_required
def outcome_edit(request, pk):
    outcome = managed_outcome(request, pk)
    activity = outcome.activity
    authors = list(outcome.authors.values_list("pk", flat=True))
    initial = {f: getattr(outcome, f) for f in ("title", "kind", "text")} | {"authors": authors}
    form = OutcomeForm(request.POST or None, initial=initial, members=participants(activity, *authors))
    del form.fields["file"]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["authors"] = [m.pk for m in data.get("authors") or []]
        try:
            services.update_outcome(actor=request.user, outcome=outcome, data=data)
            messages.success(request, _("已保存。"))
            return redirect("activities:outcome_detail", outcome.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "activities/record_form.html", {"activity": activity, "form": form, "title": _("修改成果")})


@reader_required
@require_POST
def outcome_delete(request, pk):
    outcome = managed_outcome(request, pk)
    try:
        services.delete_outcome(actor=request.user, outcome=outcome)
    except ServiceError as exc:
        messages.error(request, error_line(exc))
        return redirect("activities:outcome_detail", outcome.pk)
    messages.success(request, _("成果已删除。"))
    return redirect("activities:detail", outcome.activity_id)


def _outcome_for(request, pk):
    outcome = (
        Outcome.objects.visible_to(request.user)
        .filter(committee_id__in=committee_ids(request.user), pk=pk)
        .select_related("activity", "attachment")
        .first()
    )
    if outcome is None:
        raise Http404
    return outcome


OUTCOMES = Listing(
    key="activities.outcomes",
    columns=(
        Column(_("标题"), "title", value=lambda o: o.title, width=40),
        Column(_("类别"), "kind", value=lambda o: choice_label(o, "kind"), width=12),
        Column(_("活动"), "activity", order=("activity__start",), value=lambda o: o.activity.topic, width=40),
        Column(_("建议"), "suggestions", order=("n_suggestions",), value=lambda o: o.n_suggestions, width=8),
        Column(
            _("报送"), "sent", order=("sent_on",), value=lambda o: f"{o.sent_to} {o.sent_on or ''}".strip(), width=24
        ),
        Column(_("状态"), "state", value=lambda o: choice_label(o, "state"), width=10),
    ),
    default_sort="-activity",  # the latest activity's outcomes first
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
    export_name=_("活动成果"),
)


@reader_required
def outcome_list(request):
    qs = (
        Outcome.objects.filter(committee_id__in=active_committee_ids(request))
        .select_related("activity", "committee")
        .annotate(n_suggestions=Count("suggestions"))
    )
    state = request.GET.get("state", "")
    if state in OutcomeState.values:
        qs = qs.filter(state=state)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(title__icontains=q)
    listing = OUTCOMES.run(request, qs, filters={k: v for k, v in (("state", state), ("q", q)) if v})
    if listing.response:
        return listing.response
    context = {"listing": listing, "page": listing.page, "states": OutcomeState.choices, "state": state, "q": q}
    return render(request, "activities/outcome_list.html", context)


@reader_required
def outcome_detail(request, pk):
    outcome = _outcome_for(request, pk)
    manages = services.can_manage(request.user, outcome.committee_id)
    return render(
        request,
        "activities/outcome_detail.html",
        {
            "outcome": outcome,
            "authors": list(outcome.authors.all()),
            "suggestions": list(outcome.suggestions.prefetch_related("members")),
            "suggestion_form": SuggestionsAddForm(members=participants(outcome.activity)) if manages else None,
            "manages": manages,
            "activity_cancelled": outcome.activity.state == ActivityState.CANCELLED,
            "draft": outcome.state == OutcomeState.DRAFT,
            "action_forms": [
                (action, action.build_form(outcome, request.user))
                for action in OUTCOME_ACTIONS.for_user(outcome, request.user)
            ],
            "timeline": timeline(outcome),
        },
    )


@reader_required
@require_POST
def outcome_action(request, pk, action):
    """One step of the outcome's action table (send, instruct, act), from its form on the detail page."""
    outcome = _outcome_for(request, pk)
    if not services.can_manage(request.user, outcome.committee_id):
        raise PermissionDenied
    perform_page_action(request, OUTCOME_ACTIONS, outcome, action)
    return redirect("activities:outcome_detail", outcome.pk)


def _record_row(obj):
    if isinstance(obj, Activity):
        return {"url": f"/activities/{obj.pk}/", "text": obj.topic, "when": obj.start, "committee": obj.committee_id}
    if isinstance(obj, Attendance):
        return {
            "url": f"/activities/{obj.activity_id}/",
            "text": f"{obj.member} · {obj.activity}",
            "when": obj.activity.start,
        }
    if isinstance(obj, Speech):
        return {
            "url": f"/activities/{obj.activity_id}/",
            "text": f"{obj.member} · {obj.title}",
            "when": obj.activity.start,
        }
    if isinstance(obj, Suggestion):
        return {
            "url": f"/activities/outcomes/{obj.outcome_id}/#suggestion-{obj.pk}",
            "text": f"{obj.text[:80]} · {obj.outcome.title}" + (_("（已采纳）") if obj.adopted else ""),
            "when": obj.outcome.activity.start,
            "committee": obj.committee_id,
        }
    return {"url": f"/activities/outcomes/{obj.pk}/", "text": obj.title, "when": obj.activity.start}


def _narrow(request, figure, records, value, context):
    """A kind's bar on the dashboard opens the activities of that kind only."""
    kind = request.GET.get("kind", "")
    if figure.key == "activities.all" and kind in ActivityKind.values:
        records = records.filter(kind=kind)
        context["kind"] = ActivityKind(kind)
        return records, records.count()
    return records, value


FIGURE_PAGE = FigurePage(
    figures=FIGURES,
    template="activities/figures.html",
    records_template="activities/figure_records.html",
    row=_record_row,
    related=("activity", "member", "outcome__activity"),
    narrow=_narrow,
)


@reader_required
def figure_list(request):
    """Every activities figure for the chosen committee, scope and period; ?figure= drills down."""
    return figure_page(request, FIGURE_PAGE)
