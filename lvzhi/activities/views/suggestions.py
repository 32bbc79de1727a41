"""The suggestions of an outcome on its page: add (pasted one per line), edit (text, members,
adoption), delete — staff of the outcome's committee, through the suggestion services."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.activities import services
from lvzhi.activities.forms import SuggestionForm, SuggestionsAddForm
from lvzhi.activities.models import Suggestion
from lvzhi.activities.views.common import reader_required
from lvzhi.activities.views.records import managed_outcome, participants
from lvzhi.core.errors import ServiceError
from lvzhi.core.forms import apply_service_error


@reader_required
def suggestion_add(request, pk):
    outcome = managed_outcome(request, pk)
    form = SuggestionsAddForm(request.POST or None, members=participants(outcome.activity))
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.add_suggestions(
                actor=request.user,
                outcome=outcome,
                text=form.cleaned_data["text"],
                members=[m.pk for m in form.cleaned_data["members"]],
            )
            messages.success(request, _("已添加 %(n)s 条建议。") % {"n": len(rows)})
            return redirect("activities:outcome_detail", outcome.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    context = {"activity": outcome.activity, "form": form, "title": _("添加建议")}
    return render(request, "activities/record_form.html", context)


def _managed_suggestion(request, pk) -> Suggestion:
    suggestion = Suggestion.objects.filter(pk=pk).select_related("outcome__activity").first()
    if suggestion is None:
        raise Http404
    managed_outcome(request, suggestion.outcome_id)  # 404 outside scope, 403 without the permission
    return suggestion


@reader_required
def suggestion_edit(request, pk):
    suggestion = _managed_suggestion(request, pk)
    outcome = suggestion.outcome
    member_ids = list(suggestion.members.values_list("pk", flat=True))
    initial = {
        "text": suggestion.text,
        "members": member_ids,
        "adopted": suggestion.adopted,
        "adopted_by": suggestion.adopted_by,
        "adopted_on": suggestion.adopted_on,
    }
    members = participants(outcome.activity, *member_ids)
    form = SuggestionForm(request.POST or None, initial=initial, members=members)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["members"] = [m.pk for m in data["members"]]
        try:
            services.update_suggestion(actor=request.user, suggestion=suggestion, data=data)
            messages.success(request, _("已保存。"))
            return redirect("activities:outcome_detail", outcome.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    context = {"activity": outcome.activity, "form": form, "title": _("修改建议")}
    return render(request, "activities/record_form.html", context)


@reader_required
@require_POST
def suggestion_delete(request, pk):
    suggestion = _managed_suggestion(request, pk)
    services.delete_suggestion(actor=request.user, suggestion=suggestion)
    messages.success(request, _("建议已删除。"))
    return redirect("activities:outcome_detail", suggestion.outcome_id)
