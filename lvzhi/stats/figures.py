"""The figures of the register of regulations: work mechanisms in force (W10) and systems revised
(W21), plus what was adopted (立), revised (改) and repealed (废) in a period."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Figure
from lvzhi.stats.choices import RegulationKind
from lvzhi.stats.models import Regulation, RegulationRevision

PERIODS = ("current", "cumulative", "term", "year", "since", "range")
SCOPES = ("self", "tree")


def established(kind):
    """`current`: in force at the end of the period; other periods: adopted within it."""

    def records(committee_ids, period):
        qs = Regulation.objects.in_committees(committee_ids).filter(kind=kind)
        if period.kind == "current":
            return qs.filter(adopted_on__lte=period.end).filter(
                Q(repealed_on__isnull=True) | Q(repealed_on__gt=period.end)
            )
        return qs.filter(period.q("adopted_on"))

    return records


def revised(kind=None):
    """Regulations with at least one revision within the period (each counted once)."""

    def records(committee_ids, period):
        revisions = RegulationRevision.objects.filter(regulation=OuterRef("pk")).filter(period.q("revised_on"))
        qs = Regulation.objects.in_committees(committee_ids).filter(Exists(revisions))
        return qs.filter(kind=kind) if kind else qs

    return records


def adopted(committee_ids, period):
    return Regulation.objects.in_committees(committee_ids).filter(period.q("adopted_on"))


def repealed(committee_ids, period):
    return Regulation.objects.in_committees(committee_ids).filter(period.q("repealed_on"))


def figure(key, label, definition, unit, records):
    return Figure(
        f"regulations.{key}",
        label,
        definition,
        unit,
        records,
        scopes=SCOPES,
        periods=PERIODS,
        records_url="stats:regulation_list",
        kind="count",
    )


FIGURES = [
    figure(
        "mechanisms",
        _("工作机制"),
        _("统计日在行的工作机制项数（按“当前”统计）；其他期间为期间内建立的工作机制项数。"),
        _("项"),
        established(RegulationKind.MECHANISM),
    ),
    figure(
        "systems",
        _("制度"),
        _("统计日在行的制度项数（按“当前”统计）；其他期间为期间内制定的制度项数。"),
        _("项"),
        established(RegulationKind.SYSTEM),
    ),
    figure(
        "revised",
        _("修订制度"),
        _("期间内有修订记录的制度项数（一项制度多次修订只计一次）。"),
        _("项"),
        revised(RegulationKind.SYSTEM),
    ),
    figure("adopted", _("新立制度机制"), _("期间内建立或制定的制度、工作机制项数。"), _("项"), adopted),
    figure("repealed", _("废止制度机制"), _("期间内废止的制度、工作机制项数。"), _("项"), repealed),
]
