"""Reads of party building: who may read it, the one filter of a register's list (its page, its
export and the API), and the coverage of "两个全覆盖" for a period."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.dateparse import parse_date

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions
from lvzhi.core.cleaning import DATE_MAX, DATE_MIN
from lvzhi.core.registers import Register
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.party.choices import PairKind
from lvzhi.party.models import CoveragePair


def can_read(user) -> bool:
    """The office's party staff and leaders."""
    return permissions.can_read(user, Permission.PARTY)


def filter_records(register: Register, qs, params, user):
    """One filter for the list page, its export and the API."""
    text = (params.get("committee") or "").strip()
    if text:  # by id or GB/T 2260 code; one outside the scope (or none) matches nothing
        found = committee_named(text, committee_ids(user))
        qs = qs.filter(committee=found) if found is not None else qs.none()
    for param, _label, choices in register.filters:
        value = params.get(param) or ""
        if value and value in [c[0] for c in choices]:
            qs = qs.filter(**{param: value})
    if register.has_state:
        state = params.get("state") or ""
        if state in [c[0] for c in register.model._meta.get_field("state").choices]:
            qs = qs.filter(state=state)
    for param, lookup in (("date_from", "gte"), ("date_to", "lte")):
        text = (params.get(param) or "").strip()[:10]
        try:
            day = parse_date(text) if text else None
        except ValueError:
            day = None
        if day and DATE_MIN <= day <= DATE_MAX:
            qs = qs.filter(**{f"{register.date_field}__{lookup}": day})
    q = (params.get("q") or "").strip()[:100]
    if q:
        condition = Q()
        for lookup in register.search:
            condition |= Q(**{lookup: q})
        qs = qs.filter(condition)
    return qs


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
