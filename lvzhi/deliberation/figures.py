"""The figures of online deliberation, each over the records behind it (`records`), for the
committees counted and a period:

- `deliberation.topics`: topics published (not drafts) whose call for opinions opened in the period;
- `deliberation.participants`: members who posted at least one visible post in the period;
- `deliberation.posts`: visible posts (opinions and replies) made in the period;
- `deliberation.outcomes`: outcomes distilled in the period.
"""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Figure
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Post, Topic, TopicOutcome
from lvzhi.org.models import Member

PERIODS = ("current", "cumulative", "term", "year", "since", "range")


def topics(committee_ids, period):
    return Topic.objects.filter(period.q("opens_on"), committee_id__in=committee_ids).exclude(state=TopicState.DRAFT)


def posts(committee_ids, period):
    return Post.objects.filter(period.q("created_at", is_datetime=True), committee_id__in=committee_ids, hidden=False)


def participants(committee_ids, period):
    return Member.objects.filter(pk__in=posts(committee_ids, period).values("member_id"))


def outcomes(committee_ids, period):
    return TopicOutcome.objects.filter(period.q("created_at", is_datetime=True), committee_id__in=committee_ids)


FIGURES = [
    Figure(
        key="deliberation.topics",
        label=_("网络议政议题"),
        definition=_("期内开始征集意见的议题数（不含草稿）"),
        unit=_("个"),
        records=topics,
        periods=PERIODS,
        records_url="deliberation:figures",
    ),
    Figure(
        key="deliberation.participants",
        label=_("参与议政委员"),
        definition=_("期内至少发表一条未被屏蔽的意见或回复的委员人数"),
        unit=_("人"),
        records=participants,
        periods=PERIODS,
        records_url="deliberation:figures",
    ),
    Figure(
        key="deliberation.posts",
        label=_("议政发言"),
        definition=_("期内发表的未被屏蔽的意见和回复条数"),
        unit=_("条"),
        records=posts,
        periods=PERIODS,
        records_url="deliberation:figures",
    ),
    Figure(
        key="deliberation.outcomes",
        label=_("议政成果"),
        definition=_("期内由议题形成的成果数"),
        unit=_("项"),
        records=outcomes,
        periods=PERIODS,
        records_url="deliberation:figures",
    ),
]
