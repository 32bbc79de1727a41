"""Who a notice, a study material or a deliberation topic is addressed to — one shape for every module.

A record that has an audience subclasses `Audience` (an abstract model): a committee and optionally its
lower committees; then everyone there, or the members of some sectors, special committees, parties,
studios or member roles, or a hand-picked list of members (and, where the module allows, units).

    class Notice(Audience):
        ...

    addressed_to(Notice.objects.all(), user)        # what a member or unit user sees (no duplicates)
    Notice.objects.filter(addressed_to_q(user))     # the same condition as a Q, for a subquery or exists()
    audience_members(notice)                        # the members it reaches (for read receipts)
    audience_reach(materials)                       # the same for many records, in a fixed number of queries

`addressed_to_q` crosses the many-to-many lists (members, sectors, …) with joins, so a plain
`.filter(addressed_to_q(user))` can yield a record once per list entry it joins; use it inside
`pk__in=<…>.values("pk")`, with `.exists()`, or through `addressed_to`, which does exactly that.

Members are matched on their current membership (active, term not ended) in the committee where the
record is addressed; "lower committees" includes every committee below the record's committee.
"""

import contextvars
from collections import defaultdict
from contextlib import contextmanager

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Committee, Member, Membership, Party, Sector, SpecialCommittee, Studio, Unit


class AudienceKind(models.TextChoices):
    ALL = "all", _("全体委员")
    SECTORS = "sectors", _("按界别")
    SPECIAL_COMMITTEES = "special_committees", _("按专门委员会")
    PARTIES = "parties", _("按参加单位")
    STUDIOS = "studios", _("按委员工作室")
    ROLES = "roles", _("按职务")
    MEMBERS = "members", _("指定委员")


class Audience(models.Model):
    """Abstract: the audience fields of an addressed record. `committee` is the record's own committee."""

    committee = models.ForeignKey(Committee, verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    include_lower = models.BooleanField(_("含下级委员会"), default=False)
    audience = models.CharField(_("范围"), max_length=24, choices=AudienceKind.choices, default=AudienceKind.ALL)
    sectors = models.ManyToManyField(Sector, verbose_name=_("界别"), blank=True, related_name="+")
    special_committees = models.ManyToManyField(
        SpecialCommittee, verbose_name=_("专门委员会"), blank=True, related_name="+"
    )
    parties = models.ManyToManyField(Party, verbose_name=_("参加单位"), blank=True, related_name="+")
    studios = models.ManyToManyField(Studio, verbose_name=_("委员工作室"), blank=True, related_name="+")
    # member roles as ",chair,standing," (a plain column both databases can search)
    roles = models.CharField(_("职务"), max_length=200, blank=True, default="")
    members = models.ManyToManyField(Member, verbose_name=_("指定委员"), blank=True, related_name="+")
    units = models.ManyToManyField(Unit, verbose_name=_("承办单位"), blank=True, related_name="+")

    class Meta:
        abstract = True

    @property
    def role_list(self) -> list[str]:
        return [r for r in (self.roles or "").split(",") if r]

    @staticmethod
    def roles_value(roles) -> str:
        return f",{','.join(sorted(set(roles)))}," if roles else ""

    def audience_label(self) -> str:
        where = self.committee.short_name + (str(_("及下级")) if self.include_lower else "")
        return f"{where} · {self.get_audience_display()}"


def current_memberships():
    today = timezone.localdate()
    return Membership.objects.filter(status=MembershipStatus.ACTIVE, term__start_date__lte=today).filter(
        Q(term__end_date__isnull=True) | Q(term__end_date__gte=today)
    )


def addressed_to_q(user, prefix: str = "") -> Q:
    """A filter for records of an `Audience` model (or, with `prefix`, of a model that points at one)
    that reach this user: a member through their current memberships, a unit user through their unit.
    Nothing for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    result = Q(pk__in=[])
    if user.member_id:
        for seat, special, studios in _seats(user.member_id):
            result |= _seat_q(seat, prefix, special, studios)
    if user.unit_id:
        result |= Q(**{f"{prefix}units": user.unit_id})
    return result


def addressed_to(queryset, user):
    """The records of `queryset` (of an `Audience` model) that reach this user, each once."""
    return queryset.filter(pk__in=queryset.model._base_manager.filter(addressed_to_q(user)).values("pk"))


_remembered: contextvars.ContextVar[dict | None] = contextvars.ContextVar("audience_seats", default=None)


@contextmanager
def remembered_seats():
    """Within this block a member's current seats are read once, however many modules' visibility
    asks for them (the search builds every module's visibility for one user at once)."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def _seats(member_id) -> list:
    """A member's current memberships with the special committees and studios of each."""
    memo = _remembered.get()
    if memo is not None and member_id in memo:
        return memo[member_id]
    today = timezone.localdate()
    found = [
        m
        for m in member_memberships(member_id)
        if m.status == MembershipStatus.ACTIVE
        and m.term.start_date <= today
        and (m.term.end_date is None or m.term.end_date >= today)
    ]  # what current_memberships() selects
    special: dict[int, list] = defaultdict(list)
    studios = []
    # every seat's special committees and the member's studios in one statement (when there are any:
    # the memberships' read says)
    if any(seat.has_special_committees for seat in found) or (found and found[0].member_has_studios):
        through = Membership.special_committees.through.objects.filter(membership_id__in=[s.pk for s in found])
        own_studios = Studio.members.through.objects.filter(member_id=member_id)
        rows = (
            through.annotate(seat=F("membership_id"), other=F("specialcommittee_id"))
            .values_list("seat", "other")
            .union(own_studios.annotate(seat=Value(0), other=F("studio_id")).values_list("seat", "other"), all=True)
        )
        for membership_id, other_id in rows:
            if membership_id:
                special[membership_id].append(other_id)
            else:
                studios.append(other_id)
    seats = [(seat, special[seat.pk], studios) for seat in found]
    if memo is not None:
        memo[member_id] = seats
    return seats


def seats_if_remembered(member_id) -> list | None:
    """The member's current memberships (with their committees) when read once for this request
    (inside `remembered_seats`), else None: the caller then asks the database itself."""
    if _remembered.get() is None:
        return None
    return [seat for seat, _special, _studios in _seats(member_id)]


def member_memberships(member_id) -> list:
    """Every membership of a member, newest term first, with its committee, term, sector and party;
    read once within `remembered_seats` (the home page shows them, the seats are the current ones)."""
    memo = _remembered.get()
    key = ("all", member_id)
    if memo is not None and key in memo:
        return memo[key]
    rows = list(
        Membership.objects.filter(member_id=member_id)
        .select_related("committee", "term", "sector", "party")
        .annotate(  # whether `_seats` has special committees or studios to read
            has_special_committees=Exists(
                Membership.special_committees.through.objects.filter(membership_id=OuterRef("pk"))
            ),
            member_has_studios=Exists(Studio.members.through.objects.filter(member_id=OuterRef("member_id"))),
        )
        .order_by("-term__start_date", "committee__path")
    )
    if memo is not None:
        memo[key] = rows
    return rows


def _seat_q(seat, prefix: str, special: list, studios: list) -> Q:
    path = seat.committee.path
    ancestors = [path[:i] for i in range(len(path), 1, -1) if path[i - 1] == "/"]  # itself and above
    where = Q(**{f"{prefix}committee_id": seat.committee_id}) | Q(
        **{f"{prefix}include_lower": True, f"{prefix}committee__path__in": ancestors}
    )
    who = Q(**{f"{prefix}audience": AudienceKind.ALL}) | Q(
        **{f"{prefix}audience": AudienceKind.MEMBERS, f"{prefix}members": seat.member_id}
    )
    who |= Q(**{f"{prefix}audience": AudienceKind.ROLES, f"{prefix}roles__contains": f",{seat.role},"})
    if seat.sector_id:
        who |= Q(**{f"{prefix}audience": AudienceKind.SECTORS, f"{prefix}sectors": seat.sector_id})
    if seat.party_id:
        who |= Q(**{f"{prefix}audience": AudienceKind.PARTIES, f"{prefix}parties": seat.party_id})
    if special:
        who |= Q(**{f"{prefix}audience": AudienceKind.SPECIAL_COMMITTEES, f"{prefix}special_committees__in": special})
    if studios:
        who |= Q(**{f"{prefix}audience": AudienceKind.STUDIOS, f"{prefix}studios__in": studios})
    return where & who


def audience_members(record):
    """The members a record reaches (distinct), through their current memberships."""
    committees = (
        Committee.objects.filter(path__startswith=record.committee.path)
        if record.include_lower
        else Committee.objects.filter(pk=record.committee_id)
    )
    seats = current_memberships().filter(committee__in=committees)
    kind = record.audience
    if kind == AudienceKind.SECTORS:
        seats = seats.filter(sector__in=record.sectors.all())
    elif kind == AudienceKind.SPECIAL_COMMITTEES:
        seats = seats.filter(special_committees__in=record.special_committees.all())
    elif kind == AudienceKind.PARTIES:
        seats = seats.filter(party__in=record.parties.all())
    elif kind == AudienceKind.STUDIOS:
        seats = seats.filter(member__studios__in=record.studios.all())
    elif kind == AudienceKind.ROLES:
        seats = seats.filter(role__in=record.role_list)
    elif kind == AudienceKind.MEMBERS:
        seats = seats.filter(member__in=record.members.all())
    return Member.objects.filter(Exists(seats.filter(member=OuterRef("pk"))))


# the audience kinds chosen from a list of the record's, and what a seat must match in that list
_LISTED = {
    AudienceKind.SECTORS: "sectors",
    AudienceKind.SPECIAL_COMMITTEES: "special_committees",
    AudienceKind.PARTIES: "parties",
    AudienceKind.STUDIOS: "studios",
    AudienceKind.MEMBERS: "members",
}


def _lists(model, records, kinds) -> dict:
    """{kind: {record id: {listed id}}} for the list kinds some of `records` use: a query each."""
    chosen = {}
    for kind in kinds & set(_LISTED):
        field = model._meta.get_field(_LISTED[kind])
        through = field.remote_field.through
        pairs = through.objects.filter(
            **{f"{field.m2m_field_name()}_id__in": [r.pk for r in records if r.audience == kind]}
        ).values_list(f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id")
        listed = defaultdict(set)
        for record_id, item_id in pairs:
            listed[record_id].add(item_id)
        chosen[kind] = listed
    return chosen


def audience_reach(records) -> dict[int, set[int]]:
    """{record id: the ids of the members it reaches} for records of one `Audience` model — what
    `audience_members` gives for each, in a number of queries that does not grow with the records
    (the committees, the seats in their scope, the lists the records use, the seats' special
    committees and the members' studios when records are addressed by them)."""
    records = list(records)
    if not records:
        return {}
    model = type(records[0])
    paths = dict(Committee.objects.filter(pk__in={r.committee_id for r in records}).values_list("pk", "path"))
    where = Q(committee_id__in=list(paths))
    for path in {paths[r.committee_id] for r in records if r.include_lower}:
        where |= Q(committee__path__startswith=path)
    seats = list(
        current_memberships()
        .filter(where)
        .values_list("pk", "member_id", "committee_id", "committee__path", "sector_id", "party_id", "role")
    )
    by_committee = defaultdict(list)
    for seat in seats:
        by_committee[(seat[2], seat[3])].append(seat)
    kinds = {r.audience for r in records}
    chosen = _lists(model, records, kinds)
    special = defaultdict(set)  # seat id -> its special committees
    if AudienceKind.SPECIAL_COMMITTEES in kinds:
        through = Membership.special_committees.through
        for seat_id, item_id in through.objects.filter(membership_id__in=[s[0] for s in seats]).values_list(
            "membership_id", "specialcommittee_id"
        ):
            special[seat_id].add(item_id)
    studios = defaultdict(set)  # member id -> their studios
    if AudienceKind.STUDIOS in kinds:
        through = Studio.members.through
        for member_id, studio_id in through.objects.filter(member_id__in={s[1] for s in seats}).values_list(
            "member_id", "studio_id"
        ):
            studios[member_id].add(studio_id)
    reach = {}
    for record in records:
        path = paths[record.committee_id]
        listed = chosen.get(record.audience, {}).get(record.pk, set())
        roles = set(record.role_list)
        found = set()
        for (committee_id, seat_path), group in by_committee.items():
            if committee_id != record.committee_id and not (record.include_lower and seat_path.startswith(path)):
                continue
            for seat_id, member_id, _c, _p, sector_id, party_id, role in group:
                kind = record.audience
                if (
                    kind == AudienceKind.ALL
                    or (kind == AudienceKind.SECTORS and sector_id in listed)
                    or (kind == AudienceKind.PARTIES and party_id in listed)
                    or (kind == AudienceKind.ROLES and role in roles)
                    or (kind == AudienceKind.MEMBERS and member_id in listed)
                    or (kind == AudienceKind.SPECIAL_COMMITTEES and special[seat_id] & listed)
                    or (kind == AudienceKind.STUDIOS and studios[member_id] & listed)
                ):
                    found.add(member_id)
        reach[record.pk] = found
    return reach
