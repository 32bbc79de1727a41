"""The JSON shapes of the meetings API. Request bodies use the page forms' field names."""

import datetime

from ninja import Schema
from pydantic import Field

from lvzhi.core.api import Day, Id, In, Moment, Ref


class MeetingNoteIn(In):
    note: str = Field("", max_length=500)


class MeetingEmptyIn(In):
    pass


class MeetingCreateIn(In):
    activity: Id


class AgendaItemIn(In):
    day: Day
    half: str = "morning"
    starts_at: datetime.time
    ends_at: datetime.time | None = None
    title: str
    place: str = ""
    presider: str = ""


class RegisterIn(In):
    member: Id
    hotel: str = ""
    room: str = ""
    meal_note: str = ""


class RegisterBulkIn(In):
    members: list[Id]
    hotel: str = ""
    room: str = ""
    meal_note: str = ""


class RegisterQrIn(In):
    token: str


class RoomIn(In):
    name: str
    rows: int
    seats_per_row: int


class AutoSeatIn(In):
    room: Id


class MoveSeatIn(In):
    member: Id
    room: Id
    row: int
    number: int


class GroupIn(In):
    name: str
    convener: Id | None = None
    secretary: Id | None = None
    place: str = ""
    starts_at: Moment | None = None
    members: list[Id]


class VoteIn(In):
    agenda_item: Id
    title: str
    mode: str = "open"
    base: str = "all"
    quorum: str = "half"
    majority: str = "half"
    allow_change: bool = False


class CastIn(In):
    choice: str


class PaperBallotIn(In):
    member: Id
    choice: str


class DiscussionIn(In):
    speaker: Id
    points: str


class AgendaItemOut(Schema):
    id: int
    day: Day
    half: str
    starts_at: datetime.time
    ends_at: datetime.time | None
    title: str
    place: str
    presider: str


class AgendaRevisionOut(Schema):
    number: int
    note: str
    published_at: datetime.datetime


class AgendaOut(Schema):
    version: int
    published_at: datetime.datetime | None
    items: list[AgendaItemOut]
    revisions: list[AgendaRevisionOut]


class RoomOut(Schema):
    id: int
    name: str
    rows: int
    seats_per_row: int


class SeatOut(Schema):
    room: int
    room_name: str
    row: int
    number: int
    member: Ref


class RegistrationOut(Schema):
    member: Ref
    method: str
    hotel: str
    room: str
    meal_note: str
    registered_at: datetime.datetime


class DiscussionOut(Schema):
    id: int
    speaker: Ref
    points: str


class GroupOut(Schema):
    id: int
    meeting: int
    name: str
    convener: Ref | None
    secretary: Ref | None
    place: str
    starts_at: datetime.datetime | None
    members: list[Ref]
    discussions: list[DiscussionOut]


class MaterialOut(Schema):
    id: int
    meeting: int
    agenda_item: int | None
    title: str
    internal: bool
    file_name: str
    size: int
    read_by_me: bool
    reads: int | None


class VoteOut(Schema):
    id: int
    committee: int
    meeting: int
    agenda_item: int
    title: str
    mode: str
    base: str
    quorum: str
    majority: str
    allow_change: bool
    state: str
    voted: bool
    my_choice: str
    voters_count: int
    eligible_count: int
    present_count: int
    yes_count: int
    no_count: int
    abstain_count: int
    passed: bool | None
    decision: str
    timeline: list[dict]


class BallotOut(Schema):
    """The answer to a phone ballot (`POST /meetings/votes/{id}/cast`): the vote's state and the
    caller's own ballot — `voted`, and on a named vote `my_choice` — not the whole vote; its detail
    with the timeline and, once closed, the result is `GET /meetings/votes/{id}`."""

    id: int
    committee: int
    meeting: int
    mode: str
    allow_change: bool
    state: str
    voted: bool
    my_choice: str


class MeetingOut(Schema):
    id: int
    committee: int
    activity: Id
    topic: str
    kind: str
    start: datetime.datetime
    end: datetime.datetime
    place: str
    agenda_version: int


class MeetingDetail(MeetingOut):
    agenda: list[AgendaItemOut]
    rooms: list[RoomOut]
    my_seat: SeatOut | None
    registered: int
    invited: int
    votes: list[VoteOut]
    materials: list[MaterialOut]


class RosterRowOut(Schema):
    member: Ref
    initials: str
    attendance: str
    registration: RegistrationOut | None
    seat: str


class LiveItemOut(Schema):
    id: int
    day: datetime.date
    half: str
    starts_at: str
    title: str
    place: str
    presider: str


class LiveVoteOut(Schema):
    id: int
    title: str
    state: str
    state_label: str
    voters: int
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    passed: bool | None = None
    decision: str | None = None


class MeetingLiveOut(Schema):
    id: int
    topic: str
    at: datetime.datetime
    current: LiveItemOut | None
    next: LiveItemOut | None
    registered: int
    present: int
    invited: int
    votes: list[LiveVoteOut]
    speaking: "LiveSpeakerOut | None" = None
    queue: list["LiveSpeakerOut"] = []
    elections: list["LiveElectionOut"] = []


# Plenary speeches, speakers, elections, minutes


class DeadlineIn(In):
    deadline: Moment


class PlenarySpeechIn(In):
    meeting: Id
    title: str = Field(max_length=200)
    text: str
    member: Id | None = None
    party: Id | None = None


class ReviewIn(In):
    note: str = Field("", max_length=500)


class SpeechEditIn(In):
    title: str = Field(max_length=200)
    text: str
    note: str = Field("", max_length=500)


class SpeechVersionOut(Schema):
    number: int
    title: str
    text: str
    saved_at: datetime.datetime


class PlenarySpeechOut(Schema):
    id: int
    committee: int
    meeting: int
    member: Ref | None
    party: Ref | None
    author: str
    title: str
    text: str
    state: str
    state_label: str
    review_note: str
    submitted_at: datetime.datetime
    reviewed_at: datetime.datetime | None
    versions: list[SpeechVersionOut]
    timeline: list[dict]


class SpeakerIn(In):
    agenda_item: Id
    member: Id | None = None
    limit_minutes: int | None = Field(None, ge=1, le=60)


class MoveIn(In):
    direction: str


class SpeakerOut(Schema):
    id: int
    meeting: int
    agenda_item: int
    agenda_title: str
    member: Ref
    position: int
    state: str
    state_label: str
    limit_minutes: int
    started_at: datetime.datetime | None
    stopped_at: datetime.datetime | None


class ElectionIn(In):
    agenda_item: Id
    title: str = Field(max_length=200)
    seats: int = Field(ge=1, le=500)
    kind: str = ""
    write_in: bool = False
    candidates: list[Id]


class BallotIn(In):
    candidates: list[Id] = []
    write_ins: list[str] = []


class PaperCountIn(In):
    paper_issued: int = Field(0, ge=0, le=100_000)
    paper_returned: int = Field(0, ge=0, le=100_000)
    paper_invalid: int = Field(0, ge=0, le=100_000)
    counts: dict[str, int] = {}
    write_in_counts: dict[str, int] = {}
    note: str = Field("", max_length=500)


class CandidateOut(Schema):
    id: int
    member: Ref
    votes: int | None
    elected: bool | None


class ElectionOut(Schema):
    id: int
    committee: int
    meeting: int
    agenda_item: int
    title: str
    seats: int
    kind: str
    write_in: bool
    state: str
    state_label: str
    cast_by_me: bool
    voters_count: int
    valid_count: int
    invalid_count: int
    paper_issued: int
    paper_returned: int
    paper_invalid: int
    decision: str
    candidates: list[CandidateOut]
    results: list[dict]
    timeline: list[dict]


class MinutesEditIn(In):
    title: str | None = Field(None, max_length=200)
    text: str | None = None


class ResolutionIn(In):
    vote: Id
    title: str = Field(max_length=200)
    text: str


class ResolutionOut(Schema):
    id: int
    vote: int
    vote_title: str
    decision: str
    title: str
    text: str


class MinutesOut(Schema):
    id: int | None
    meeting: int
    title: str
    text: str
    state: str
    state_label: str
    approved_by: str | None
    published_at: datetime.datetime | None
    resolutions: list[ResolutionOut]
    timeline: list[dict]


class LiveSpeakerOut(Schema):
    id: int
    name: str
    agenda_item: int
    state: str
    limit_minutes: int
    started_at: datetime.datetime | None
    elapsed: int


class LiveElectionOut(Schema):
    id: int
    title: str
    state: str
    state_label: str
    voters: int
    decision: str


MeetingLiveOut.model_rebuild()
