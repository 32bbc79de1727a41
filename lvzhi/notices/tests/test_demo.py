"""The demo loader on the personas' committees: notices of every state, reads and replies below
the whole audience, the transitions the services would write, the same rows on a second run."""

from django.utils import timezone

from lvzhi.core.models import Transition
from lvzhi.notices import demo
from lvzhi.notices.choices import NoticeState
from lvzhi.notices.models import Notice, NoticeRead, NoticeReply


def test_the_demo_loads_the_notices_since_2025_at_each_committees_rate(personas):
    summary = demo.load()
    years = (timezone.localdate() - demo.SINCE).days / 365
    assert summary["notices"] == Notice.objects.count() == sum(round(n * years) for n in (60, 56, 10))
    first = Notice.objects.exclude(published_at=None).order_by("published_at").first().published_at
    assert timezone.localdate(first) >= demo.SINCE
    states = set(Notice.objects.values_list("state", flat=True))
    assert states == {NoticeState.DRAFT, NoticeState.PUBLISHED, NoticeState.WITHDRAWN}
    assert Notice.objects.filter(published_at__gt=timezone.now()).count() == 2  # one scheduled per city
    published = Notice.objects.exclude(state=NoticeState.DRAFT).count()
    assert Transition.objects.filter(action="publish").count() == published
    assert 0 < NoticeRead.objects.count() <= sum(Notice.objects.values_list("recipients_count", flat=True))
    assert NoticeReply.objects.count() <= NoticeRead.objects.count()
    assert NoticeReply.objects.exclude(notice__reply_required=True).count() == 0
    titles = list(Notice.objects.order_by("pk").values_list("title", flat=True))
    Notice.objects.all().delete()
    demo.load()
    assert list(Notice.objects.order_by("pk").values_list("title", flat=True)) == titles
