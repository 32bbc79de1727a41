"""The directory's figures against records made here, with the period's boundaries."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.core import registry
from lvzhi.core.periods import parse_period
from lvzhi.directory import services
from lvzhi.directory.models import Profile, ProfileChangeRequest

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_profiles_completed_count_biographies_by_the_day_they_were_first_written(world):
    figure = registry.figures()["directory.profiles_completed"]
    services.update_profile(actor=world.p.member, data={"bio": "简介"})
    services.update_profile(actor=world.colleague, data={"share_mobile": True})  # no biography: not counted
    services.update_profile(actor=world.county_member, data={"bio": "县区委员简介"})
    Profile.objects.filter(member=world.p.member_person).update(completed_at=at(datetime.date(2024, 12, 31), 23))
    Profile.objects.filter(member=world.p.county_person).update(completed_at=at(datetime.date(2025, 1, 1), 0))
    wuwei_tree = {world.p.wuwei.pk, world.p.liangzhou.pk}
    assert figure.compute(wuwei_tree, parse_period("year:2024", as_of=datetime.date(2025, 6, 1))) == 1
    assert figure.compute(wuwei_tree, parse_period("year:2025", as_of=datetime.date(2025, 6, 1))) == 1
    assert figure.compute({world.p.wuwei.pk}, parse_period("cumulative")) == 1
    assert figure.compute({world.p.pingliang.pk}, parse_period("cumulative")) == 0


def test_requests_handled_count_decisions_not_pending_or_withdrawn(world):
    figure = registry.figures()["directory.requests_handled"]
    approved = services.request_profile_change(actor=world.p.member, data={"title": "甲"})
    services.approve_change_request(actor=world.p.staff, change=approved)
    rejected = services.request_profile_change(actor=world.colleague, data={"title": "乙"})
    services.reject_change_request(actor=world.p.staff, change=rejected, note="不符")
    withdrawn = services.request_profile_change(actor=world.p.member, data={"title": "丙"})
    services.withdraw_change_request(actor=world.p.member, change=withdrawn)
    services.request_profile_change(actor=world.p.member, data={"title": "丁"})  # pending
    ProfileChangeRequest.objects.filter(pk=rejected.pk).update(decided_at=at(datetime.date(2023, 12, 31)))
    ids = {world.p.wuwei.pk}
    assert figure.compute(ids, parse_period("cumulative")) == 2
    assert figure.compute(ids, parse_period("year")) == 1
    assert set(figure.records(ids, parse_period("cumulative"))) == {approved, rejected}
