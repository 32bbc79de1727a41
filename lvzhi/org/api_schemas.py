"""The organisation API's request and response schemas, and the functions that turn rows into
responses. The endpoints are in lvzhi/org/api.py."""

import datetime
from dataclasses import fields as dataclass_fields
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, create_model

from lvzhi.accounts.choices import Permission
from lvzhi.core import pii
from lvzhi.core.api import BirthDate, Day, Id, In, QueryIn, Ref
from lvzhi.core.scope import committee_ids
from lvzhi.org.choices import Level, MemberRole, MembershipStatus
from lvzhi.org.filters import MemberFilter
from lvzhi.org.models import Membership

ID_PATTERN = r"^([0-9]{1,18})?$"
# A committee named by its id or its GB/T 2260 code ("620600"); a JSON number is taken as its digits.
CommitteeKey = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    Field(pattern=r"^[0-9]{1,18}$", description="委员会 id 或行政区划代码"),
]
GenderValue = Literal["", "male", "female"]


# --- Schemas -----------------------------------------------------------------------------------


class CommitteeOut(Schema):
    id: int
    committee: int = Field(description="与 id 相同（每个对象都有 committee）")
    code: str
    name: str
    short_name: str
    level: Level
    parent: int | None
    founded_on: datetime.date | None
    sort: int


class CommitteeIn(In):
    code: str = Field(..., max_length=6, description="GB/T 2260 行政区划代码")
    name: str = Field(..., max_length=100)
    short_name: str = Field(..., max_length=50)
    level: Level
    parent: CommitteeKey | None = None
    founded_on: Day | None = None
    sort: int = Field(0, ge=0, le=1_000_000)


class CommitteePatch(In):
    code: str | None = Field(None, max_length=6)
    name: str | None = Field(None, max_length=100)
    short_name: str | None = Field(None, max_length=50)
    level: Level | None = None
    parent: CommitteeKey | None = None
    founded_on: Day | None = None
    sort: int | None = Field(None, ge=0, le=1_000_000)


class TermRef(Schema):
    id: int
    number: int
    name: str


class TermOut(TermRef):
    committee: int
    start_date: datetime.date
    end_date: datetime.date | None


class TermIn(In):
    committee: CommitteeKey
    number: int = Field(..., ge=1, le=99)
    start_date: Day
    end_date: Day | None = None


class TermPatch(In):
    number: int | None = Field(None, ge=1, le=99)
    start_date: Day | None = None
    end_date: Day | None = None


class SessionOut(Schema):
    id: int
    committee: int
    term: int
    number: int
    name: str
    start_date: datetime.date
    end_date: datetime.date


class SessionIn(In):
    term: Id
    number: int = Field(..., ge=1, le=99)
    start_date: Day
    end_date: Day


class SessionPatch(In):
    number: int | None = Field(None, ge=1, le=99)
    start_date: Day | None = None
    end_date: Day | None = None


class MembershipOut(Schema):
    id: int
    committee: int
    member: Ref
    term: TermRef
    role: MemberRole
    sector: Ref | None
    party: Ref | None
    special_committees: list[Ref]
    status: MembershipStatus
    started_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str


class MemberFields(Schema):
    name: str
    gender: GenderValue
    ethnicity: str
    birth_date: datetime.date | None = Field(description="出生日期，仅对持有“查看个人信息”权限者给出，其余为 null")
    birth_month: str = Field(description="出生年月（YYYY-MM）")
    email: str
    workplace: str
    title: str


class MemberRow(MemberFields):
    """One seat of the member list: the person, and the membership that matched the filter."""

    id: int = Field(description="委员（人）的 id")
    committee: int = Field(description="该任职所在委员会的 id")
    mobile_masked: str
    membership: MembershipOut


class MemberOut(MemberFields):
    id: int
    committee: int = Field(description="登记委员会的 id")
    name_pinyin: str
    name_initials: str
    mobile_masked: str
    id_number_masked: str
    memberships: list[MembershipOut] = Field(description="调用者范围内的任职")


class SeatIn(In):
    term: Id | None = Field(None, description="届的 id；缺省为当前届")
    role: MemberRole = MemberRole.MEMBER
    sector: Id | None = None
    party: Id | None = None
    special_committees: list[Id] = Field(default_factory=list, max_length=50)
    started_on: Day | None = None


class MemberPatch(In):
    name: str | None = Field(None, max_length=50)
    gender: GenderValue | None = None
    ethnicity: str | None = Field(None, max_length=20)
    birth_date: BirthDate | None = None
    id_number: str | None = Field(None, max_length=30)
    mobile: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    workplace: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=100)


class MemberIn(MemberPatch):
    committee: CommitteeKey
    name: str = Field(..., max_length=50)
    membership: SeatIn | None = Field(None, description="同时在该委员会任职（缺省为当前届的委员）；null 则只登记人员")


class RevealOut(Schema):
    id_number: str
    mobile: str


class MembershipIn(SeatIn):
    member: Id
    committee: CommitteeKey


class MembershipPatch(In):
    role: MemberRole | None = None
    sector: Id | None = None
    party: Id | None = None
    special_committees: list[Id] | None = Field(None, max_length=50)
    started_on: Day | None = None


class MembershipEndIn(In):
    status: Literal["resigned", "removed"] = Field(description="resigned 辞任 / removed 撤销")
    ended_on: Day
    reason: str = Field("", max_length=200)


def _member_filter_schema():
    """The API's query parameters for members, made from MemberFilter itself (one definition)."""
    kinds = {
        "role": (Literal["", *MemberRole.values], ""),
        "status": (Literal["active", "resigned", "removed", "all"], "active"),
        "q": (str, Field("", max_length=100)),
        "committee": (str, Field("", pattern=ID_PATTERN, description="委员会 id 或行政区划代码（含下级）")),
    }
    spec = {}
    for f in dataclass_fields(MemberFilter):
        spec[f.name] = kinds.get(f.name, (str, Field(f.default, pattern=ID_PATTERN)))
    return create_model("MemberFilterIn", __base__=QueryIn, **spec)


MemberFilterIn = _member_filter_schema()


class ListFilter(QueryIn):
    committee: str = Field("", pattern=ID_PATTERN, description="委员会 id 或行政区划代码")
    q: str = Field("", max_length=100, description="名称包含")


# --- Serialisers -------------------------------------------------------------------------------


def ref(obj):
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def term_ref(term):
    return {"id": term.pk, "number": term.number, "name": str(term)}


def committee_out(c):
    return {
        "id": c.pk,
        "committee": c.pk,
        "code": c.code,
        "name": c.name,
        "short_name": c.short_name,
        "level": c.level,
        "parent": c.parent_id,
        "founded_on": c.founded_on,
        "sort": c.sort,
    }


def term_out(t):
    return {**term_ref(t), "committee": t.committee_id, "start_date": t.start_date, "end_date": t.end_date}


def session_out(s):
    return {
        "id": s.pk,
        "committee": s.committee_id,
        "term": s.term_id,
        "number": s.number,
        "name": str(s),
        "start_date": s.start_date,
        "end_date": s.end_date,
    }


def membership_out(m):
    return {
        "id": m.pk,
        "committee": m.committee_id,
        "member": ref(m.member),
        "term": term_ref(m.term),
        "role": m.role,
        "sector": ref(m.sector),
        "party": ref(m.party),
        "special_committees": [ref(s) for s in m.special_committees.all()],
        "status": m.status,
        "started_on": m.started_on,
        "ended_on": m.ended_on,
        "end_reason": m.end_reason,
    }


def member_fields(p, *, clear_pii: bool):
    """A person's own fields; the full birth date only for those who may see personal information
    (with it, a masked ID number would leave too few candidates; see core/pii.py)."""
    return {
        "name": p.name,
        "gender": p.gender,
        "ethnicity": p.ethnicity,
        "birth_date": p.birth_date if clear_pii else None,
        "birth_month": pii.birth_month(p.birth_date),
        "email": p.email,
        "workplace": p.workplace,
        "title": p.title,
        "mobile_masked": p.mobile_masked,
    }


MEMBERSHIP_RELATED = ("member", "committee", "term", "sector", "party")


def memberships_with_related(queryset):
    return queryset.select_related(*MEMBERSHIP_RELATED).prefetch_related("special_committees")


def member_out(person, user):
    seats = memberships_with_related(
        Membership.objects.in_committees(committee_ids(user)).filter(member=person)
    ).order_by("committee__path", "-term__number")
    return {
        **member_fields(person, clear_pii=user.has_module_perm(Permission.VIEW_PII)),
        "id": person.pk,
        "committee": person.committee_id,
        "name_pinyin": person.name_pinyin,
        "name_initials": person.name_initials,
        "id_number_masked": person.id_number_masked,
        "memberships": [membership_out(m) for m in seats],
    }


class CommitteeFilter(QueryIn):
    committee: str = Field("", pattern=ID_PATTERN, description="委员会 id 或代码：它及其下级")
    level: Level | Literal[""] = ""
