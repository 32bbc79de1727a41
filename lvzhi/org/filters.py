"""One filter definition for the member list page, its xlsx export and the API."""

from dataclasses import dataclass, fields

from django.db.models import Q

from lvzhi.core.cleaning import as_id
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.org.models import Membership


@dataclass
class MemberFilter:
    committee: str = ""  # id or GB/T 2260 code; with its descendants
    term: str = ""  # term number; empty = every committee's current (latest) term
    status: str = "active"  # active / resigned / removed / all
    sector: str = ""  # sector id
    party: str = ""  # party id
    role: str = ""  # MemberRole value
    special_committee: str = ""  # special committee id
    studio: str = ""  # studio id
    q: str = ""  # name, pinyin (full or initials), workplace

    @classmethod
    def from_params(cls, params) -> "MemberFilter":
        return cls(**{f.name: (params.get(f.name) or f.default).strip() for f in fields(cls)})

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def filter_memberships(user, flt: MemberFilter, base_ids=None):
    """Memberships visible to the user, narrowed by the filter (and the scope switcher's ids)."""
    ids = frozenset(base_ids) if base_ids is not None else committee_ids(user)
    qs = Membership.objects.in_committees(ids)
    if flt.committee:
        committee = committee_named(flt.committee, ids)
        if committee is None:
            return qs.none()
        qs = qs.filter(committee__path__startswith=committee.path)
    if as_id(flt.term) is not None:
        qs = qs.filter(term__number=min(as_id(flt.term), 32767))
    else:
        qs = qs.filter(term__end_date__isnull=True)
    if flt.status and flt.status != "all":
        qs = qs.filter(status=flt.status)
    for name, lookup in (
        ("sector", "sector_id"),
        ("party", "party_id"),
        ("special_committee", "special_committees__id"),
        ("studio", "member__studios__id"),
    ):
        value = getattr(flt, name)
        if value:
            pk = as_id(value)
            qs = qs.filter(**{lookup: pk}) if pk is not None else qs.none()
    if flt.role:
        qs = qs.filter(role=flt.role)
    if flt.q:
        text = flt.q
        qs = qs.filter(
            Q(member__name__icontains=text)
            | Q(member__name_initials__istartswith=text.lower())
            | Q(member__name_pinyin__istartswith=text.lower())
            | Q(member__workplace__icontains=text)
        )
    if flt.special_committee or flt.studio:
        qs = qs.distinct()
    return qs.select_related("member", "committee", "term", "sector", "party").order_by(
        "committee__path", "member__name_pinyin", "pk"
    )
