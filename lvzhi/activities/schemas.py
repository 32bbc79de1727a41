"""The API's request and response schemas for meetings and activities (the action tables name
their bodies here too, so pages and the API share one declaration)."""

import datetime
from typing import Literal

from ninja import Field, Schema

from lvzhi.activities.choices import ActivityKind, ActivityState, AttendanceState, OutcomeKind, OutcomeState, SpeechMode
from lvzhi.core.api import Day, DayText, Id, In, Moment, QueryIn, Ref


class ActivityOut(Schema):
    id: int
    committee: int
    kind: ActivityKind
    subkind: str
    topic: str
    organiser: str
    organiser_studio: int | None
    organiser_special_committee: int | None
    organiser_sector: int | None
    organiser_committee: int | None
    start: datetime.datetime
    end: datetime.datetime
    place: str
    description: str
    partner: str
    people_reached: int
    state: ActivityState


class InviteeOut(Schema):
    id: int
    member: Ref
    state: AttendanceState
    leave_reason: str
    decision_note: str
    checked_in_at: datetime.datetime | None
    method: str


class StepOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


class ActivityDetail(ActivityOut):
    invitees: list[InviteeOut]
    attendance: dict[str, int]
    timeline: list[StepOut]


class ActivityIn(In):
    committee: int | str = Field(..., description="委员会 id 或行政区划代码")
    kind: ActivityKind
    subkind: str = Field("", max_length=50, description="子类名称，如“专题”")
    topic: str = Field(..., max_length=200)
    start: Moment
    end: Moment | None = None
    place: str = Field("", max_length=200)
    description: str = Field("", max_length=20000)
    organiser: str = Field("", max_length=100)
    organiser_studio: Id | None = None
    organiser_special_committee: Id | None = None
    organiser_sector: Id | None = None
    organiser_committee: Id | None = None
    partner: str = Field("", max_length=100)
    people_reached: int = Field(0, ge=0, le=10_000_000)
    confirm_people: bool = Field(False, description="联系群众超过 5,000 人次时须为 true")


class ActivityFilter(QueryIn):
    kind: str = ""
    subkind: str = ""
    committee: str = Field("", description="委员会 id 或行政区划代码")
    date_from: DayText = Field("", description="YYYY-MM-DD")
    date_to: DayText = Field("", description="YYYY-MM-DD")
    state: str = ""
    q: str = Field("", max_length=100)


class InviteIn(In):
    members: list[Id] = Field(..., min_length=1, max_length=2000)


class RespondIn(In):
    answer: Literal["attend", "leave"]  # choices.Answer
    reason: str = Field("", max_length=500)


class LeaveDecisionIn(In):
    member: Id
    approved: bool
    note: str = Field("", max_length=500)


class CheckinTokenOut(Schema):
    token: str
    expires_at: datetime.datetime
    url: str


class CheckinIn(In):
    token: str = Field(..., max_length=500)


class CheckinOut(Schema):
    already: bool
    attendance: InviteeOut


class AttendeeIn(In):
    member: Id


class ActivityNoteIn(In):
    note: str = Field("", max_length=500)


class ActivityAttachmentOut(Schema):
    id: int
    name: str
    size: int
    url: str


class SpeechOut(Schema):
    id: int
    committee: int
    activity: int
    member: Ref
    title: str
    mode: SpeechMode
    text: str
    attachment: ActivityAttachmentOut | None


class SpeechIn(In):
    member: Id | None = None
    title: str = Field(..., max_length=200)
    mode: SpeechMode = SpeechMode.ORAL
    text: str = Field("", max_length=100_000)


class OutcomeOut(Schema):
    id: int
    committee: int
    activity: int
    title: str
    kind: OutcomeKind
    text: str
    authors: list[Ref]
    suggestions_count: int = Field(
        ..., description="逐条登记的建议条数（只读，见 /activities/outcomes/{id}/suggestions/）"
    )
    sent_to: str
    sent_on: datetime.date | None
    instructions: str
    follow_up: str
    state: OutcomeState
    attachment: ActivityAttachmentOut | None


class OutcomeIn(In):
    title: str = Field(..., max_length=200)
    kind: OutcomeKind = OutcomeKind.CONSULTATION
    text: str = Field("", max_length=200_000)
    authors: list[Id] = Field(default_factory=list, max_length=500)


class SubkindListOut(Schema):
    kind: ActivityKind
    label: str
    names: list[str]
    custom: bool = Field(..., description="true：本委员会自定的目录；false：默认目录")
    defaults: list[str]
    counted: list[str] = Field(..., description="统计口径按名称计数的子类")


class SubkindsOut(Schema):
    committee: int
    items: list[SubkindListOut]


class SubkindsIn(In):
    committee: int | str = Field(..., description="委员会 id 或行政区划代码")
    names: list[str] = Field(..., max_length=200, description="按顺序的子类名称；空列表恢复默认目录")


class SubkindFilter(QueryIn):
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码；默认本人所在委员会")


# --- Edits (PATCH: only the fields sent change) and the action bodies ------------------------------


class ActivityPatchIn(In):
    kind: ActivityKind | None = None
    subkind: str | None = Field(None, max_length=50, description="子类名称，如“专题”")
    topic: str | None = Field(None, max_length=200)
    start: Moment | None = None
    end: Moment | None = None
    place: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=20000)
    organiser: str | None = Field(None, max_length=100)
    organiser_studio: Id | None = Field(None, description="null：清除")
    organiser_special_committee: Id | None = Field(None, description="null：清除")
    organiser_sector: Id | None = Field(None, description="null：清除")
    organiser_committee: Id | None = Field(None, description="null：清除")
    partner: str | None = Field(None, max_length=100)
    people_reached: int | None = Field(None, ge=0, le=10_000_000)
    confirm_people: bool | None = Field(None, description="联系群众超过 5,000 人次时须为 true")


class SpeechPatchIn(In):
    member: Id | None = Field(None, description="发言委员（仅工作人员可改）")
    title: str | None = Field(None, max_length=200)
    mode: SpeechMode | None = None
    text: str | None = Field(None, max_length=100_000)


class OutcomePatchIn(In):
    title: str | None = Field(None, max_length=200)
    kind: OutcomeKind | None = None
    text: str | None = Field(None, max_length=200_000)
    authors: list[Id] | None = Field(None, max_length=500)


class SuggestionOut(Schema):
    id: int
    committee: int
    outcome: int
    position: int
    text: str
    members: list[Ref]
    adopted: bool
    adopted_by: str
    adopted_on: datetime.date | None


class SuggestionsIn(In):
    texts: list[str] | None = Field(None, max_length=500, description="逐条的建议内容（与 text 二选一）")
    text: str = Field("", max_length=500_000, description="粘贴的建议，每行一条，行首编号自动去掉")
    members: list[Id] = Field(default_factory=list, max_length=500, description="提出委员（须为活动参加人员）")


class SuggestionsCreatedOut(Schema):
    items: list[SuggestionOut]
    count: int


class SuggestionPatchIn(In):
    text: str | None = Field(None, max_length=2000)
    members: list[Id] | None = Field(None, max_length=500)
    adopted: bool | None = None
    adopted_by: str | None = Field(None, max_length=200, description="采纳单位")
    adopted_on: Day | None = Field(None, description="采纳日期")


class OutcomeSendIn(In):
    sent_to: str = Field(..., max_length=200, description="报送对象")
    sent_on: Day | None = Field(None, description="报送日期；默认今天")


class OutcomeInstructIn(In):
    instructions: str = Field(..., max_length=5000, description="批示内容")


class OutcomeFollowUpIn(In):
    follow_up: str = Field(..., max_length=5000, description="落实情况")
