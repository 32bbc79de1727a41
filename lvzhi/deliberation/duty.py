"""The duty event of online deliberation (see docs/adding-a-module.md, "Duty events"):

- `deliberation.posted`: a member took part in a topic — one event per (topic, member) with at least
  one post the office has not hidden, dated by their first such post. Posting ten times on one topic
  is one duty, not ten; a hidden post does not count, and a post taken back no longer counts.
"""

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyFact, DutyProducer, Titles, fact_rows, local_date
from lvzhi.deliberation.models import Post, Topic

CHUNK = 2000


def _posted(committee_ids=None, year=None, source_ids=None):
    qs = Post.objects.filter(hidden=False)
    if committee_ids is not None:
        qs = qs.filter(topic__committee_id__in=committee_ids)
    if source_ids is not None:
        qs = qs.filter(topic_id__in=source_ids)
    rows = (
        qs.values("member_id", "topic_id", "topic__committee_id")
        .annotate(first=Min("created_at"))
        .order_by("topic_id", "member_id")
        .values_list("member_id", "topic__committee_id", "first", "topic_id")
    )
    for member_id, committee_id, at, topic_id in rows.iterator(chunk_size=CHUNK):
        yield DutyFact(member_id, committee_id, timezone.localdate(at), topic_id)


def _posted_facts(committee_ids=None, year=None):
    qs = Post.objects.filter(hidden=False)
    if committee_ids is not None:
        qs = qs.filter(topic__committee_id__in=committee_ids)
    grouped = qs.values("member_id", "topic_id", "topic__committee_id").annotate(first=local_date(Min("created_at")))
    return fact_rows(
        grouped,
        kind="deliberation.posted",
        member="member_id",
        committee="topic__committee_id",
        date="first",
        source="topic_id",
    )


def _affected(obj):
    if isinstance(obj, Post):
        return [obj.topic_id]
    if isinstance(obj, Topic):
        return [obj.pk]
    return None


_describe = Titles(Topic, ("title",), lambda pk, title: (title, reverse("deliberation:detail", args=[pk])))


PRODUCERS = [
    DutyProducer(
        kind="deliberation.posted",
        label=_("参与网络议政"),
        source="deliberation.Topic",
        events=_posted,
        affected=_affected,
        default_points=1,
        default_cap=10,
        describe=_describe,
        facts_query=_posted_facts,
    ),
]
