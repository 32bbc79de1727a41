"""The demo loader on the personas' small world: a year of topics per city committee up to today,
participation neither none nor all, a few hidden posts, a couple of outcomes, the same on every load."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.deliberation import demo, demo_term
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
    newest = today - datetime.timedelta(days=366)
    assert TopicOutcome.objects.filter(topic__opens_on__gte=newest).count() == 4
    assert not Post.objects.filter(created_at__gt=timezone.now()).exists()
    first = list(Post.objects.order_by("id").values_list("member_id", "text")[:50])
    Post.objects.all().delete()
    TopicOutcome.objects.all().delete()
    Topic.objects.all().delete()
    demo.load()
    assert list(Post.objects.order_by("id").values_list("member_id", "text")[:50]) == first


def test_the_term_before_the_newest_year_has_a_few_closed_topics_a_year_of_its_own_city(personas):
    for i in range(30):
        make_member(personas.wuwei, f"武威委员{i}")
        make_member(personas.pingliang, f"平凉委员{i}")
    demo.load()
    newest = min(Topic.objects.filter(title=demo.TOPICS[0]).values_list("opens_on", flat=True))
    for committee in (personas.wuwei, personas.pingliang):
        earlier = Topic.objects.filter(committee=committee, opens_on__lt=newest)
        start = committee.current_term(on=datetime.date(2024, 12, 31)).start_date
        for year in range(max(start.year, 2022), newest.year):
            assert 3 <= earlier.filter(opens_on__year=year).count() <= 4, (committee, year)
        assert not earlier.filter(state=TopicState.OPEN).exists()
        distilled = earlier.filter(state=TopicState.DISTILLED)
        assert distilled.count() > earlier.count() / 2
        assert TopicOutcome.objects.filter(topic__in=distilled).count() == distilled.count()
        assert all(Post.objects.filter(topic=t, parent=None).exists() for t in earlier)
        assert not Post.objects.filter(topic__in=earlier, created_at__date__gt=newest).exists()
    pingliang = Topic.objects.filter(committee=personas.pingliang).values_list("title", flat=True)
    assert not [t for t in pingliang if "祁连山" in t or "武威" in t or "凉州" in t]


def test_the_topics_before_2025_do_not_depend_on_the_day_of_the_load(personas):
    for i in range(30):
        make_member(personas.wuwei, f"武威委员{i}")
    committee = personas.wuwei
    seats = list(committee.memberships.values_list("member_id", flat=True))
    first = datetime.date(2022, 1, 1)
    topic_type = ContentType.objects.get_for_model(Topic).pk

    def before_2025(before):
        demo_term.load(committee, None, seats, first, before, topic_type, demo.OPINIONS, demo.REPLIES)
        rows = Post.objects.filter(topic__opens_on__year__lt=2025).order_by("created_at", "member_id")
        got = list(rows.values_list("topic__title", "member_id", "text", "created_at"))
        TopicOutcome.objects.all().delete()
        Post.objects.all().delete()
        Topic.objects.all().delete()
        return got

    earlier = before_2025(datetime.date(2025, 5, 1))
    assert earlier and earlier == before_2025(datetime.date(2025, 12, 20))
