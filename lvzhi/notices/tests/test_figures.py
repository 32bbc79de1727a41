"""The notices figures against records made through the services, with the period boundaries;
the to-do of replies awaited."""

import datetime

from django.utils import timezone

from lvzhi.core import registry
from lvzhi.core.periods import parse_period
from lvzhi.notices import services
from lvzhi.notices.factories import make_notice
from lvzhi.notices.models import Notice, NoticeReply


def figure(key):
    return registry.figures()[key]


def test_published_read_rate_and_replies(personas):
    ids = {personas.wuwei.pk}
    year = parse_period(f"year:{timezone.localdate().year}")
    notice = make_notice(personas.staff, personas.wuwei, reply=True)
    make_notice(personas.staff, personas.wuwei, publish=False)  # a draft does not count
    old = make_notice(personas.staff, personas.wuwei)
    last_year = timezone.now().replace(month=6, day=1) - datetime.timedelta(days=366)
    Notice.objects.filter(pk=old.pk).update(published_at=last_year)
    assert figure("notices.published").compute(ids, year) == 1
    assert figure("notices.published").compute(ids, parse_period("cumulative")) == 2
    assert str(figure("notices.read_rate").compute(ids, year)) == "0.0"
    services.reply_to_notice(actor=personas.member, notice=notice, answers={"参加人": "李明", "是否参加": "参加"})
    assert str(figure("notices.read_rate").compute(ids, year)) == "100.0"
    assert figure("notices.replies").compute(ids, year) == 1
    assert figure("notices.replies").compute({personas.pingliang.pk}, year) == 0
    NoticeReply.objects.update(replied_at=last_year)
    assert figure("notices.replies").compute(ids, year) == 0


def test_a_scheduled_notice_is_not_counted_before_its_time(personas):
    notice = make_notice(personas.staff, personas.wuwei, publish=False)
    services.publish_notice(
        actor=personas.staff, notice=notice, publish_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert figure("notices.published").compute({personas.wuwei.pk}, parse_period("cumulative")) == 0


def test_the_reply_to_do_counts_what_its_link_opens(client, personas):
    kind = next(k for k in registry.todo_kinds() if k.key == "notices.reply")
    make_notice(personas.staff, personas.wuwei, reply=True, title="待回执一")
    make_notice(personas.staff, personas.wuwei, title="无需回执")
    assert kind.count_for(personas.member) == 1
    assert [t.title for t in kind.items_for(personas.member, 10)] == ["待回执一"]
    assert kind.count_for(personas.staff) == 0 and kind.items_for(personas.auditor, 10) == []
    client.force_login(personas.member)
    page = client.get(kind.url(personas.member)).content.decode()
    assert page.count("data-notice=") == 1 and "待回执一" in page
