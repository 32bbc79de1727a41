"""The API's request and response schemas for online deliberation (the action table names its
bodies here too, so the page forms and the API share the field names)."""

import datetime

from ninja import Field, Schema

from lvzhi.core.api import Day, Id, In, QueryIn
from lvzhi.deliberation.choices import TopicState
from lvzhi.org.audience import AudienceKind


class TopicOut(Schema):
    id: int
    committee: int
    title: str
    opens_on: datetime.date
    closes_on: datetime.date
    state: TopicState
    anonymous: bool
    audience: AudienceKind
    include_lower: bool
    posts: int = Field(0, description="未被屏蔽的发言条数（工作人员看到的包括已屏蔽的）")


class TopicPostOut(Schema):
    id: int
    parent: int | None
    author: str = Field(description="发言委员；匿名议题对其他委员显示为“委员甲、乙…”")
    member: int | None = Field(description="发言委员的编号；匿名议题对其他委员为 null")
    mine: bool
    text: str
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    hidden: bool
    hidden_reason: str


class TopicStepOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


class TopicFileOut(Schema):
    id: int
    name: str
    size: int
    url: str


class TopicOutcomeOut(Schema):
    summary: str
    suggestions: str
    posts: list[int]
    proposal: int | None
    report: int | None
    activity_outcome: int | None


class TopicDetail(TopicOut):
    background: str
    sectors: list[int]
    special_committees: list[int]
    parties: list[int]
    studios: list[int]
    roles: list[str]
    members: list[int]
    files: list[TopicFileOut]
    thread: list[TopicPostOut]
    outcome: TopicOutcomeOut | None
    accepts_posts: bool
    timeline: list[TopicStepOut]


class TopicIn(In):
    committee: str | None = Field(None, description="委员会编号或区划代码；默认为本人所在委员会")
    title: str
    background: str = ""
    opens_on: Day
    closes_on: Day
    anonymous: bool = False
    include_lower: bool = False
    audience: AudienceKind = AudienceKind.ALL
    sectors: list[int] = []
    special_committees: list[int] = []
    parties: list[int] = []
    studios: list[int] = []
    roles: list[str] = []
    members: list[int] = []


class TopicPatchIn(In):
    title: str | None = None
    background: str | None = None
    opens_on: Day | None = None
    closes_on: Day | None = None
    anonymous: bool | None = None
    include_lower: bool | None = None
    audience: AudienceKind | None = None
    sectors: list[int] | None = None
    special_committees: list[int] | None = None
    parties: list[int] | None = None
    studios: list[int] | None = None
    roles: list[str] | None = None
    members: list[int] | None = None


class TopicPostIn(In):
    text: str
    parent: Id | None = None


class TopicPostPatchIn(In):
    text: str


class TopicNoteIn(In):
    note: str = ""


class TopicDistilIn(In):
    summary: str
    suggestions: str = ""
    posts: list[int]


class TopicHidePostIn(In):
    post: Id
    reason: str


class TopicProposeIn(In):
    proposer: Id | None = Field(None, description="提案人（成果所依据发言的委员之一）；默认为最先发言者")
    title: str = ""


class TopicReportIn(In):
    title: str = ""


class TopicAttachIn(In):
    activity: Id


class TopicFilters(QueryIn):
    q: str = Field("", max_length=100, description="搜索议题")
    state: TopicState | None = None
    committee: str = Field("", max_length=20, description="委员会编号或区划代码")
    mine: bool = Field(False, description="只看我参与过的")
