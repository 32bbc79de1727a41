"""The directory's figures: profiles completed by members, change requests the office decided."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Figure
from lvzhi.directory.choices import ChangeState
from lvzhi.directory.models import Profile, ProfileChangeRequest


def profiles_completed(committee_ids, period):
    return Profile.objects.in_committees(committee_ids).filter(period.q("completed_at", is_datetime=True))


def requests_handled(committee_ids, period):
    return ProfileChangeRequest.objects.in_committees(committee_ids).filter(
        period.q("decided_at", is_datetime=True), state__in=[ChangeState.APPROVED, ChangeState.REJECTED]
    )


FIGURES = [
    Figure(
        key="directory.profiles_completed",
        label=_("完善风采资料的委员"),
        definition=_("填写了个人简介的委员人数，按首次完善时间计入期间。"),
        unit=_("人"),
        records=profiles_completed,
        periods=("current", "cumulative", "term", "year", "since", "range"),
        records_url="directory:figures",
    ),
    Figure(
        key="directory.requests_handled",
        label=_("办理资料变更申请"),
        definition=_("机关在期间内同意或不同意的委员资料变更申请件数。"),
        unit=_("件"),
        records=requests_handled,
        periods=("current", "cumulative", "term", "year", "since", "range"),
        records_url="directory:figures",
    ),
]
