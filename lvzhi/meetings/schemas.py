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
