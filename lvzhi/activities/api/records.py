"""Speeches and outcomes over the API: list, record, edit, delete, attach a file, and an outcome's
tracking steps (its action table): the same services and rules as the pages."""

from django.db.models import Count
from ninja import File, UploadedFile

from lvzhi.activities import services
from lvzhi.activities.actions import OUTCOME_ACTIONS
from lvzhi.activities.api.common import (
    fresh_outcome,
    fresh_speech,
    get_activity,
    get_speech,
    load_outcome,
    load_suggestion,
    outcome_data,
    outcomes_of,
    router,
    sees_all,
    speech_data,
    suggestion_data,
)
from lvzhi.activities.models import Speech, Suggestion
from lvzhi.activities.schemas import (
    OutcomeIn,
    OutcomeOut,
    OutcomePatchIn,
    SpeechIn,
    SpeechOut,
    SpeechPatchIn,
    SuggestionOut,
    SuggestionPatchIn,
    SuggestionsCreatedOut,
    SuggestionsIn,
)
from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, PageQuery, get_in, page_of, paginate

# --- Speeches ------------------------------------------------------------------------------------


@router.get("/activities/{id}/speeches/", response={200: page_of(SpeechOut), **READ_ERRORS})
def list_speeches(request, id: Id, paging: PageQuery):
    activity = get_activity(request.auth, id)
    qs = Speech.objects.filter(activity=activity).select_related("member", "attachment").order_by("id")
    if not sees_all(request.auth, activity):
        qs = qs.filter(member_id=request.auth.member_id or 0)
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [speech_data(s) for s in page["items"]], "count": page["count"]}


@router.post("/activities/{id}/speeches/", response={201: SpeechOut, **WRITE_ERRORS})
def create_speech(request, id: Id, payload: SpeechIn):
    activity = get_activity(request.auth, id)
    speech = services.record_speech(actor=request.auth, activity=activity, data=payload.dict())
    return 201, fresh_speech(speech)


@router.patch("/activities/{id}/speeches/{speech_id}", response={200: SpeechOut, **WRITE_ERRORS})
def update_speech(request, id: Id, speech_id: Id, payload: SpeechPatchIn):
    """Edit a speech (only the fields sent change): staff of the committee, or the member who gave it."""
    speech = get_speech(request.auth, get_activity(request.auth, id), speech_id)
    services.update_speech(actor=request.auth, speech=speech, data=payload.model_dump(exclude_unset=True))
    return fresh_speech(speech)


@router.delete("/activities/{id}/speeches/{speech_id}", response={204: None, **WRITE_ERRORS})
def delete_speech(request, id: Id, speech_id: Id):
    """Delete a speech: staff of the committee, or the member who gave it."""
    speech = get_speech(request.auth, get_activity(request.auth, id), speech_id)
    services.delete_speech(actor=request.auth, speech=speech)
    return 204, None


@router.post("/activities/{id}/speeches/{speech_id}/attachment", response={200: SpeechOut, **WRITE_ERRORS})
def attach_speech_file(request, id: Id, speech_id: Id, file: File[UploadedFile]):
    """Upload the file of a speech (multipart/form-data, field `file`; pdf, docx, doc, jpg, png, …).
    Staff of the committee, or the member who gave the speech; a second upload replaces the first."""
    speech = get_speech(request.auth, get_activity(request.auth, id), speech_id)
    services.attach_file(actor=request.auth, record=speech, upload=file)
    return fresh_speech(speech)


# --- Outcomes ------------------------------------------------------------------------------------


@router.get("/activities/{id}/outcomes/", response={200: page_of(OutcomeOut), **READ_ERRORS})
def list_outcomes(request, id: Id, paging: PageQuery):
    qs = (
        outcomes_of(request.auth, get_activity(request.auth, id))
        .prefetch_related("authors")
        .annotate(n_suggestions=Count("suggestions"))
        .order_by("id")
    )
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [outcome_data(o) for o in page["items"]], "count": page["count"]}


@router.post("/activities/{id}/outcomes/", response={201: OutcomeOut, **WRITE_ERRORS})
def create_outcome(request, id: Id, payload: OutcomeIn):
    activity = get_activity(request.auth, id)
    outcome = services.record_outcome(actor=request.auth, activity=activity, data=payload.dict())
    return 201, outcome_data(outcome)


@router.patch("/activities/{id}/outcomes/{outcome_id}", response={200: OutcomeOut, **WRITE_ERRORS})
def update_outcome(request, id: Id, outcome_id: Id, payload: OutcomePatchIn):
    """Edit an outcome's content (only the fields sent change); its tracking goes through its actions."""
    outcome = get_in(outcomes_of(request.auth, get_activity(request.auth, id)), outcome_id)
    services.update_outcome(actor=request.auth, outcome=outcome, data=payload.model_dump(exclude_unset=True))
    return fresh_outcome(outcome)


@router.delete("/activities/{id}/outcomes/{outcome_id}", response={204: None, **WRITE_ERRORS})
def delete_outcome(request, id: Id, outcome_id: Id):
    """Delete an outcome that has not been sent (a sent one: 409)."""
    outcome = get_in(outcomes_of(request.auth, get_activity(request.auth, id)), outcome_id)
    services.delete_outcome(actor=request.auth, outcome=outcome)
    return 204, None


@router.post("/activities/{id}/outcomes/{outcome_id}/attachment", response={200: OutcomeOut, **WRITE_ERRORS})
def attach_outcome_file(request, id: Id, outcome_id: Id, file: File[UploadedFile]):
    """Upload the file of an outcome (multipart/form-data, field `file`); staff of the committee."""
    outcome = get_in(outcomes_of(request.auth, get_activity(request.auth, id)), outcome_id)
    services.attach_file(actor=request.auth, record=outcome, upload=file)
    return fresh_outcome(outcome)


# --- Suggestions of an outcome ---------------------------------------------------------------------


@router.get("/activities/outcomes/{id}/suggestions/", response={200: page_of(SuggestionOut), **READ_ERRORS})
def list_suggestions(request, id: Id, paging: PageQuery):
    """The suggestions of an outcome, in order (readers in scope of its committee)."""
    outcome = load_outcome(request.auth, id)
    qs = Suggestion.objects.filter(outcome=outcome).prefetch_related("members").order_by("position", "id")
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [suggestion_data(s) for s in page["items"]], "count": page["count"]}


@router.post("/activities/outcomes/{id}/suggestions/", response={201: SuggestionsCreatedOut, **WRITE_ERRORS})
def create_suggestions(request, id: Id, payload: SuggestionsIn):
    """Add suggestions to an outcome: `texts` one each, or `text` pasted one per line (numbering such
    as "1." or "（二）" is dropped); `members` made them. Staff of the committee."""
    outcome = load_outcome(request.auth, id)
    rows = services.add_suggestions(
        actor=request.auth, outcome=outcome, texts=payload.texts, text=payload.text, members=payload.members
    )
    fresh = Suggestion.objects.filter(pk__in=[r.pk for r in rows]).prefetch_related("members").order_by("position")
    items = [suggestion_data(s) for s in fresh]
    return 201, {"items": items, "count": len(items)}


@router.patch("/activities/suggestions/{id}", response={200: SuggestionOut, **WRITE_ERRORS})
def update_suggestion(request, id: Id, payload: SuggestionPatchIn):
    """Edit a suggestion (only the fields sent change): its text, members, adoption."""
    suggestion = load_suggestion(request.auth, id)
    services.update_suggestion(actor=request.auth, suggestion=suggestion, data=payload.model_dump(exclude_unset=True))
    return suggestion_data(Suggestion.objects.prefetch_related("members").get(pk=suggestion.pk))


@router.delete("/activities/suggestions/{id}", response={204: None, **WRITE_ERRORS})
def delete_suggestion(request, id: Id):
    suggestion = load_suggestion(request.auth, id)
    services.delete_suggestion(actor=request.auth, suggestion=suggestion)
    return 204, None


# `POST /activities/outcomes/{pk}/send | instruct | act`: the outcome's action table.
mount_api(router, OUTCOME_ACTIONS, load=load_outcome, out=OutcomeOut, render=fresh_outcome, errors=WRITE_ERRORS)
