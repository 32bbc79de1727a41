"""The API schemas of the service-to-the-people registers (matters done and problems solved, and the
demonstration points); `api.py` adds the detail with its timeline and mounts them like every other register."""

import datetime

from ninja import Field, Schema

from lvzhi.core.api import Day, Id, In, Ref
from lvzhi.supervision.choices import ServiceKind, ServiceState


class ServiceItemOut(Schema):
    id: int
    committee: int
    kind: ServiceKind
    title: str
    place: str
    requester: str
    members: list[Ref]
    activity: int | None
    raised_on: datetime.date
    state: ServiceState
    done_on: datetime.date | None
    result: str
    note: str


class ServiceItemIn(In):
    kind: ServiceKind | None = None
    title: str | None = Field(None, max_length=200)
    place: str | None = Field(None, max_length=100)
    requester: str | None = Field(None, max_length=100)
    members: list[Id] | None = Field(None, max_length=200)
    activity: Id | None = None
    raised_on: Day | None = None
    done_on: Day | None = Field(None, description="登记时已办结的填写（仅新建时）")
    result: str | None = Field(None, max_length=5000)
    note: str | None = Field(None, max_length=5000)


class DemoPointOut(Schema):
    id: int
    committee: int
    name: str
    place: str
    built_on: datetime.date
    ended_on: datetime.date | None
    supervisors: list[Ref]
    note: str


class DemoPointIn(In):
    name: str | None = Field(None, max_length=200)
    place: str | None = Field(None, max_length=200)
    built_on: Day | None = None
    ended_on: Day | None = None
    supervisors: list[Id] | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=5000)
