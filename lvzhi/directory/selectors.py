"""Reads of the directory: whose members a user may browse, the filtered list with each member's seat,
studios, profile and duty highlights (a constant number of queries per page), and the detail.

Scope (decided for issue 13 §4): a member browses the members of their own committee and of the
committees below it — a city member sees the city and its counties, a county member their county;
staff and leaders browse their committee scope (`core.scope.committee_ids`). Nobody ever sees another
city's members. Unit users and the administrator roles have no directory.
"""

import datetime
from dataclasses import dataclass, fields
from types import SimpleNamespace

from django.db.models import CharField, Count, F, Prefetch, Q, Value
from django.utils.translation import gettext_lazy as _

from lvzhi.core import permissions
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import NotFound
from lvzhi.core.scope import committee_ids, committee_model, committee_named
from lvzhi.directory.choices import ChangeField, ChangeState
from lvzhi.directory.models import Profile, ProfileChangeRequest
from lvzhi.duties.models import DutyEvent
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Member, Membership, Party, Sector, SpecialCommittee, Studio

PAGE_SIZE = 30

# The public duty highlights: (key, label, the ledger kinds counted), this term.
HIGHLIGHTS = (
    ("proposals", _("提案"), Q(kind__in=["proposals.first", "proposals.co"])),
    ("opinions", _("社情民意"), Q(kind="opinions.submitted")),
    ("activities", _("参加活动"), Q(kind__startswith="activities.attended.")),
    ("speeches", _("发言"), Q(kind="activities.spoke")),
)


def directory_committee_ids(user) -> frozenset[int]:
    """The committees whose members this user may browse."""
    if not permissions.is_authenticated(user):
        return frozenset()
    cached = getattr(user, "_lvzhi_directory_ids", None)
    if cached is not None:
        return cached
    ids = set()
    if user.has_role("staff") or user.has_role("leader"):
        ids |= committee_ids(user)
    covered = user.scope_descendants and (user.has_role("staff") or user.has_role("leader"))
    if permissions.is_member_user(user) and user.committee_id and not covered:  # else the same set as above
        ids |= set(committee_model().objects.descendants_of(user.committee_id).values_list("id", flat=True))
    user._lvzhi_directory_ids = frozenset(ids)
    return user._lvzhi_directory_ids


def can_browse(user) -> bool:
    if permissions.is_authenticated(user) and permissions.is_member_user(user) and user.committee_id:
        return True  # their own committee at least (the side menu asks on every page: no query)
    return bool(directory_committee_ids(user))


def current_seats(ids):
    """Active memberships of the current term in these committees."""
    return Membership.objects.filter(committee_id__in=ids, status=MembershipStatus.ACTIVE, term__end_date__isnull=True)


@dataclass
class DirectoryFilter:
    q: str = ""  # name, full pinyin or pinyin initials
    committee: str = ""  # id or GB/T 2260 code (a county)
    sector: str = ""  # sector id
    party: str = ""  # party id
    special_committee: str = ""  # special committee id
    studio: str = ""  # studio id

    @classmethod
    def from_params(cls, params) -> "DirectoryFilter":
        return cls(**{f.name: clean_param(params.get(f.name)) for f in fields(cls)})

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def clean_param(value) -> str:
    """A query parameter as short plain text (no NUL, which PostgreSQL cannot compare)."""
    return str(value or "").replace("\x00", "").strip()[:100]


def filter_members(user, flt: DirectoryFilter, base_ids=None):
    """The members the user may browse, narrowed by the filter, by pinyin."""
    ids = directory_committee_ids(user)
    if base_ids is not None:
        ids = ids & frozenset(base_ids)
    seats = current_seats(ids)
    if flt.committee:
        committee = committee_named(flt.committee, ids)
        if committee is None:
            return Member.objects.none()
        seats = seats.filter(committee_id=committee.pk)
    for name, lookup in (("sector", "sector_id"), ("party", "party_id"), ("special_committee", "special_committees")):
        value = getattr(flt, name)
        if value:
            pk = as_id(value)
            if pk is None:
                return Member.objects.none()
            seats = seats.filter(**{lookup: pk})
    members = Member.objects.filter(pk__in=seats.values("member_id"))
    if flt.studio:
        pk = as_id(flt.studio)
        if pk is None:
            return Member.objects.none()
        members = members.filter(pk__in=Studio.objects.filter(pk=pk, committee_id__in=ids).values("members"))
    if flt.q:
        text = flt.q.lower()
        members = members.filter(
            Q(name__icontains=flt.q) | Q(name_initials__istartswith=text) | Q(name_pinyin__istartswith=text)
        )
    return members.order_by("name_pinyin", "pk")


def with_cards(members, ids):
    """Prefetch what a card shows: seats in scope, studios in scope, the profile and its photo."""
    seats = (
        current_seats(ids)
        .select_related("committee", "term", "sector", "party")
        .prefetch_related("special_committees")
        .order_by("committee__path", "pk")
    )
    return members.select_related("directory_profile").prefetch_related(
        Prefetch("memberships", queryset=seats, to_attr="scope_seats"),
        Prefetch("studios", queryset=Studio.objects.filter(committee_id__in=ids), to_attr="scope_studios"),
    )


def highlights_for(members) -> dict[int, dict[str, int]]:
    """{member_id: {key: count}} from the duty ledger, each member counted since the start of the term
    of the seat their card shows, in one query."""
    windows: dict[datetime.date, list[int]] = {}
    for m in members:
        seat = m.scope_seats[0] if getattr(m, "scope_seats", None) else None
        if seat is not None:
            windows.setdefault(seat.term.start_date, []).append(m.pk)
    result = {m.pk: {key: 0 for key, _label, _q in HIGHLIGHTS} for m in members}
    if not windows:
        return result
    window = Q(pk__in=[])
    for start, member_ids in windows.items():
        window |= Q(member_id__in=member_ids, date__gte=start)
    rows = (
        DutyEvent.objects.filter(window)
        .values("member_id")
        .annotate(**{key: Count("pk", filter=q) for key, _label, q in HIGHLIGHTS})
    )
    for row in rows:
        result[row["member_id"]] = {key: row[key] for key, _label, _q in HIGHLIGHTS}
    return result


@dataclass
class Card:
    """One member as the directory shows them: public data and only what they share."""

    member: Member
    seat: Membership | None
    seats: list
    studios: list
    profile: Profile | None
    highlights: dict

    @property
    def pk(self):
        return self.member.pk

    @property
    def shares(self) -> dict:
        p = self.profile
        return {
            "mobile": bool(p and p.share_mobile),
            "email": bool(p and p.share_email),
            "workplace": bool(p and p.share_workplace),
        }

    @property
    def contacts(self) -> dict:
        """Only the shared contact fields; the mobile is decrypted only when shared."""
        shares, m, out = self.shares, self.member, {}
        if shares["mobile"] and m.mobile_encrypted:
            out["mobile"] = m.mobile
        if shares["email"] and m.email:
            out["email"] = m.email
        if shares["workplace"] and m.workplace:
            out["workplace"] = m.workplace
        return out

    @property
    def has_photo(self) -> bool:
        return bool(self.profile and self.profile.photo_id)

    @property
    def bio(self) -> str:
        return self.profile.bio if self.profile else ""

    @property
    def highlight_items(self) -> list:
        return [(label, self.highlights.get(key, 0)) for key, label, _q in HIGHLIGHTS]

    @property
    def special_committees(self) -> list:
        return list(self.seat.special_committees.all()) if self.seat else []


def cards(members, ids) -> list[Card]:
    members = list(members)
    counts = highlights_for(members)
    out = []
    for m in members:
        seats = getattr(m, "scope_seats", [])
        out.append(
            Card(
                member=m,
                seat=seats[0] if seats else None,
                seats=seats,
                studios=getattr(m, "scope_studios", []),
                profile=getattr(m, "directory_profile", None),
                highlights=counts.get(m.pk, {}),
            )
        )
    return out


def card_for(user, pk) -> Card:
    """One member the user may browse (404 otherwise)."""
    ids = directory_committee_ids(user)
    pk = as_id(pk)
    if pk is None or not ids:
        raise NotFound()
    member = with_cards(Member.objects.filter(pk=pk, pk__in=current_seats(ids).values("member_id")), ids).first()
    if member is None:
        raise NotFound()
    return cards([member], ids)[0]


def filter_options(ids) -> dict:
    """The choices of the filter bar, for the committees browsed."""
    committees = list(committee_model().objects.filter(id__in=ids).order_by("path"))
    several = len(committees) > 1
    names = {c.pk: c.short_name for c in committees}

    def label(obj):
        return f"{obj.name}（{names.get(obj.committee_id, '')}）" if several else obj.name

    # the four lists in one statement, each in its model's order (the committee's path, then the
    # list's sort and id; a studio's name)
    lists = {"sectors": Sector, "parties": Party, "special_committees": SpecialCommittee, "studios": Studio}
    parts = [
        model.objects.filter(committee_id__in=ids, is_active=True)
        .order_by()
        .annotate(
            group=Value(name),
            o1=F("committee__path"),
            o2=Value(0) if model is Studio else F("sort"),
            o3=F("name") if model is Studio else Value("", output_field=CharField()),
        )
        .values_list("group", "pk", "name", "committee_id", "o1", "o2", "o3")
        for name, model in lists.items()
    ]
    found: dict[str, list] = {name: [] for name in lists}
    for group, pk, name, committee_id, *_order in (
        parts[0].union(*parts[1:], all=True).order_by("group", "o1", "o2", "o3", "pk")
    ):
        found[group].append((pk, label(SimpleNamespace(name=name, committee_id=committee_id))))
    return {"committees": [(c.pk, c.short_name) for c in committees] if several else [], **found}


# --- A member's own profile and the change requests ---------------------------------------------


def home_seat(user) -> Membership | None:
    """The seat a member's official data belongs to: their active current-term seat in their own
    committee (else any active current seat)."""
    if not permissions.is_member_user(user):
        return None
    seats = Membership.objects.filter(
        member_id=user.member_id, status=MembershipStatus.ACTIVE, term__end_date__isnull=True
    ).select_related("committee", "sector", "term", "member")
    return seats.filter(committee_id=user.committee_id).first() or seats.order_by("committee__path").first()


def own_profile(user) -> Profile | None:
    """The member's saved profile, or None before their first edit (a read never writes)."""
    if not permissions.is_member_user(user):
        return None
    return Profile.objects.filter(member_id=user.member_id).select_related("photo").first()


def filter_requests(user, *, state="", committee="", q=""):
    qs = ProfileChangeRequest.objects.visible_to(user)
    if state:
        qs = qs.filter(state=state) if state in ChangeState.values else qs.none()
    if committee:
        chosen = committee_named(committee, committee_ids(user))
        qs = qs.filter(committee=chosen) if chosen is not None else qs.none()
    if q:
        qs = qs.filter(Q(member__name__icontains=q) | Q(member__name_initials__istartswith=q.lower()))
    return qs.select_related("member", "committee", "requested_by", "decided_by").order_by("-created_at", "-id")


def change_rows(change) -> list[dict]:
    """The requested changes as rows: field, label, before, after (sector ids shown by name)."""
    from_names = {}
    sector_ids = [v for k, v in (*change.changes.items(), *change.before.items()) if k == "sector" and v]
    if sector_ids:
        from_names = dict(Sector.objects.filter(pk__in=sector_ids).values_list("pk", "name"))
    labels = dict(ChangeField.choices)
    rows = []
    for key, value in change.changes.items():
        old = change.before.get(key)
        if key == "sector":
            old, value = from_names.get(old, "—") if old else "—", from_names.get(value, "—")
        rows.append({"field": key, "label": str(labels.get(key, key)), "before": old or "—", "after": value or "—"})
    return rows
