"""The figures of party building. Each counts records: members, meetings, talks, pairs and contacts,
dated by the day of the counted event; the state on a day (branch members, pairs in force) is read on
the period's last day, the as-of date. `records` is the queryset behind each value, so every number
opens to its list (`party:figures?figure=<key>`)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Figure
from lvzhi.party.choices import MeetingKind
from lvzhi.party.models import BranchMembership, Contact, PartyMeeting, Talk
from lvzhi.party.selectors import contacts_in, pairs_in_force

PERIODS = ("current", "cumulative", "term", "year", "since", "range")
SCOPES = ("self", "tree")


def figure(key, label, definition, unit, records, value=None):
    return Figure(
        f"party.{key}",
        label,
        definition,
        unit,
        records,
        scopes=SCOPES,
        periods=PERIODS,
        value=value,
        records_url="party:figures",
    )


def members(committee_ids, period):
    return BranchMembership.objects.in_committees(committee_ids).filter(BranchMembership.existing_on(period.end))


def meetings(*kinds):
    def records(committee_ids, period):
        qs = PartyMeeting.objects.in_committees(committee_ids).filter(period.q("held_on"))
        return qs.filter(kind__in=kinds) if kinds else qs

    return records


def talks(committee_ids, period):
    return Talk.objects.in_committees(committee_ids).filter(period.q("talked_on"))


def contacts(committee_ids, period):
    return Contact.objects.in_committees(committee_ids).filter(period.q("contacted_on"))


def pairs_contacted(committee_ids, period):
    """Pairs in force in the period with at least one contact in it."""
    annotated = pairs_in_force(committee_ids, period).annotate(n=Count("contacts", filter=contacts_in(period)))
    return pairs_in_force(committee_ids, period).filter(pk__in=annotated.filter(n__gt=0).values("pk"))


def pairs_uncontacted(committee_ids, period):
    return pairs_in_force(committee_ids, period).exclude(pk__in=pairs_contacted(committee_ids, period).values("pk"))


def coverage_rate(committee_ids, period):
    total = pairs_in_force(committee_ids, period).count()
    if not total:
        return None
    return round(100 * pairs_contacted(committee_ids, period).count() / total, 1)


FIGURES = [
    figure(
        "branch_members",
        _("机关党员"),
        _("统计日在机关各党支部（党小组）的党员人数：编入日期不晚于统计日、未在统计日或之前转出。"),
        _("人"),
        members,
    ),
    figure(
        "meetings",
        _("组织生活"),
        _("期间内机关党支部（党小组）召开的各类组织生活（三会一课、主题党日、组织生活会、民主评议党员）次数。"),
        _("次"),
        meetings(),
    ),
    figure(
        "three_and_one",
        _("三会一课"),
        _("期间内召开的支部党员大会、支部委员会、党小组会和讲授的党课次数。"),
        _("次"),
        meetings(*MeetingKind.three_and_one()),
    ),
    *[
        figure(
            f"meetings_{kind.value}",
            kind.label,
            _("期间内机关党支部（党小组）召开的“%(k)s”次数。") % {"k": kind.label},
            _("次"),
            meetings(kind),
        )
        for kind in MeetingKind
    ],
    figure("talks", _("谈心谈话"), _("期间内登记的谈心谈话人次（每次谈话一条）。"), _("次"), talks),
    figure(
        "pairs",
        _("两个全覆盖结对"),
        _(
            "期间内在联系的结对数（党组成员联系中共党员委员、中共党员委员联系党外委员），结对日期不晚于期末、未在期初前结束。"
        ),
        _("对"),
        pairs_in_force,
    ),
    figure(
        "pairs_contacted",
        _("已联系的结对"),
        _("期间内在联系的结对中，期间内至少有一次联系记录的结对数。"),
        _("对"),
        pairs_contacted,
    ),
    figure(
        "pairs_uncontacted",
        _("未联系的结对"),
        _("期间内在联系的结对中，期间内没有联系记录的结对数。"),
        _("对"),
        pairs_uncontacted,
    ),
    figure(
        "coverage",
        _("联系覆盖率"),
        _("期间内至少联系一次的结对占在联系结对的百分比。"),
        "%",
        pairs_in_force,
        value=coverage_rate,
    ),
    figure("contacts", _("结对联系"), _("期间内登记的结对联系次数（日期在期间内）。"), _("次"), contacts),
]
