"""Posting is a duty event (one per topic and member, hidden posts and taken-back posts not counted),
kept current by the services and equal to a rebuild; the figures count the records behind them,
period boundaries included."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.core import registry
from lvzhi.core.periods import parse_period
from lvzhi.deliberation import services
from lvzhi.deliberation.models import Post
from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent

pytestmark = pytest.mark.django_db


def _events(world):
    return sorted(DutyEvent.objects.filter(kind="deliberation.posted").values_list("member_id", "source_id"))


def test_posting_records_one_duty_event_per_topic_and_member(world):
    topic = world.topic
    first = services.create_post(actor=world.member, topic=topic, text="一")
    services.create_post(actor=world.member, topic=topic, text="二")
    assert _events(world) == [(world.person.pk, topic.pk)]
    reply = services.create_post(actor=world.member2, topic=topic, text="回复", parent=first.pk)
    assert _events(world) == sorted([(world.person.pk, topic.pk), (world.person2.pk, topic.pk)])
    services.delete_post(actor=world.member2, post=reply)
    assert _events(world) == [(world.person.pk, topic.pk)]
    assert not ledger.differences()


def test_a_hidden_post_no_longer_counts(world):
    post = services.create_post(actor=world.member, topic=world.topic, text="不当")
    services.hide_post(actor=world.staff, topic=world.topic, post=post.pk, reason="不当")
    assert _events(world) == []
    assert not ledger.differences()


def test_the_figures_count_their_records_within_the_period(world):
    figures = registry.figures()
    ids = {world.p.wuwei.pk}
    today = timezone.localdate()
    year = parse_period(f"year:{today.year}")
    post = services.create_post(actor=world.member, topic=world.topic, text="一")
    services.create_post(actor=world.member2, topic=world.topic, text="二")
    hidden = services.create_post(actor=world.member2, topic=world.topic, text="三")
    services.hide_post(actor=world.staff, topic=world.topic, post=hidden.pk, reason="x")
    assert figures["deliberation.topics"].compute(ids, year) == 1
    assert figures["deliberation.posts"].compute(ids, year) == 2
    assert figures["deliberation.participants"].compute(ids, year) == 2
    assert figures["deliberation.outcomes"].compute(ids, year) == 0
    services.close_topic(actor=world.staff, topic=world.topic)
    services.distil_topic(actor=world.staff, topic=world.topic, summary="综述", posts=[post.pk])
    assert figures["deliberation.outcomes"].compute(ids, year) == 1
    # a post made on the last day of the period counts; one the day after does not
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.make_aware(datetime.datetime(today.year - 1, 12, 31, 23, 30))
    )
    last_year = parse_period(f"year:{today.year - 1}")
    assert figures["deliberation.posts"].compute(ids, last_year) == 1
    assert figures["deliberation.posts"].compute(ids, year) == 1
    assert figures["deliberation.posts"].compute({world.p.pingliang.pk}, year) == 0
