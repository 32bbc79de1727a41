"""The organisation's figures: party branches and groups, studios, years of service."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.batch import First
from lvzhi.core.registry import Figure, FromParts
from lvzhi.org.models import Committee, PartyBranch, Studio


def branches(kind):
    def records(committee_ids, period):
        return PartyBranch.objects.in_committees(committee_ids).filter(PartyBranch.existing_on(period.end), kind=kind)

    return records


def studios(committee_ids, period):
    return (
        Studio.objects.in_committees(committee_ids)
        .filter(is_active=True)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=period.end))
    )


def committees(committee_ids, period):
    return Committee.objects.filter(id__in=committee_ids, founded_on__isnull=False)


def _whole_years(period, founded):
    if founded is None:
        return None
    end = period.end
    return end.year - founded.year - ((end.month, end.day) < (founded.month, founded.day))


# Whole years from the (earliest) founding date to the end of the period (the date read with the other
# figures' counts: `FromParts`).
years_of_service = FromParts(
    lambda committee_ids, period: [
        First(committees(committee_ids, period).order_by("founded_on").values_list("founded_on"))
    ],
    _whole_years,
)


FIGURES = [
    Figure(
        "org.party_branches",
        _("党支部"),
        _("统计日机关在设的党支部个数：已成立（成立日期不晚于统计日）且未在统计日或之前撤销、合并。"),
        _("个"),
        branches("branch"),
        scopes=("self",),
        records_url="org:branch_list",
    ),
    Figure(
        "org.party_groups",
        _("党小组"),
        _("统计日机关党支部下设的党小组个数：已成立且未在统计日或之前撤销、合并。"),
        _("个"),
        branches("group"),
        scopes=("self",),
        records_url="org:branch_list",
    ),
    Figure(
        "org.studios",
        _("委员工作室"),
        _("截至统计日已建成并在用的委员工作室（站）个数。"),
        _("个"),
        studios,
        scopes=("self", "tree"),
        records_url="org:studio_list",
    ),
    Figure(
        "org.years_of_service",
        _("履职历程"),
        _("自委员会成立至统计日的整年数。"),
        _("年"),
        committees,
        value=years_of_service,
        scopes=("self",),
        records_url="org:committee_list",
    ),
]
