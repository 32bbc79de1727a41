"""The API's request and response schemas of the opinions module (the action bodies too: the action
table names them)."""

import datetime
from typing import Literal

from ninja import Field, Schema

from lvzhi.core.api import Day, Id, In, QueryIn
from lvzhi.opinions.choices import (
    AdoptionLevel,
    InstructionLevel,
    IssueKind,
    OpinionState,
    OpinionUrgency,
    RecipientLevel,
    SubmitterKind,
)


class OpinionCreditOut(Schema):
    kind: SubmitterKind
    name: str
    member: int | None
    party: int | None
    committee: int | None = Field(None, description="下级政协（上报时）")


class OpinionReportOut(Schema):
    id: int
    committee: int
    state: OpinionState
    submitter_kind: SubmitterKind
    title: str
    category: str
    content: str
    suggestions: str
    area: str
    urgency: OpinionUrgency
    submitted_at: datetime.datetime | None
    issue: int | None
    issue_label: str
    sent_on: datetime.date | None
    feedback: str
    closed_at: datetime.datetime | None
    source: int | None = Field(None, description="下级政协上报的原件 id")
    from_proposal: int | None = Field(None, description="由提案转来时的来源提案 id")
    combined_into: int | None
    credits: list[OpinionCreditOut]


class OpinionStepOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


class OpinionOriginalOut(Schema):
    title: str
    content: str
    suggestions: str


class OpinionInstructionOut(Schema):
    leader: str
    position: str
    level: InstructionLevel
    date: datetime.date
    text: str


class OpinionAdoptionOut(Schema):
    by: AdoptionLevel
    body: str
    reference: str
    date: datetime.date


class OpinionHandlingOut(Schema):
    unit: int | None
    unit_name: str
    date: datetime.date
    result: str


class OpinionSendingOut(Schema):
    recipient: int
    name: str
    level: RecipientLevel
    date: datetime.date


class OpinionForwardOut(Schema):
    id: int
    committee: int
    state: OpinionState
    instructions: list[OpinionInstructionOut]
    adoptions: list[OpinionAdoptionOut]
    timeline: list[OpinionStepOut]


class OpinionFileOut(Schema):
    id: int
    name: str
    size: int
    url: str = Field(..., description="下载地址（仅能看到该信息的人可下载）")


class OpinionReportDetail(OpinionReportOut):
    attachments: list[OpinionFileOut]
    original: OpinionOriginalOut
    edited: bool
    diff: str = Field(..., description="原稿到编辑稿的统一差异（unified diff）")
    warning: str | None = Field(None, description="超过建议字数时的提示")
    instructions: list[OpinionInstructionOut]
    adoptions: list[OpinionAdoptionOut]
    handlings: list[OpinionHandlingOut]
    sendings: list[OpinionSendingOut]
    forwarded: OpinionForwardOut | None = Field(None, description="上报上级政协后的后续情况")
    timeline: list[OpinionStepOut]


class OpinionReportFilter(QueryIn):
    state: str = ""
    year: str = Field("", max_length=4)
    category: str = Field("", max_length=50)
    submitter_kind: str = ""
    party: str = Field("", max_length=12)
    recipient: str = Field("", max_length=12)
    instructed: str = Field("", max_length=5, description="1 有批示 / 0 无批示")
    adopted: str = Field("", max_length=5, description="1 被采用 / 0 未采用")
    committee: str = Field("", max_length=12, description="委员会 id 或行政区划代码")
    mine: bool = Field(False, description="只看本人报送或署名的")
    q: str = Field("", max_length=100)


class OpinionReportIn(In):
    capacity: str | None = Field(None, max_length=30, description="报送身份：member、party:<id>、officer:<id>")
    title: str = Field(..., max_length=200)
    category: str = Field(..., max_length=50, description="类别名称，如“社会民生”")
    content: str = Field(..., max_length=50_000)
    suggestions: str = Field("", max_length=50_000)
    area: str = Field("", max_length=100)
    urgency: OpinionUrgency = OpinionUrgency.NORMAL
    submit: bool = Field(False, description="true：保存后立即提交")


class OpinionEntryIn(In):
    committee: str | int | None = Field(None, description="委员会 id 或行政区划代码（默认本人所在委员会）")
    submitter_kind: Literal["member", "organisation", "officer"]
    member: Id | None = Field(None, description="submitter_kind=member 时：委员 id")
    party: Id | None = Field(None, description="submitter_kind=organisation 时：参加单位 id")
    officer: Id | None = Field(None, description="submitter_kind=officer 时：特邀信息员 id")
    received_on: Day | None = Field(None, description="收到纸质信息的日期（默认今天）")
    title: str = Field(..., max_length=200)
    category: str = Field(..., max_length=50)
    content: str = Field(..., max_length=50_000)
    suggestions: str = Field("", max_length=50_000)
    area: str = Field("", max_length=100)
    urgency: OpinionUrgency = OpinionUrgency.NORMAL


class OpinionReasonIn(In):
    reason: str = Field(..., max_length=2000)


class OpinionNoteIn(In):
    note: str = Field(..., max_length=2000)


class OpinionEditIn(In):
    title: str = Field(..., max_length=200)
    content: str = Field(..., max_length=50_000)
    suggestions: str = Field("", max_length=50_000)


class OpinionCombineIn(In):
    others: list[Id] = Field(..., min_length=1, max_length=100)


class OpinionPublishIn(In):
    issue: Id


class OpinionSendIn(In):
    recipients: list[Id] = Field(..., min_length=1, max_length=100)
    date: Day | None = None


class OpinionInstructIn(In):
    leader: str = Field(..., max_length=50)
    position: str = Field(..., max_length=100)
    level: InstructionLevel
    date: Day
    text: str = Field(..., max_length=5000)


class OpinionAdoptIn(In):
    by: AdoptionLevel
    body: str = Field("", max_length=100, description="采用单位名称（默认为层级名称）")
    reference: str = Field("", max_length=200)
    date: Day | None = None


class OpinionHandleIn(In):
    unit: Id | None = None
    unit_name: str = Field("", max_length=100)
    result: str = Field(..., max_length=5000)
    date: Day | None = None


class OpinionFeedbackIn(In):
    text: str = Field(..., max_length=5000)


class OpinionIssueOut(Schema):
    id: int
    committee: int
    kind: IssueKind
    year: int
    number: int
    label: str
    title: str
    issued_on: datetime.date
    items: list[int]


class OpinionIssueIn(In):
    kind: Literal["regular", "special"] = "regular"
    title: str = Field("", max_length=200)
    committee: str | int | None = Field(None, description="委员会 id 或行政区划代码（默认本人所在委员会）")
    issued_on: Day | None = None


class OpinionIssueFilter(QueryIn):
    year: int | None = Field(None, ge=2000, le=2100)
    kind: Literal["regular", "special", ""] = ""
    committee: str = Field("", max_length=12)


class OpinionRecipientOut(Schema):
    id: int
    committee: int
    name: str
    level: RecipientLevel
    is_active: bool


class OpinionRecipientIn(In):
    name: str = Field(..., max_length=100)
    level: RecipientLevel
    committee: str | int | None = None


class OpinionRecipientPatch(In):
    name: str | None = Field(None, max_length=100)
    level: RecipientLevel | None = None
    sort: int | None = Field(None, ge=0, le=10_000)
    is_active: bool | None = None


class OpinionCategoryOut(Schema):
    id: int
    committee: int
    name: str
    sort: int
    is_active: bool


class OpinionCategoryIn(In):
    name: str = Field(..., max_length=50)
    committee: str | int | None = None


class OpinionCategoryPatch(In):
    name: str | None = Field(None, max_length=50)
    sort: int | None = Field(None, ge=0, le=10_000)
    is_active: bool | None = None


class OpinionOfficerOut(Schema):
    id: int
    committee: int
    user: int
    username: str
    name: str
    workplace: str
    party: int | None
    appointed_on: datetime.date | None
    is_active: bool


class OpinionOfficerIn(In):
    committee: str | int | None = None
    username: str = Field(..., max_length=150, description="本委员会的账号")
    name: str = Field(..., max_length=50)
    workplace: str = Field("", max_length=200)
    party: Id | None = None


class OpinionOfficerPatch(In):
    name: str | None = Field(None, max_length=50)
    workplace: str | None = Field(None, max_length=200)
    party: Id | None = Field(None, description="参加单位 id；null 清除")
    is_active: bool | None = Field(None, description="false：解聘；true：续聘")


class OpinionContactOut(Schema):
    id: int
    committee: int
    party: int
    user: int
    username: str
    is_active: bool


class OpinionContactIn(In):
    committee: str | int | None = None
    party: Id
    username: str = Field(..., max_length=150)


class OpinionContactPatch(In):
    party: Id | None = None
    username: str | None = Field(None, max_length=150)
    is_active: bool | None = None


class OpinionEmptyIn(In):
    """An action that takes no input (submit, accept, forward): the body may be omitted."""


class OpinionDraftPatch(In):
    """The writer's changes to a draft; fields not given stay as they are."""

    title: str | None = Field(None, max_length=200)
    category: str | None = Field(None, max_length=50)
    content: str | None = Field(None, max_length=50_000)
    suggestions: str | None = Field(None, max_length=50_000)
    area: str | None = Field(None, max_length=100)
    urgency: OpinionUrgency | None = None


class OpinionSettingsOut(Schema):
    committee: int
    warn_length: int = Field(..., description="字数提示线")
    max_length: int = Field(..., description="字数上限")
    feedback_days: int = Field(..., description="反馈期限（天）")
    points: dict[str, int] = Field(..., description="信息积分：事项 → 分值")


class OpinionSettingsIn(In):
    committee: str | int | None = Field(None, description="委员会 id 或行政区划代码（默认本人所在委员会）")
    warn_length: int = Field(..., ge=100, le=50_000)
    max_length: int = Field(..., ge=100, le=50_000)
    feedback_days: int = Field(..., ge=1, le=365)
    points: dict[str, int] = Field(default_factory=dict, description="只需列出要改的事项；未列出的保持不变")


class OpinionCommitteeIn(In):
    committee: str | int | None = Field(None, description="委员会 id 或行政区划代码（默认本人所在委员会）")
