"""Reads of party building: who may read it (a register's one filter is
`core.registers.filter_records`), and the coverage of "两个全覆盖" for a period."""

from dataclasses import dataclass

from django.db.models import Count, Q

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions
from lvzhi.party.choices import PairKind
from lvzhi.party.models import CoveragePair


def can_read(user) -> bool:
    """The office's party staff and leaders."""
    return permissions.can_read(user, Permission.PARTY)


def pairs_in_force(committee_ids, period):
    """The pairs in force at some day of the period (for `current`/`cumulative`: on the as-of date)."""
    return CoveragePair.objects.in_committees(committee_ids).filter(CoveragePair.in_force(period.start, period.end))


def contacts_in(period) -> Q:
    """Contacts made within the period (for `current`/`cumulative`: up to the as-of date)."""
    return period.q("contacts__contacted_on")


@dataclass
class CoverageLine:
    kind: PairKind
    pairs: int
    contacted: int
    uncovered: list

    @property
    def percent(self):
        return round(100 * self.contacted / self.pairs, 1) if self.pairs else None


def coverage(committee_ids, period) -> list[CoverageLine]:
    """Per kind of pair: how many pairs were in force, how many had at least one contact in the
    period, and those with none (with their people). Two queries."""
    rows = (
        pairs_in_force(committee_ids, period)
        .select_related("contactor", "contacted", "committee")
        .annotate(n=Count("contacts", filter=contacts_in(period)))
        .order_by("kind", "contactor__name_pinyin", "pk")
    )
    lines = {kind: CoverageLine(kind, 0, 0, []) for kind in PairKind}
    for pair in rows:
        line = lines[PairKind(pair.kind)]
        line.pairs += 1
        if pair.n:
            line.contacted += 1
        else:
            line.uncovered.append(pair)
    return list(lines.values())
