"""The figures of the meeting services: plenary speeches (大会发言) submitted, adopted for oral
delivery, adopted as written speeches — of the meetings whose activity starts in the period
(`Period.q`, local days). `records` is the queryset behind each value."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Figure
from lvzhi.meetings.choices import SpeechState
from lvzhi.meetings.models import PlenarySpeech

PERIODS = ("current", "cumulative", "term", "year", "since", "range")
SCOPES = ("self", "tree")


def speeches(*states, exclude=()):
    def records(committee_ids, period):
        qs = PlenarySpeech.objects.filter(
            period.q("meeting__activity__start", is_datetime=True), committee_id__in=committee_ids
        )
        if states:
            qs = qs.filter(state__in=states)
        if exclude:
            qs = qs.exclude(state__in=exclude)
        return qs

    return records


FIGURES = [
    Figure(
        "meetings.speeches_submitted",
        _("收到大会发言稿"),
        _("期内召开的会议收到的大会发言稿篇数（委员和参加单位提交，撤回的不计）。"),
        _("篇"),
        speeches(exclude=(SpeechState.WITHDRAWN,)),
        scopes=SCOPES,
        periods=PERIODS,
    ),
    Figure(
        "meetings.speeches_oral",
        _("采用大会口头发言"),
        _("期内召开的会议采用为大会口头发言的发言稿篇数。"),
        _("篇"),
        speeches(SpeechState.ORAL),
        scopes=SCOPES,
        periods=PERIODS,
    ),
    Figure(
        "meetings.speeches_written",
        _("采用书面发言"),
        _("期内召开的会议采用为书面发言的发言稿篇数。"),
        _("篇"),
        speeches(SpeechState.WRITTEN),
        scopes=SCOPES,
        periods=PERIODS,
    ),
]
