"""API schemas of notices (names unique across the project)."""

import datetime

from ninja import Field, Schema

from lvzhi.core.api import In, Moment, QueryIn


class NoticeReplyFieldIO(In):
    name: str = Field(..., max_length=40)
    kind: str = Field("text", description="text | choice | number")
    required: bool = False
    choices: list[str] = Field(default_factory=list, max_length=20)


class NoticeIn(In):
    committee: int | str = Field(..., description="发布委员会：编号或 GB/T 2260 代码")
    title: str = Field(..., max_length=200)
    body: str = Field("", max_length=100_000, description="正文：纯文字或 HTML（保存前净化）")
    kind: str = Field("notice", description="notice | announcement | briefing | news")
    pinned: bool = False
    include_lower: bool = False
    audience: str = Field("all", description="all | sectors | special_committees | parties | studios | roles | members")
    sectors: list[int] = Field(default_factory=list, max_length=500)
    special_committees: list[int] = Field(default_factory=list, max_length=500)
    parties: list[int] = Field(default_factory=list, max_length=500)
    studios: list[int] = Field(default_factory=list, max_length=500)
    roles: list[str] = Field(default_factory=list, max_length=10)
    members: list[int] = Field(default_factory=list, max_length=5000)
    units: list[int] = Field(default_factory=list, max_length=500)
    reply_required: bool = False
    reply_deadline: Moment | None = None
    reply_fields: list[NoticeReplyFieldIO] = Field(default_factory=list, max_length=10)


class NoticePatchIn(In):
    title: str | None = Field(None, max_length=200)
    body: str | None = Field(None, max_length=100_000)
    kind: str | None = None
    pinned: bool | None = None
    include_lower: bool | None = None
    audience: str | None = None
    sectors: list[int] | None = Field(None, max_length=500)
    special_committees: list[int] | None = Field(None, max_length=500)
    parties: list[int] | None = Field(None, max_length=500)
    studios: list[int] | None = Field(None, max_length=500)
    roles: list[str] | None = Field(None, max_length=10)
    members: list[int] | None = Field(None, max_length=5000)
    units: list[int] | None = Field(None, max_length=500)
    reply_required: bool | None = None
    reply_deadline: Moment | None = None
    reply_fields: list[NoticeReplyFieldIO] | None = Field(None, max_length=10)


class NoticePublishIn(In):
    publish_at: Moment | None = Field(None, description="留空立即发布；将来的时间为定时发布")
    note: str = Field("", max_length=500)


class NoticeWithdrawIn(In):
    reason: str = Field(..., max_length=500)


class NoticeRemindIn(In):
    note: str = Field("", max_length=500)


class NoticeAnswersIn(In):
    answers: dict[str, str | int | float | None] = Field(default_factory=dict)


class NoticeFilterIn(QueryIn):
    q: str = Field("", max_length=100, description="标题关键词")
    kind: str = Field("", max_length=20)
    state: str = Field("", max_length=20, description="工作人员：draft | published | withdrawn")
    committee: str = Field("", max_length=20, description="委员会编号或代码")
    unread: bool = Field(False, description="只看未读（接收人）")
    to_reply: bool = Field(False, description="只看待回执（接收人）")


class NoticeStepOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


class NoticeAttachmentOut(Schema):
    id: int
    name: str
    size: int
    url: str


class NoticeRevisionOut(Schema):
    title: str
    body: str
    edited_by: str | None
    edited_at: datetime.datetime


class NoticeOut(Schema):
    id: int
    committee: int
    committee_name: str
    title: str
    kind: str
    state: str
    pinned: bool
    published_at: datetime.datetime | None
    reply_required: bool
    reply_deadline: datetime.datetime | None
    audience: str
    audience_label: str
    read: bool | None = Field(None, description="接收人：是否已读")
    replied: bool | None = Field(None, description="接收人：是否已回执")
    read_count: int | None = Field(None, description="工作人员：已读人数")
    reply_count: int | None = Field(None, description="工作人员：回执人数")
    recipients_count: int | None = Field(None, description="工作人员：发送人数")


class NoticeDetailOut(NoticeOut):
    body: str
    include_lower: bool
    sectors: list[int]
    special_committees: list[int]
    parties: list[int]
    studios: list[int]
    roles: list[str]
    members: list[int]
    units: list[int]
    reply_fields: list[NoticeReplyFieldIO]
    withdraw_reason: str
    my_answers: dict[str, str] | None = None
    attachments: list[NoticeAttachmentOut]
    revisions: list[NoticeRevisionOut]
    timeline: list[NoticeStepOut]


class NoticeReceiptOut(Schema):
    user_id: int
    name: str
    committee: str
    read_at: datetime.datetime | None
    replied_at: datetime.datetime | None
    answers: dict[str, str] | None
