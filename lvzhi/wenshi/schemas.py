"""The API's request and response schemas of 文史 work (the action tables name their bodies here, so
the page forms and the API share the field names)."""

import datetime

from ninja import Field, Schema

from lvzhi.core.api import Day, In, QueryIn
from lvzhi.wenshi.choices import (
    AuthorKind,
    CallState,
    CirculationKind,
    ItemKind,
    ManuscriptForm,
    ManuscriptKind,
    ManuscriptState,
    PublicationKind,
)


class WenshiStepOut(Schema):
    from_: str = Field(..., alias="from")
    to: str
    action: str
    actor: str | None
    at: datetime.datetime
    note: str


class WenshiFileOut(Schema):
    id: int
    name: str
    size: int
    url: str


class ManuscriptOut(Schema):
    id: int
    committee: int
    kind: ManuscriptKind
    form: ManuscriptForm
    title: str
    author_kind: AuthorKind
    author_name: str
    member: int | None
    state: ManuscriptState
    submitted_on: datetime.date
    decided_on: datetime.date | None


class ManuscriptVersionOut(Schema):
    number: int
    title: str
    text: str
    transcript: str
    note: str
    edited_by: str | None
    edited_at: datetime.datetime


class ManuscriptDetail(ManuscriptOut):
    text: str
    transcript: str
    narrator: str
    call: int | None
    files: list[WenshiFileOut]
    versions: list[ManuscriptVersionOut]
    timeline: list[WenshiStepOut]


class ManuscriptFilters(QueryIn):
    q: str | None = Field(None, max_length=100, description="题目或作者")
    state: ManuscriptState | None = None
    kind: ManuscriptKind | None = None
    committee: str | None = Field(None, max_length=20, description="委员会编号或行政区划代码")
    period: str | None = Field(None, max_length=40, description="来稿日期所在期间，如 year:2024")
    mine: bool = Field(False, description="只看本人报送的")


class ManuscriptIn(In):
    committee: str | None = Field(None, max_length=20, description="委员会编号或代码；委员本人报送时省略")
    kind: ManuscriptKind = ManuscriptKind.MANUSCRIPT
    form: ManuscriptForm = ManuscriptForm.TEXT
    title: str = Field(..., max_length=200)
    text: str = Field("", max_length=200_000)
    narrator: str = Field("", max_length=100)
    transcript: str = Field("", max_length=200_000)
    call: int | None = None
    author_kind: AuthorKind | None = Field(None, description="工作人员登记来稿时填写")
    member: int | None = None
    author_name: str = Field("", max_length=100)
    submitted_on: Day | None = None


class ManuscriptEditIn(In):
    title: str | None = Field(None, max_length=200)
    text: str | None = Field(None, max_length=200_000)
    transcript: str | None = Field(None, max_length=200_000)
    note: str = Field("", max_length=500)


class ManuscriptNoteIn(In):
    note: str = Field("", max_length=2000, description="审稿意见（退改、不用时必填）")


class PlanYearIO(Schema):
    year: int = Field(..., ge=1949, le=2100)
    theme: str = Field(..., max_length=200)
    target: int = Field(0, ge=0, le=100_000)


class PlanOut(Schema):
    id: int
    committee: int
    title: str
    start_year: int
    end_year: int
    adopted_on: datetime.date
    summary: str
    years: list[PlanYearIO]


class PlanIn(In):
    committee: str | None = Field(None, max_length=20)
    title: str = Field(..., max_length=200)
    start_year: int = Field(..., ge=1949, le=2100)
    end_year: int = Field(..., ge=1949, le=2100)
    adopted_on: Day
    summary: str = Field("", max_length=20_000)
    years: list[PlanYearIO] = []


class PlanPatchIn(In):
    """Only the fields given change; `years`, when given, replaces the yearly themes."""

    title: str | None = Field(None, max_length=200)
    start_year: int | None = Field(None, ge=1949, le=2100)
    end_year: int | None = Field(None, ge=1949, le=2100)
    adopted_on: Day | None = None
    summary: str | None = Field(None, max_length=20_000)
    years: list[PlanYearIO] | None = None


class CallOut(Schema):
    id: int
    committee: int
    title: str
    body: str
    opens_on: datetime.date
    closes_on: datetime.date
    include_lower: bool
    plan: int | None
    state: CallState


class CallDetail(CallOut):
    timeline: list[WenshiStepOut]


class CallIn(In):
    committee: str | None = Field(None, max_length=20)
    title: str = Field(..., max_length=200)
    body: str = Field(..., max_length=20_000)
    opens_on: Day
    closes_on: Day
    include_lower: bool = False
    plan: int | None = None


class CallPatchIn(In):
    """Only the fields given change (a draft or open call; `plan: null` detaches it from its plan)."""

    title: str | None = Field(None, max_length=200)
    body: str | None = Field(None, max_length=20_000)
    opens_on: Day | None = None
    closes_on: Day | None = None
    include_lower: bool | None = None
    plan: int | None = None


class CallNoteIn(In):
    note: str = Field("", max_length=500)


class SeriesOut(Schema):
    id: int
    committee: int
    name: str
    description: str


class SeriesIn(In):
    committee: str | None = Field(None, max_length=20)
    name: str = Field(..., max_length=100)
    description: str = Field("", max_length=5000)


class VolumeEntryOut(Schema):
    id: int
    position: int
    section: str
    manuscript: int
    title: str
    author_name: str


class VolumeOut(Schema):
    id: int
    committee: int
    kind: PublicationKind
    series: int | None
    number: int | None
    title: str
    display_title: str
    editors: str
    publisher: str
    permit_number: str
    published_on: datetime.date | None
    print_run: int


class VolumeDetail(VolumeOut):
    foreword: str
    entries: list[VolumeEntryOut]


class VolumeIn(In):
    committee: str | None = Field(None, max_length=20)
    kind: PublicationKind = PublicationKind.VOLUME
    series: int | None = None
    number: int | None = Field(None, ge=1, le=10_000)
    title: str = Field("", max_length=200)
    editors: str = Field("", max_length=300)
    publisher: str = Field("", max_length=200)
    permit_number: str = Field("", max_length=100)
    published_on: Day | None = None
    print_run: int = Field(0, ge=0, le=10_000_000)
    foreword: str = Field("", max_length=50_000)


class VolumePatchIn(In):
    title: str | None = Field(None, max_length=200)
    editors: str | None = Field(None, max_length=300)
    publisher: str | None = Field(None, max_length=200)
    permit_number: str | None = Field(None, max_length=100)
    published_on: Day | None = None
    print_run: int | None = Field(None, ge=0, le=10_000_000)
    foreword: str | None = Field(None, max_length=50_000)


class VolumeEntryIn(In):
    manuscript: int
    section: str = Field("", max_length=100)
    position: int | None = Field(None, ge=1, le=100_000)


class ItemOut(Schema):
    id: int
    committee: int
    kind: ItemKind
    title: str
    volume: int | None
    provenance: str
    location: str
    acquired_on: datetime.date
    copies: int
    note: str
    files: list[WenshiFileOut]


class ItemIn(In):
    committee: str | None = Field(None, max_length=20)
    kind: ItemKind
    title: str = Field(..., max_length=200)
    volume: int | None = None
    provenance: str = Field("", max_length=300)
    location: str = Field("", max_length=200)
    acquired_on: Day
    copies: int = Field(1, ge=1, le=100_000)
    note: str = Field("", max_length=5000)


class ItemPatchIn(In):
    """Only the fields given change (`volume: null` unlinks the publication)."""

    kind: ItemKind | None = None
    title: str | None = Field(None, max_length=200)
    volume: int | None = None
    provenance: str | None = Field(None, max_length=300)
    location: str | None = Field(None, max_length=200)
    acquired_on: Day | None = None
    copies: int | None = Field(None, ge=1, le=100_000)
    note: str | None = Field(None, max_length=5000)


class CirculationOut(Schema):
    id: int
    committee: int
    kind: CirculationKind
    volume: int | None
    item: int | None
    what: str
    counterpart: str
    happened_on: datetime.date
    copies: int
    received: str
    due_on: datetime.date | None
    returned_on: datetime.date | None
    note: str


class CirculationIn(In):
    committee: str | None = Field(None, max_length=20)
    kind: CirculationKind
    volume: int | None = None
    item: int | None = None
    counterpart: str = Field(..., max_length=200)
    happened_on: Day
    copies: int = Field(1, ge=1, le=1_000_000)
    received: str = Field("", max_length=300)
    due_on: Day | None = None
    note: str = Field("", max_length=500)


class LoanReturnIn(In):
    returned_on: Day | None = None


class WenshiListFilters(QueryIn):
    q: str | None = Field(None, max_length=100)
    committee: str | None = Field(None, max_length=20, description="委员会编号或行政区划代码")
    figure: str | None = Field(None, max_length=40)
