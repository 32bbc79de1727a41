"""Fixtures of the organisation's tests: the API tests' world (the personas plus a colleague, a
studio, a party branch and group, sectors of other committees) and the OpenAPI document."""

import pytest

from lvzhi.core.tests.openapi import openapi_document
from lvzhi.org.factories import make_member
from lvzhi.org.models import PartyBranch, Sector, Studio


@pytest.fixture
def world(personas):
    p = personas
    p.colleague = make_member(p.wuwei, "陈静", sector=p.sector)
    p.studio = Studio.objects.create(committee=p.wuwei, name="李明委员工作室", lead=p.member_person)
    p.studio.members.add(p.member_person)
    p.branch = PartyBranch.objects.create(committee=p.wuwei, name="机关第一党支部")
    p.group = PartyBranch.objects.create(committee=p.wuwei, name="第一党小组", kind="group", parent=p.branch)
    p.county_sector = Sector.objects.create(committee=p.liangzhou, name="农业界")
    p.pingliang_sector = Sector.objects.create(committee=p.pingliang, name="教育界")
    p.seat = p.member_person.memberships.get()
    p.seat.special_committees.add(p.special)
    p.term = p.wuwei.terms.get()
    p.session = p.term.sessions.get()
    return p


@pytest.fixture(scope="session")
def openapi():
    return openapi_document()
