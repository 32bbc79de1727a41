"""The plenary sections of the office's and the member's meeting pages (speakers, elections,
speeches, minutes): the context each page adds, in a constant number of queries per section."""

from django.db.models import Count, Exists, OuterRef

from lvzhi.core.workflow import timeline
from lvzhi.meetings import forms_plenary, services
from lvzhi.meetings.actions_plenary import ELECTION_ACTIONS, MINUTES_ACTIONS, SPEAKER_ACTIONS
from lvzhi.meetings.choices import ElectionState, SpeakerState, SpeechState
from lvzhi.meetings.models import (
    AgendaItem,
    Election,
    ElectionParticipation,
    Meeting,
    Minutes,
    PlenarySpeech,
    Resolution,
    SpeakerRequest,
)
from lvzhi.meetings.services.base import is_member_user
from lvzhi.meetings.services.elections import results as election_results


def _forms(table, obj, user):
    return [(a, a.build_form(obj, user)) for a in table.for_user(obj, user)]


def office_context(meeting: Meeting, user) -> dict:
    """The office's sections: speakers, elections, speeches (counts), minutes and resolutions."""
    speakers = list(services.speakers_of(meeting).exclude(state=SpeakerState.WITHDRAWN))
    elections = list(Election.objects.filter(meeting=meeting).select_related("agenda_item"))
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_by", "edited_by").first()
    counts = dict(PlenarySpeech.objects.filter(meeting=meeting).values_list("state").annotate(n=Count("id")))
    return {
        "speakers": [(s, _forms(SPEAKER_ACTIONS, s, user)) for s in speakers],
        "elections": [(e, _forms(ELECTION_ACTIONS, e, user), election_results(e), timeline(e)) for e in elections],
        "minutes": minutes,
        "minutes_actions": _forms(MINUTES_ACTIONS, minutes, user) if minutes else [],
        "minutes_steps": timeline(minutes) if minutes else [],
        "speak_form_office": forms_plenary.speaker_form(meeting, user)
        if services.can_manage(user, meeting.committee_id)
        else None,
        "resolutions": Resolution.objects.filter(meeting=meeting).select_related("vote"),
        "speech_counts": {
            "submitted": sum(n for s, n in counts.items() if s != SpeechState.WITHDRAWN),
            "oral": counts.get(SpeechState.ORAL, 0),
            "written": counts.get(SpeechState.WRITTEN, 0),
        },
    }


def _has_agenda(meeting, agenda) -> bool:
    return bool(agenda) if agenda is not None else AgendaItem.objects.filter(meeting=meeting).exists()


def member_context(meeting: Meeting, user, agenda=None) -> dict:
    """The member's sections: asking to speak, my requests, the elections (whether they cast their
    ballot; the result is the election's decision once confirmed), my speeches. `agenda`: the
    meeting's agenda items when the caller has read them already. The published minutes come with
    the meeting (`selectors.with_own_rows`)."""
    member_id = user.member_id if is_member_user(user) else 0
    mine = list(
        SpeakerRequest.objects.filter(meeting=meeting, member_id=member_id)
        .exclude(state=SpeakerState.WITHDRAWN)
        .select_related("agenda_item")
    )
    elections = []
    cast_by_me = ElectionParticipation.objects.filter(election=OuterRef("pk"), member_id=member_id or 0)
    shown = list(
        Election.objects.filter(meeting=meeting).exclude(state=ElectionState.DRAFT).annotate(cast=Exists(cast_by_me))
    )
    for e in shown:
        cast = e.cast  # services.has_cast, with the elections
        form = ELECTION_ACTIONS.get("cast").build_form(e, user) if e.state == ElectionState.OPEN and not cast else None
        elections.append({"election": e, "cast": cast, "form": form})
    return {
        "speak_form": forms_plenary.speaker_form(meeting, user, agenda=agenda)
        if _has_agenda(meeting, agenda)
        else None,
        "my_speakers": [(s, _forms(SPEAKER_ACTIONS, s, user)) for s in mine],
        "elections": elections,
        "my_speeches": PlenarySpeech.objects.filter(meeting=meeting, member_id=member_id).select_related("party"),
        "speech_open": not services.deadline_passed(meeting),
    }
