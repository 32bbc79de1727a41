"""The request and response schemas of the proposals API (the action bodies are named by the
action tables in `lvzhi.proposals.actions`)."""

import datetime
from typing import Literal

from ninja import Field, Schema

from lvzhi.core.api import Day, Id, In, QueryIn

ProposalStateLit = Literal[
    "draft", "submitted", "filed", "rejected", "converted", "merged", "withdrawn", "assigned", "replied", "closed"
]
KindLit = Literal["individual", "joint", "sector", "organisation", "special_committee"]


# --- schemas -------------------------------------------------------------------------------------


class TimelineOut(Schema):
    action: str
    from_: str = Field(..., alias="from")
    to: str
    actor: str | None
    at: datetime.datetime
    note: str


class CoProposerOut(Schema):
    member: int
    name: str
    confirmed: bool
    paper_signature: bool


class EvaluationOut(Schema):
    member: int
    rating: str
    comment: str
    round: int


class FileOut(Schema):
    id: int
    name: str
    size: int
    url: str


class AssignmentOut(Schema):
    id: int
    committee: int
    proposal: int
    proposal_title: str
    unit: int
    unit_name: str
    role: str
    state: str
    assigned_at: datetime.datetime
    deadline: datetime.date
    signed_at: datetime.datetime | None
    objection_reason: str
    opinion_text: str
    reply_category: str | None
    reply_text: str
    reply_contact: str
    reply_letter: FileOut | None = None
    replied_at: datetime.datetime | None
    round: int
    overdue: bool
    evaluations: list[EvaluationOut]


class ProposalRow(Schema):
    id: int
    committee: int
    state: str
    number: str
    title: str
    kind: str
    category: str | None
    proposer: int
    proposer_name: str
    session: int | None
    is_key: bool
    is_excellent: bool
    submitted_at: datetime.datetime | None


class ProposalSupervisionOut(Schema):
    id: int
    kind: str
    date: datetime.date
    leader: int | None
    notes: str
    attachments: list[FileOut]


class ProposalOut(ProposalRow):
    situation: str
    analysis: str
    suggestions: str
    party: int | None
    sector: int | None
    special_committee: int | None
    coproposers: list[CoProposerOut]
    merged_into: int | None
    converted_target: str
    opinion_report: int | None = Field(None, description="转社情民意信息时生成的社情民意信息 id")
    reject_reason: str | None
    review_note: str
    supervising_leaders: list[int]
    attachments: list[FileOut]
    supervisions: list[ProposalSupervisionOut] = Field(default_factory=list, description="督办记录")
    assignments: list[AssignmentOut]
    timeline: list[TimelineOut]
    actions: list[str]


class ProposalFilterIn(QueryIn):
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码")
    session: str = Field("", max_length=20, description="会议 id；between = 闭会期间")
    state: ProposalStateLit | Literal[""] = ""
    category: str = Field("", max_length=100, description="类别 id 或名称")
    kind: KindLit | Literal[""] = ""
    party: str = Field("", max_length=20)
    sector: str = Field("", max_length=20)
    unit: str = Field("", max_length=20)
    key: bool | None = None
    overdue: bool | None = None
    rating: Literal["satisfied", "basically_satisfied", "unsatisfied", ""] = ""
    q: str = Field("", max_length=100, description="案由、案号、提案人")


class ProposalIn(In):
    committee: str | int | None = Field(None, description="默认为调用者所属委员会")
    title: str = Field(..., max_length=100)
    category: str | int = Field(..., description="类别名称（或 id）")
    situation: str
    analysis: str = ""
    suggestions: str
    kind: KindLit = "individual"
    session: int | Literal["between"] | None = Field(None, description="会议 id；between = 闭会期间；空 = 当前会议")
    proposer: int | None = Field(None, description="工作人员代录纸质提案时的第一提案人（委员 id）")
    coproposers: list[int] = Field(default_factory=list, max_length=200)
    party: int | None = None
    sector: int | None = None
    special_committee: int | None = None


class NoteIn(In):
    note: str = Field("", max_length=2000)


class RejectIn(In):
    reason: str | int = Field(..., description="不予立案理由（名称或 id）")
    note: str = Field("", max_length=2000)


class ConvertIn(In):
    target: Literal["suggestion", "opinion"]
    note: str = Field("", max_length=2000)


class MergeIn(In):
    into: int = Field(..., ge=1)
    note: str = Field("", max_length=2000)


class UnitRole(In):
    unit: int = Field(..., ge=1)
    role: Literal["lead", "co", "split"]


class AssignIn(In):
    units: list[UnitRole] = Field(..., max_length=50)
    deadline: Day | None = None
    note: str = Field("", max_length=2000)


class EvaluateIn(In):
    assignment: int = Field(..., ge=1)
    rating: Literal["satisfied", "basically_satisfied", "unsatisfied"]
    comment: str = Field("", max_length=2000)


class ReopenIn(In):
    assignment: int = Field(..., ge=1)
    deadline: Day
    note: str = Field("", max_length=2000)


class SuperviseIn(In):
    kind: Literal["meeting", "onsite", "written"]
    date: Day
    leader: int | None = None
    notes: str = Field("", max_length=20000)


class FlagsIn(In):
    is_key: bool | None = None
    is_excellent: bool | None = None
    leaders: list[Id] | None = Field(None, max_length=50, description="督办领导（委员 id）；省略则不变")


class ReasonIn(In):
    reason: str = Field(..., max_length=2000)


class TextIn(In):
    text: str = Field(..., max_length=20000)


class ReplyIn(In):
    category: str = Field(..., max_length=10, description="答复类别代码 A/B/C")
    text: str = Field(..., max_length=20000)
    contact: str = Field("", max_length=100)


class ExtendIn(In):
    until: Day
    reason: str = Field(..., max_length=2000)


class ReassignIn(In):
    unit: int = Field(..., ge=1)
    deadline: Day | None = None


class AssignmentFilterIn(QueryIn):
    state: Literal["pending", "signed", "objected", "replied", "reassigned", "open", "overdue", ""] = ""
    proposal: int | None = Field(None, ge=1)


class EmptyIn(In):
    pass


class RatingIn(In):
    """A proposer's rating of one assignment's reply."""

    rating: Literal["satisfied", "basically_satisfied", "unsatisfied"]
    comment: str = Field("", max_length=2000)


class RedoIn(In):
    """重办 of one assignment, with its new deadline."""

    deadline: Day
    note: str = Field("", max_length=2000)


class PaperSignatureIn(In):
    member: Id = Field(..., description="附议人（委员 id）")


class ExtensionOut(Schema):
    id: int
    committee: int
    assignment: int
    until: datetime.date
    reason: str
    state: str
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None
