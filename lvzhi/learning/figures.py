"""The learning corner's figures, each with the records behind it (period-filtered with
`Period.q`)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Figure
from lvzhi.learning.choices import MaterialState, ReflectionState
from lvzhi.learning.models import GroupPost, Reflection, StudyMaterial, StudyRecord

PERIODS = ("current", "cumulative", "term", "year", "since", "range")


def _materials(committee_ids, period):
    return (
        StudyMaterial.objects.filter(committee_id__in=committee_ids, published_at__isnull=False)
        .exclude(state=MaterialState.DRAFT)
        .filter(period.q("published_at", is_datetime=True))
    )


def _completions(committee_ids, period):
    return StudyRecord.objects.filter(committee_id__in=committee_ids).filter(period.q("studied_at", is_datetime=True))


def _reflections(committee_ids, period):
    return Reflection.objects.filter(committee_id__in=committee_ids, state=ReflectionState.SUBMITTED).filter(
        period.q("submitted_at", is_datetime=True)
    )


def _posts(committee_ids, period):
    return GroupPost.objects.filter(group__committee_id__in=committee_ids).filter(
        period.q("created_at", is_datetime=True)
    )


FIGURES = [
    Figure(
        key="learning.materials",
        label=_("发布学习资料"),
        definition=_("期间内发布的学习资料篇数（含其后撤回的）"),
        unit=_("篇"),
        records=_materials,
        periods=PERIODS,
        records_url="learning:figures",
    ),
    Figure(
        key="learning.completions",
        label=_("委员学习人次"),
        definition=_("期间内委员标记已学的人次（按委员所在委员会统计）"),
        unit=_("人次"),
        records=_completions,
        periods=PERIODS,
        records_url="learning:figures",
    ),
    Figure(
        key="learning.reflections",
        label=_("学习心得"),
        definition=_("期间内委员提交的学习心得篇数"),
        unit=_("篇"),
        records=_reflections,
        periods=PERIODS,
        records_url="learning:figures",
    ),
    Figure(
        key="learning.posts",
        label=_("读书群组发言"),
        definition=_("期间内读书群组中的讨论发言条数"),
        unit=_("条"),
        records=_posts,
        periods=PERIODS,
        records_url="learning:figures",
    ),
]
