"""The demo loader on the personas' small world: a year of topics per city committee up to today,
participation neither none nor all, a few hidden posts, a couple of outcomes, the same on every load."""

import pytest
from django.utils import timezone

from lvzhi.deliberation import demo
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Post, Topic, TopicOutcome
from lvzhi.org.factories import make_member

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_year_of_topics_with_realistic_participation(personas):
    for i in range(30):
        make_member(personas.wuwei, f"武威委员{i}")
        make_member(personas.pingliang, f"平凉委员{i}")
    result = demo.load()
    assert result["620600"]["topics"] == len(demo.TOPICS) == result["620800"]["topics"]
    today = timezone.localdate()
    assert Topic.objects.filter(state=TopicState.OPEN, opens_on__lte=today, closes_on__gte=today).count() == 2
    assert not Topic.objects.filter(opens_on__gt=today).exists()
    assert (today - Topic.objects.order_by("opens_on").first().opens_on).days > 330
    for topic in Topic.objects.filter(committee=personas.wuwei):
        people = Post.objects.filter(topic=topic, parent__isnull=True).values("member").distinct().count()
        assert 0.05 * 31 <= people <= 0.5 * 31
    assert 0 < Post.objects.filter(hidden=True).count() <= 6
    assert TopicOutcome.objects.count() == 4
    assert not Post.objects.filter(created_at__gt=timezone.now()).exists()
    first = list(Post.objects.order_by("id").values_list("member_id", "text")[:50])
    Post.objects.all().delete()
    TopicOutcome.objects.all().delete()
    Topic.objects.all().delete()
    demo.load()
    assert list(Post.objects.order_by("id").values_list("member_id", "text")[:50]) == first
