"""The notices module's figures: notices published, their read rate, replies received."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.figure_pages import FigurePage
from lvzhi.core.registry import Figure
from lvzhi.notices.choices import NoticeState
from lvzhi.notices.models import Notice, NoticeRead, NoticeReply

PERIODS = ("current", "cumulative", "term", "year", "since", "range")


def published(committee_ids, period):
    """Notices published (and since then possibly withdrawn) in the period, their time come."""
    return Notice.objects.filter(
        period.q("published_at", is_datetime=True),
        committee_id__in=committee_ids,
        state__in=[NoticeState.PUBLISHED, NoticeState.WITHDRAWN],
        published_at__lte=timezone.now(),
    )


def reads(committee_ids, period):
    return NoticeRead.objects.filter(notice__in=published(committee_ids, period))


def read_rate(committee_ids, period):
    """Reads of the period's notices over the recipients they were sent to, in per cent."""
    sent = published(committee_ids, period).aggregate(n=Sum("recipients_count"))["n"] or 0
    if not sent:
        return Decimal("0.0")
    rate = Decimal(reads(committee_ids, period).count() * 100) / Decimal(sent)
    return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def replies(committee_ids, period):
    return NoticeReply.objects.filter(period.q("replied_at", is_datetime=True), committee_id__in=committee_ids)


FIGURES = [
    Figure(
        key="notices.published",
        varies_with_time=True,  # a scheduled notice counts once its time has come
        label=_("发布通知公告"),
        definition=_("期间内发布（含其后撤回）的通知、公告、简报和要闻，定时发布的以发布时间计。"),
        unit=_("条"),
        records=published,
        periods=PERIODS,
        records_url="notices:figures",
    ),
    Figure(
        key="notices.read_rate",
        varies_with_time=True,  # a scheduled notice counts once its time has come
        label=_("通知阅读率"),
        definition=_("期间内发布的通知的已读人次 ÷ 发送人次。"),
        unit="%",
        records=reads,
        value=read_rate,
        periods=PERIODS,
        records_url="notices:figures",
    ),
    Figure(
        key="notices.replies",
        varies_with_time=True,  # a scheduled notice counts once its time has come
        label=_("通知回执"),
        definition=_("期间内收到的报名、回执份数。"),
        unit=_("份"),
        records=replies,
        periods=PERIODS,
        records_url="notices:figures",
    ),
]


def record_row(obj) -> dict:
    if isinstance(obj, Notice):
        return {"url": reverse("notices:detail", args=[obj.pk]), "text": obj.title, "when": obj.published_at}
    if isinstance(obj, NoticeRead):
        return {
            "url": reverse("notices:receipts", args=[obj.notice_id]),
            "text": f"{obj.user} · {obj.notice.title}",
            "when": obj.read_at,
        }
    return {
        "url": reverse("notices:receipts", args=[obj.notice_id]),
        "text": f"{obj.user} · {obj.notice.title}",
        "when": obj.replied_at,
    }


FIGURE_PAGE = FigurePage(
    figures=FIGURES,
    template="notices/figures.html",
    records_template="notices/figure_records.html",
    row=record_row,
    default_scope="tree",
    default_period="year",
    related=("notice", "user"),
)
