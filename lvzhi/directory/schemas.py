"""The directory's API schemas (names unique across the project: Directory…)."""

import datetime

from ninja import Field, Schema

from lvzhi.core.api import In, QueryIn


class DirectoryFilterIn(QueryIn):
    q: str = Field("", max_length=100, description="姓名、全拼或拼音首字母")
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码")
    sector: str = Field("", max_length=20, description="界别 id")
    party: str = Field("", max_length=20, description="参加单位 id")
    special_committee: str = Field("", max_length=20, description="专门委员会 id")
    studio: str = Field("", max_length=20, description="委员工作室 id")


class DirectoryRefOut(Schema):
    id: int
    name: str


class DirectoryContactsOut(Schema):
    """Only the fields the member chose to share; absent otherwise."""

    mobile: str | None = None
    email: str | None = None
    workplace: str | None = None


class DirectoryHighlightsOut(Schema):
    proposals: int
    opinions: int
    activities: int
    speeches: int


class DirectoryEntryOut(Schema):
    id: int
    committee: int
    committee_name: str
    name: str
    role: str
    role_label: str
    title: str
    sector: DirectoryRefOut | None
    party: DirectoryRefOut | None
    special_committees: list[DirectoryRefOut]
    studios: list[DirectoryRefOut]
    photo_url: str | None
    contacts: DirectoryContactsOut
    highlights: DirectoryHighlightsOut


class DirectoryMemberOut(DirectoryEntryOut):
    bio: str
    seats: list[str]


class DirectoryProfileOut(Schema):
    member: int
    committee: int
    bio: str
    share_mobile: bool
    share_email: bool
    share_workplace: bool
    photo_url: str | None
    completed_at: datetime.datetime | None


class DirectoryProfileIn(In):
    bio: str | None = Field(None, max_length=2000)
    share_mobile: bool | None = None
    share_email: bool | None = None
    share_workplace: bool | None = None


class DirectoryChangeIn(In):
    sector: int | None = Field(None, ge=1, description="新的界别 id（本委员会）")
    title: str = Field("", max_length=100, description="新的职务")
    workplace: str = Field("", max_length=200, description="新的工作单位")
    reason: str = Field("", max_length=500, description="申请说明")


class DirectoryChangeRowOut(Schema):
    field: str
    label: str
    before: str | int | None
    after: str | int | None


class DirectoryChangeOut(Schema):
    id: int
    committee: int
    member: DirectoryRefOut
    state: str
    state_label: str
    changes: dict
    reason: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    decision_note: str


class DirectoryStepOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


class DirectoryChangeDetail(DirectoryChangeOut):
    rows: list[DirectoryChangeRowOut]
    timeline: list[DirectoryStepOut]
    actions: list[str]


class DirectoryChangeFilterIn(QueryIn):
    state: str = Field("", max_length=20, description="pending / approved / rejected / withdrawn")
    committee: str = Field("", max_length=20, description="委员会 id 或行政区划代码")
    q: str = Field("", max_length=100, description="委员姓名或拼音首字母")


class DirectoryNoteIn(In):
    note: str = Field("", max_length=500, description="审核意见（不同意时必填）")


class DirectoryEmptyIn(In):
    pass
