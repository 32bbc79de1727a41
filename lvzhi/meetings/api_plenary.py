"""The API of the plenary's further parts, over the same services and action tables as the pages:
`/plenary-speeches/` (list, submit, detail, review steps), `/meetings/{id}/speakers` (list, ask to
speak) and `/meetings/speakers/{id}/<step>`, `/meetings/{id}/elections` and
`/meetings/elections/{id}[/<step>]`, `/meetings/{id}/minutes` and `/meetings/minutes/{id}/<step>`."""

from ninja import Query, Router, Status

from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, PageParams, get_in, page_of, paginate
from lvzhi.core.errors import NotFound
from lvzhi.core.workflow import timelines
from lvzhi.meetings import services
from lvzhi.meetings.actions_plenary import ELECTION_ACTIONS, MINUTES_ACTIONS, SPEAKER_ACTIONS, SPEECH_ACTIONS
from lvzhi.meetings.api_common import _of_visible_meetings, _ref, load_meeting, require_participant, steps
from lvzhi.meetings.choices import ElectionState, MinutesState, SpeakerState
from lvzhi.meetings.models import (
    Candidate,
    Election,
    Minutes,
    PlenarySpeech,
    Resolution,
    SpeakerRequest,
    reads_all_in_scope,
)
from lvzhi.meetings.schemas import (
    ElectionOut,
    MinutesOut,
    PlenarySpeechIn,
    PlenarySpeechOut,
    SpeakerIn,
    SpeakerOut,
)
from lvzhi.meetings.services.base import is_member_user
from lvzhi.meetings.services.elections import results as election_results

router = Router(tags=["meetings"])


# Plenary speeches


def _speeches(user):
    require_participant(user)
    qs = _of_visible_meetings(PlenarySpeech.objects.select_related("member", "party"), user)
    if reads_all_in_scope(user):
        return qs
    return qs.filter(member_id=user.member_id if is_member_user(user) else 0)


def load_speech(user, pk) -> PlenarySpeech:
    return get_in(_speeches(user), pk)


def speech_data(s: PlenarySpeech, user=None, *, transitions=None) -> dict:
    """A speech for the API, read afresh (after a write); a list page's rows come with their
    `transitions` (and versions prefetched) and are not read again."""
    if transitions is None:
        s = PlenarySpeech.objects.select_related("member", "party").get(pk=s.pk)
    return {
        "id": s.pk,
        "committee": s.committee_id,
        "meeting": s.meeting_id,
        "member": _ref(s.member),
        "party": _ref(s.party),
        "author": s.author,
        "title": s.title,
        "text": s.text,
        "state": s.state,
        "state_label": s.get_state_display(),
        "review_note": s.review_note,
        "submitted_at": s.submitted_at,
        "reviewed_at": s.reviewed_at,
        "versions": [
            {"number": v.number, "title": v.title, "text": v.text, "saved_at": v.saved_at} for v in s.versions.all()
        ],
        "timeline": steps(s, transitions),
    }


class SpeechFilter(PageParams):
    meeting: Id | None = None
    state: str = ""


@router.get("/plenary-speeches/", response={200: page_of(PlenarySpeechOut), **READ_ERRORS})
def list_speeches(request, filters: Query[SpeechFilter]):
    """The office and leaders: every speech of the meetings they see; a member: their own."""
    qs = _speeches(request.auth).order_by("-submitted_at", "-id")
    if filters.meeting:
        qs = qs.filter(meeting_id=filters.meeting)
    if filters.state:
        qs = qs.filter(state=filters.state)
    page = paginate(qs.prefetch_related("versions"), filters.page, filters.page_size)
    lines = timelines(page["items"])
    return {"items": [speech_data(s, transitions=lines[s.pk]) for s in page["items"]], "count": page["count"]}


@router.post("/plenary-speeches/", response={201: PlenarySpeechOut, **WRITE_ERRORS})
def submit_speech(request, payload: PlenarySpeechIn):
    meeting = load_meeting(request.auth, payload.meeting)
    speech = services.submit_speech(actor=request.auth, meeting=meeting, data=payload.model_dump())
    return Status(201, speech_data(speech))


@router.get("/plenary-speeches/{id}", response={200: PlenarySpeechOut, **READ_ERRORS})
def get_speech(request, id: Id):
    return speech_data(load_speech(request.auth, id))


# Speakers


def speaker_data(s: SpeakerRequest, user=None) -> dict:
    return _speaker_row(SpeakerRequest.objects.select_related("member", "agenda_item").get(pk=s.pk))


def _speaker_row(s: SpeakerRequest) -> dict:
    return {
        "id": s.pk,
        "meeting": s.meeting_id,
        "agenda_item": s.agenda_item_id,
        "agenda_title": s.agenda_item.title,
        "member": _ref(s.member),
        "position": s.position,
        "state": s.state,
        "state_label": s.get_state_display(),
        "limit_minutes": s.limit_minutes,
        "started_at": s.started_at,
        "stopped_at": s.stopped_at,
    }


def load_speaker(user, pk) -> SpeakerRequest:
    require_participant(user)
    return get_in(_of_visible_meetings(SpeakerRequest.objects.all(), user), pk)


@router.get("/meetings/{id}/speakers", response={200: list[SpeakerOut], **READ_ERRORS})
def list_speakers(request, id: Id):
    """The speakers' lists of the meeting, item by item, in order (withdrawn requests left out)."""
    meeting = load_meeting(request.auth, id)
    rows = services.speakers_of(meeting).exclude(state=SpeakerState.WITHDRAWN)
    return [_speaker_row(s) for s in rows]


@router.post("/meetings/{id}/speakers", response={201: SpeakerOut, **WRITE_ERRORS})
def request_to_speak(request, id: Id, payload: SpeakerIn):
    """A registered member asks to speak on an agenda item; the office may add any registered member."""
    meeting = load_meeting(request.auth, id)
    speaker = services.request_to_speak(actor=request.auth, meeting=meeting, data=payload.model_dump())
    return Status(201, speaker_data(speaker))


# Elections


def load_election(user, pk) -> Election:
    require_participant(user)
    return get_in(_of_visible_meetings(Election.objects.select_related("meeting__activity"), user), pk)


def election_data(e: Election, user) -> dict:
    e = Election.objects.get(pk=e.pk)
    confirmed = e.state == ElectionState.CONFIRMED
    office = services.can_manage(user, e.committee_id)
    member_id = user.member_id if is_member_user(user) else None
    data = {
        f: getattr(e, f)
        for f in (
            "id",
            "title",
            "seats",
            "kind",
            "write_in",
            "state",
            "voters_count",
            "valid_count",
            "invalid_count",
            "paper_issued",
            "paper_returned",
            "paper_invalid",
            "decision",
        )
    }
    data.update(
        committee=e.committee_id,
        meeting=e.meeting_id,
        agenda_item=e.agenda_item_id,
        state_label=e.get_state_display(),
        cast_by_me=services.has_cast(e, member_id),
        candidates=[
            {"id": c.pk, "member": _ref(c.member), "votes": c.votes if confirmed else None, "elected": c.elected}
            for c in Candidate.objects.filter(election=e).select_related("member")
        ],
        # the counts while counting are the office's; everyone sees them once confirmed
        results=election_results(e) if confirmed or (office and e.state != ElectionState.OPEN) else [],
        timeline=steps(e),
    )
    return data


@router.get("/meetings/{id}/elections", response={200: list[ElectionOut], **READ_ERRORS})
def list_elections(request, id: Id):
    meeting = load_meeting(request.auth, id)
    return [election_data(e, request.auth) for e in Election.objects.filter(meeting=meeting)]


@router.get("/meetings/elections/{id}", response={200: ElectionOut, **READ_ERRORS})
def get_election(request, id: Id):
    return election_data(load_election(request.auth, id), request.auth)


# Minutes


def load_minutes(user, pk) -> Minutes:
    require_participant(user)
    if not reads_all_in_scope(user):
        raise NotFound()
    return get_in(_of_visible_meetings(Minutes.objects.select_related("meeting"), user), pk)


def minutes_data(m: Minutes | None, user=None, meeting=None) -> dict:
    meeting = meeting if m is None else m.meeting
    if m is not None:
        m = Minutes.objects.select_related("approved_by").get(pk=m.pk)
    resolutions = [
        {
            "id": r.pk,
            "vote": r.vote_id,
            "vote_title": r.vote.title,
            "decision": r.vote.decision,
            "title": r.title,
            "text": r.text,
        }
        for r in Resolution.objects.filter(meeting=meeting).select_related("vote")
    ]
    return {
        "id": m.pk if m else None,
        "meeting": meeting.pk,
        "title": m.title if m else "",
        "text": m.text if m else "",
        "state": m.state if m else "",
        "state_label": m.get_state_display() if m else "",
        "approved_by": str(m.approved_by) if m and m.approved_by else None,
        "published_at": m.published_at if m else None,
        "resolutions": resolutions,
        "timeline": steps(m) if m else [],
    }


@router.get("/meetings/{id}/minutes", response={200: MinutesOut, **READ_ERRORS})
def get_minutes(request, id: Id):
    """The minutes and resolutions: the office and leaders at every stage; attendees once published
    (before that, an empty record with the resolutions)."""
    meeting = load_meeting(request.auth, id)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and not reads_all_in_scope(request.auth) and minutes.state != MinutesState.PUBLISHED:
        minutes = None
    return minutes_data(minutes, request.auth, meeting=meeting)


mount_api(router, SPEECH_ACTIONS, load=load_speech, out=PlenarySpeechOut, render=speech_data, errors=WRITE_ERRORS)
mount_api(router, SPEAKER_ACTIONS, load=load_speaker, out=SpeakerOut, render=speaker_data, errors=WRITE_ERRORS)
mount_api(router, ELECTION_ACTIONS, load=load_election, out=ElectionOut, render=election_data, errors=WRITE_ERRORS)
mount_api(router, MINUTES_ACTIONS, load=load_minutes, out=MinutesOut, render=minutes_data, errors=WRITE_ERRORS)
