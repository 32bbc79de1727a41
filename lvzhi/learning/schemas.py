"""The learning corner's API schemas (names unique across the project: every one starts with Study,
Reflection or ReadingGroup)."""

import datetime

from ninja import Field, Schema

from lvzhi.core.api import Day, In, QueryIn


class StudyMaterialFilter(QueryIn):
    q: str = Field("", max_length=100, description="标题包含")
    kind: str = Field("", max_length=16, description="类型：article document video audio book")
    topic: str = Field("", max_length=30, description="专题名称")
    state: str = Field("", max_length=16, description="状态（工作人员）：draft published withdrawn")
    required: bool | None = Field(None, description="只看必学资料")
    studied: bool | None = Field(None, description="委员：已学 / 未学")
    committee: str = Field("", max_length=20, description="委员会 id 或区划代码")


class StudyMaterialOut(Schema):
    id: int
    committee: int
    committee_name: str
    title: str
    kind: str
    state: str
    required: bool
    deadline: datetime.date | None
    published_at: datetime.datetime | None
    topics: list[str]
    audience: str
    studied: bool
    reflection_state: str | None


class StudyAttachmentOut(Schema):
    id: int
    name: str
    size: int


class StudyTimelineStep(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


class StudyMaterialDetail(StudyMaterialOut):
    body: str
    author: str
    media_url: str
    attachment: StudyAttachmentOut | None
    include_lower: bool
    withdraw_reason: str
    studied_seconds: int | None
    timeline: list[StudyTimelineStep]
    actions: list[str]


class StudyMaterialIn(In):
    committee: str | None = Field(None, max_length=20, description="委员会 id 或区划代码（默认本人所在委员会）")
    title: str = Field(..., max_length=200)
    kind: str = Field("article", max_length=16)
    body: str = Field("", max_length=200_000, description="正文 HTML（保存前按白名单清理）")
    author: str = ""
    media_url: str = ""
    required: bool = False
    deadline: Day | None = None
    topics: list[str] = []
    audience: str = "all"
    include_lower: bool = False
    sectors: list[int] = []
    special_committees: list[int] = []
    parties: list[int] = []
    studios: list[int] = []
    members: list[int] = []
    roles: list[str] = []
    publish: bool = Field(False, description="创建后立即发布")


class StudyMaterialPatch(In):
    title: str | None = Field(None, max_length=200)
    kind: str | None = Field(None, max_length=16)
    body: str | None = Field(None, max_length=200_000)
    author: str | None = None
    media_url: str | None = None
    required: bool | None = None
    deadline: Day | None = None
    topics: list[str] | None = None
    audience: str | None = None
    include_lower: bool | None = None
    sectors: list[int] | None = None
    special_committees: list[int] | None = None
    parties: list[int] | None = None
    studios: list[int] | None = None
    members: list[int] | None = None
    roles: list[str] | None = None


class StudyNoteIn(In):
    note: str = Field("", max_length=500)


class StudyWithdrawIn(In):
    reason: str = Field(..., max_length=500)


class StudyStudiedIn(In):
    seconds: int | None = Field(None, description="学习时长（秒），由客户端计时；0 至 28800")
    measured_by: str = Field(
        "client", max_length=16, description="计时来源：browser（页面计时）或 client（其他客户端）"
    )


class ReflectionTextIn(In):
    text: str = Field(..., max_length=20_000)


class ReflectionOut(Schema):
    id: int
    committee: int
    material: int
    material_title: str
    member: str
    state: str
    text: str
    submitted_at: datetime.datetime | None
    updated_at: datetime.datetime


class ReflectionDetail(ReflectionOut):
    timeline: list[StudyTimelineStep]


class ReflectionFilter(QueryIn):
    state: str = Field("", max_length=16)
    material: int | None = Field(None, ge=1)


class StudyCompletionRow(Schema):
    key: str
    name: str
    audience: int
    studied: int
    rate: float


class StudyCompletionMemberRow(Schema):
    member_id: int
    name: str
    committee: str
    sector: str
    required: int
    studied: int
    studied_at: datetime.datetime | None
    seconds: int | None
    reflection: str


class StudyCompletionOut(Schema):
    by_member: list[StudyCompletionMemberRow]
    by_sector: list[StudyCompletionRow]
    by_committee: list[StudyCompletionRow]


class StudyTopicOut(Schema):
    id: int
    committee: int
    name: str
    archived: bool


class StudyTopicIn(In):
    committee: str | None = Field(None, max_length=20)
    name: str = Field(..., max_length=30)


class ReadingSessionIn(In):
    date: Day
    chapters: str = Field(..., max_length=200)
    note: str = Field("", max_length=500)


class ReadingSessionOut(Schema):
    id: int
    date: datetime.date
    chapters: str
    note: str


class ReadingGroupIn(In):
    committee: str | None = Field(None, max_length=20)
    name: str = Field(..., max_length=100)
    book: int = Field(..., ge=1)
    description: str = Field("", max_length=5000)
    sessions: list[ReadingSessionIn] = []


class ReadingGroupOut(Schema):
    id: int
    committee: int
    name: str
    book: int
    book_title: str
    state: str
    member_count: int
    joined: bool


class ReadingGroupDetail(ReadingGroupOut):
    description: str
    sessions: list[ReadingSessionOut]
    members: list[str]
    timeline: list[StudyTimelineStep]
    actions: list[str]


class ReadingPostIn(In):
    text: str = Field(..., max_length=5000)


class ReadingGroupNoteIn(In):
    note: str = Field("", max_length=500)


class ReadingPostOut(Schema):
    id: int
    author: str
    text: str
    created_at: datetime.datetime
