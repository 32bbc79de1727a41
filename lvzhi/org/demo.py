"""Demo data for the organisation: 甘肃省政协 → 武威市政协 and 平凉市政协 with their county-level
committees, terms and sessions, reference lists, about 300 members per city committee and 120 per
county committee, units, party branches, studios, and the demo accounts.

Deterministic: every committee draws from its own random generator seeded with its code, so two
loads give the same names, ID numbers and mobiles. Fast: rows are written with bulk_create and the
demo password is hashed once; the same hash is given to every demo account.

Accounts (lvzhi/org/demo_accounts.py, password DEMO_PASSWORD): the named accounts of NAMED_ACCOUNTS,
and one per member, named ``m`` + the code of the member's committee + a three-digit number
(m620600002), who can also log in with their mobile number. The members linked to a named account (武威's chair is
``wuwei_leader``; ``wuwei_member``, ``wuwei_member2``, ``pingliang_member``) use that name instead.
"""

import datetime
import random
from dataclasses import dataclass, field

from lvzhi.core import audit, pii
from lvzhi.org import demo_names as names
from lvzhi.org.choices import BranchKind, Gender, MemberRole, MembershipStatus, StudioLevel
from lvzhi.org.demo_accounts import create_accounts
from lvzhi.org.demo_guests import load_guests
from lvzhi.org.models import (
    Committee,
    Member,
    Membership,
    Party,
    PartyBranch,
    Sector,
    Session,
    SpecialCommittee,
    Studio,
    Term,
    Unit,
)
from lvzhi.org.services import pinyin_of

# The day the demo's "today" is: sessions up to 2026 are held, studios were built before 2025.
STUDIOS_BUILT_BY = datetime.date(2024, 11, 30)
RESIGNED_PER_COMMITTEE = {"city": 3, "county": 1}
CROSS_SEATS_PER_CITY = 4  # city members who also sit in one of the city's county committees


@dataclass(eq=False)
class Seat:
    """One planned member of a committee, before it is written."""

    role: str
    sector: str
    party: str | None
    member: Member | None = None
    specials: list = field(default_factory=list)
    status: str = MembershipStatus.ACTIVE
    county: "Place | None" = None  # a second seat in this county committee
    username: str = ""


@dataclass(eq=False)
class Place:
    """A committee being built, with what its members and studios are drawn from."""

    committee: Committee
    rng: random.Random
    term: Term | None = None
    sectors: dict = field(default_factory=dict)
    parties: dict = field(default_factory=dict)
    specials: list = field(default_factory=list)
    seats: list = field(default_factory=list)
    counties: list = field(default_factory=list)
    jobs: set = field(default_factory=set)

    @property
    def code(self):
        return self.committee.code

    @property
    def is_city(self):
        return self.committee.level == "city"

    @property
    def short(self):
        return self.committee.short_name

    @property
    def towns(self):
        if self.is_city:
            return [f"{c.short}{t}" for c in self.counties for t in names.TOWNS[c.code]]
        return [f"{self.short}{t}" for t in names.TOWNS[self.code]]

    def format(self, template: str) -> str:
        stem = self.short[:-1] if self.short.endswith(("市", "县", "区")) else self.short
        return template.format(
            P=self.short,
            PP=stem,
            S=stem if self.is_city else self.short,
            T=self.rng.choice(self.towns),
            V=self.rng.choice(names.VILLAGES),
        )


def load(*, stdout=None, **kwargs) -> dict:
    """Build the whole demo organisation. Call inside a transaction on an empty database."""
    used_ids: set[str] = set()
    used_mobiles: set[str] = set()
    province = _committee(names.PROVINCE, None)
    _terms(Place(province, random.Random(province.code)), previous=False)
    cities = []
    for row in names.CITIES:
        city = Place(_committee(row, province), random.Random(row[0]))
        city.counties = [
            Place(_committee(c, city.committee), random.Random(c[0])) for c in names.COUNTIES if c[4] == row[0]
        ]
        cities.append(city)
    places = [p for city in cities for p in (city, *city.counties)]
    for place in places:
        _terms(place)
        _reference_lists(place)
        _units(place)
        _branches(place)
    for city in cities:
        _plan_seats(city, names.MEMBERS_PER_CITY)
        for county in city.counties:
            _plan_seats(county, names.MEMBERS_PER_COUNTY)
        _plan_cross_seats(city)
    for place in places:
        _people(place, used_ids, used_mobiles)
    members = Member.objects.bulk_create([s.member for p in places for s in p.seats], batch_size=500)
    memberships = _memberships(places)
    studios = _studios(places)
    users = create_accounts(cities)
    guest_rng = random.Random("guests-620000")

    def identity(birth, male):
        return _id_number(guest_rng, province.code, birth, male, used_ids), _mobile(guest_rng, used_mobiles)

    guests = load_guests(province, cities, identity)
    summary = {
        "committees": Committee.objects.count(),
        "members": len(members),
        "memberships": memberships,
        "units": Unit.objects.count(),
        "studios": studios,
        "accounts": users,
        "guests": guests,
    }
    audit.record("demo.load", object_type="org.committee", note=str(summary))
    if stdout is not None:
        stdout.write(
            "演示组织数据：{committees} 个委员会，{members} 名委员（{memberships} 个任职），{units} 个承办单位，"
            "{studios} 个委员工作室，{accounts} 个账号。".format(**summary)
        )
    return summary


# --- Committees, terms, sessions, lists --------------------------------------------------------------


def _committee(row, parent: Committee | None) -> Committee:
    code, name, short, level, _parent_code, founded, _n, _start = row
    committee = Committee(code=code, name=name, short_name=short, level=level, parent=parent, founded_on=founded)
    committee.path = committee.compute_path()
    committee.sort = int(code)
    committee.save()
    return committee


def _row_of(code):
    return next(r for r in (names.PROVINCE, *names.CITIES, *names.COUNTIES) if r[0] == code)


def _terms(place: Place, *, previous=True) -> None:
    """The current term with one plenary session a year up to 2026, and the term before it."""
    *_, number, start = _row_of(place.code)
    committee = place.committee
    if previous:
        earlier = start.replace(year=start.year - 5)
        Term.objects.create(
            committee=committee, number=number - 1, start_date=earlier, end_date=start - datetime.timedelta(days=1)
        )
    place.term = Term.objects.create(committee=committee, number=number, start_date=start)
    sessions = []
    for n, year in enumerate(range(start.year, 2027), start=1):
        begin = start if n == 1 else datetime.date(year, 1, start.day + (n % 3))
        length = 4 if committee.level != "county" else 3
        sessions.append(
            Session(
                committee=committee,
                term=place.term,
                number=n,
                start_date=begin,
                end_date=begin + datetime.timedelta(days=length - 1),
            )
        )
    Session.objects.bulk_create(sessions)


def _reference_lists(place: Place) -> None:
    committee = place.committee
    sectors = names.CITY_SECTORS if place.is_city else names.COUNTY_SECTORS
    parties = names.CITY_PARTIES if place.is_city else names.COUNTY_PARTIES
    specials = names.CITY_SPECIAL_COMMITTEES if place.is_city else names.COUNTY_SPECIAL_COMMITTEES
    created = Sector.objects.bulk_create(
        [Sector(committee=committee, name=name, sort=i) for i, (name, _w, _p) in enumerate(sectors, start=1)]
    )
    place.sectors = {s.name: s for s in created}
    created = Party.objects.bulk_create(
        [
            Party(committee=committee, name=name, short_name=short, kind=kind, sort=i)
            for i, (name, short, kind) in enumerate(parties, start=1)
        ]
    )
    place.parties = {p.short_name: p for p in created}
    place.specials = SpecialCommittee.objects.bulk_create(
        [SpecialCommittee(committee=committee, name=name, sort=i) for i, name in enumerate(specials, start=1)]
    )


def _units(place: Place) -> None:
    rng = place.rng
    templates = names.CITY_UNITS if place.is_city else names.COUNTY_UNITS
    area = names.PHONE_AREA[place.code if place.is_city else place.committee.parent.code]
    Unit.objects.bulk_create(
        [
            Unit(
                committee=place.committee,
                name=place.format(template),
                kind=kind,
                sort=i,
                contact_name=_name(rng, male=rng.random() < 0.5),
                contact_phone=f"{area}-{rng.randint(2, 8)}{rng.randint(0, 999999):06d}",
            )
            for i, (template, kind) in enumerate(templates, start=1)
        ]
    )


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def _branches(place: Place) -> None:
    """The office's branches and groups with their dates: those in use from the start of the term (or
    the day the plan names), those dissolved or merged earlier, and mergers after 2024 (so W1 and W2
    read 4 and 9 at 武威 as of 2024-12-31, and other numbers on other days)."""
    rng = place.rng
    plan = names.BRANCHES.get(place.code, names.COUNTY_BRANCHES)
    dates = names.BRANCH_DATES.get(place.code, {})
    start = place.term.start_date if place.term else None
    sort = 0
    by_name = {}
    for branch_name, groups in plan:
        sort += 1
        branch = PartyBranch.objects.create(
            committee=place.committee,
            name=branch_name,
            kind=BranchKind.BRANCH,
            sort=sort,
            secretary=_name(rng, male=rng.random() < 0.7),
            established_on=_day(dates.get(branch_name)) or start,
        )
        by_name[branch_name] = branch
        rows = []
        for group_name in groups:
            sort += 1
            rows.append(
                PartyBranch(
                    committee=place.committee,
                    name=group_name,
                    kind=BranchKind.GROUP,
                    parent=branch,
                    sort=sort,
                    secretary=_name(rng, male=rng.random() < 0.6),
                    established_on=_day(dates.get(group_name)) or branch.established_on,
                )
            )
        for row in PartyBranch.objects.bulk_create(rows):
            by_name[row.name] = row
    for name, established, dissolved, merged, groups in names.FORMER_BRANCHES.get(place.code, []):
        sort += 1
        branch = PartyBranch.objects.create(
            committee=place.committee,
            name=name,
            kind=BranchKind.BRANCH,
            sort=sort,
            secretary=_name(rng, male=True),
            established_on=_day(established),
            dissolved_on=_day(dissolved),
            merged_into=by_name.get(merged),
            is_active=False,
        )
        for group_name, group_established, group_dissolved in groups:
            sort += 1
            PartyBranch.objects.create(
                committee=place.committee,
                name=group_name,
                kind=BranchKind.GROUP,
                parent=branch,
                sort=sort,
                secretary=_name(rng, male=False),
                established_on=_day(group_established),
                dissolved_on=_day(group_dissolved),
                is_active=False,
            )
    for name, dissolved, merged in names.LATER_MERGERS.get(place.code, []):
        PartyBranch.objects.filter(pk=by_name[name].pk).update(
            dissolved_on=_day(dissolved), merged_into=by_name[merged], is_active=False
        )


# --- Members ---------------------------------------------------------------------------------------


def _plan_seats(place: Place, count: int) -> None:
    """Roles, sectors and parties of a committee's members: one chair, vice-chairs, one
    secretary-general, about 15% standing members, the rest members."""
    rng = place.rng
    sectors = names.CITY_SECTORS if place.is_city else names.COUNTY_SECTORS
    vice_sectors = (
        ["中共", "中共", "民盟", "民建", "民进", "九三学社", "无党派人士"]
        if place.is_city
        else ["中共", "中共", "民盟", "工商联", "无党派人士"]
    )
    standing = round(count * 0.15)
    roles = (
        [MemberRole.CHAIR]
        + [MemberRole.VICE_CHAIR] * len(vice_sectors)
        + [MemberRole.SECRETARY_GENERAL]
        + [MemberRole.STANDING] * standing
    )
    roles += [MemberRole.MEMBER] * (count - len(roles))
    weights = [w for _n, w, _p in sectors]
    for i, role in enumerate(roles):
        if role == MemberRole.CHAIR or role == MemberRole.SECRETARY_GENERAL:
            sector = "中共"
        elif role == MemberRole.VICE_CHAIR:
            sector = vice_sectors[i - 1]
        else:
            sector = rng.choices([n for n, _w, _p in sectors], weights)[0]
        place.seats.append(Seat(role=role, sector=sector, party=_party_for(place, sector)))
    for seat in place.seats:
        if seat.role in (MemberRole.STANDING, MemberRole.MEMBER) and rng.random() < (0.6 if place.is_city else 0.4):
            seat.specials = [rng.choice(place.specials)]
    plain = [s for s in place.seats if s.role == MemberRole.MEMBER]
    for seat in rng.sample(plain[10:], RESIGNED_PER_COMMITTEE[place.committee.level]):
        seat.status = MembershipStatus.RESIGNED


def _party_for(place: Place, sector: str) -> str | None:
    """The party or organisation a member takes part through: the sector's own where it has one,
    otherwise the member's political affiliation."""
    rng = place.rng
    sectors = names.CITY_SECTORS if place.is_city else names.COUNTY_SECTORS
    own = next(p for n, _w, p in sectors if n == sector)
    if own:
        return own
    if sector in ("宗教界",):
        return "无党派"
    roll = rng.random()
    if roll < 0.45:
        return "中共"
    if roll < 0.58:
        return rng.choice([d for d in names.DEMOCRATIC if d in place.parties])
    return "无党派"


def _plan_cross_seats(city: Place) -> None:
    """A few city members who also sit in one of the city's county committees."""
    plain = [s for s in city.seats if s.role == MemberRole.MEMBER and s.status == MembershipStatus.ACTIVE]
    for i, seat in enumerate(plain[-CROSS_SEATS_PER_CITY:]):
        seat.county = city.counties[i % len(city.counties)]


def _ethnicity(place: Place, sector: str) -> str:
    rng = place.rng
    code = place.code
    if code == "620623":
        mix = [("藏族", 35), ("土族", 5), ("回族", 4), ("汉族", 56)]
    elif code.startswith("6208"):
        mix = [("回族", 10), ("满族", 1), ("汉族", 89)]
    else:
        mix = [("回族", 3), ("藏族", 2), ("蒙古族", 1), ("满族", 1), ("汉族", 93)]
    if sector in ("少数民族界", "宗教界"):
        mix = [(e, w) for e, w in mix if e != "汉族"] + ([("汉族", 10)] if sector == "宗教界" else [])
    return rng.choices([e for e, _w in mix], [w for _e, w in mix])[0]


def _name(rng: random.Random, *, male: bool, ethnicity: str = "汉族") -> str:
    if ethnicity == "藏族" and rng.random() < 0.7:
        first = rng.choice(names.TIBETAN_MALE)
        return first + rng.choice(names.TIBETAN_MALE if male else names.TIBETAN_FEMALE)
    if ethnicity == "回族":
        surname = rng.choice(names.HUI_SURNAMES)
    else:
        surname = rng.choice(names.COMMON_SURNAMES if rng.random() < 0.6 else names.SURNAMES)
    chars = names.MALE_CHARS if male else names.FEMALE_CHARS
    given = rng.choice(chars) if rng.random() < 0.3 else rng.choice(chars) + rng.choice(chars)
    return surname + given


def _id_number(rng, area: str, birth: datetime.date, male: bool, used: set) -> str:
    while True:
        seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
        first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
        value = first17 + pii.id_check_digit(first17)
        if value not in used:
            used.add(value)
            return value


def _mobile(rng, used: set) -> str:
    while True:
        value = rng.choice(names.MOBILE_PREFIXES) + f"{rng.randrange(0, 10**8):08d}"
        if value not in used:
            used.add(value)
            return value


def _job(place: Place, seat: Seat) -> tuple[str, str]:
    rng = place.rng
    if seat.role == MemberRole.CHAIR:
        return place.committee.name, "党组书记、主席"
    if seat.role == MemberRole.SECRETARY_GENERAL:
        return place.committee.name, "党组成员、秘书长"
    if seat.role == MemberRole.VICE_CHAIR:
        if seat.party == "中共":
            return place.committee.name, "党组成员、副主席"
        if seat.party == "无党派":
            return place.committee.name, "副主席"
        if seat.party == "工商联":
            return place.committee.name, f"副主席（{place.short}工商联主席）"
        return place.committee.name, f"副主席（{seat.party}{place.short}委主委）"
    workplace_place = seat.county or place
    for _attempt in range(8):  # a post is held by one member where the draws allow
        template, titles = rng.choice(names.SECTOR_WORKPLACES.get(seat.sector, names.GOV))
        job = workplace_place.format(template)[:200], rng.choice(titles)
        if job not in place.jobs:
            break
    place.jobs.add(job)
    return job


def _people(place: Place, used_ids: set, used_mobiles: set) -> None:
    rng = place.rng
    for n, seat in enumerate(place.seats, start=1):
        female_share = 0.85 if seat.sector == "妇联" else 0.3
        if seat.role in (MemberRole.CHAIR, MemberRole.SECRETARY_GENERAL):
            female_share = 0.1
        male = rng.random() >= female_share
        ethnicity = _ethnicity(place, seat.sector)
        if seat.role in (MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.SECRETARY_GENERAL):
            year = rng.randint(1964, 1974)
        else:
            year = int(rng.triangular(1960, 1997, 1976))
        birth = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        name = _name(rng, male=male, ethnicity=ethnicity)
        id_number = _id_number(rng, place.code, birth, male, used_ids)
        mobile = _mobile(rng, used_mobiles)
        full, initials = pinyin_of(name)
        workplace, title = _job(place, seat)
        seat.member = Member(
            committee=place.committee,
            name=name,
            name_pinyin=full,
            name_initials=initials,
            gender=Gender.MALE if male else Gender.FEMALE,
            ethnicity=ethnicity,
            birth_date=birth,
            id_number_encrypted=pii.encrypt(id_number),
            id_number_hash=pii.keyed_hash(id_number),
            mobile_encrypted=pii.encrypt(mobile),
            mobile_hash=pii.keyed_hash(mobile),
            email=f"{initials}{n:03d}@example.com" if rng.random() < 0.3 else "",
            workplace=workplace,
            title=title,
        )
        seat.username = f"m{place.code}{n:03d}"


def _memberships(places: list[Place]) -> int:
    rows, specials = [], []
    for place in places:
        for seat in place.seats:
            ended = seat.status != MembershipStatus.ACTIVE
            rows.append(
                Membership(
                    committee=place.committee,
                    member=seat.member,
                    term=place.term,
                    role=seat.role,
                    sector=place.sectors[seat.sector],
                    party=place.parties.get(seat.party) if seat.party else None,
                    status=seat.status,
                    started_on=place.term.start_date,
                    ended_on=datetime.date(2024, 6, 20) if ended else None,
                    end_reason="工作调动" if ended else "",
                )
            )
            specials.append(seat.specials)
            if seat.county is not None:
                county = seat.county
                sector = county.sectors.get(seat.sector) or county.sectors["特邀"]
                rows.append(
                    Membership(
                        committee=county.committee,
                        member=seat.member,
                        term=county.term,
                        role=MemberRole.MEMBER,
                        sector=sector,
                        party=county.parties.get(seat.party) if seat.party else None,
                        started_on=county.term.start_date,
                    )
                )
                specials.append([])
    created = Membership.objects.bulk_create(rows, batch_size=500)
    through = Membership.special_committees.through
    through.objects.bulk_create(
        [
            through(membership_id=m.pk, specialcommittee_id=s.pk)
            for m, chosen in zip(created, specials, strict=True)
            for s in chosen
        ],
        batch_size=500,
    )
    return len(created)


# --- Studios ---------------------------------------------------------------------------------------


def _studios(places: list[Place]) -> int:
    rows, crews = [], []
    for place in places:
        count = names.STUDIOS[place.code]
        rng = place.rng
        active = [s for s in place.seats if s.status == MembershipStatus.ACTIVE and s.role != MemberRole.CHAIR]
        pool = rng.sample(active, len(active))
        taken = set()
        for name, sector, level, town in _studio_candidates(place)[:count]:
            lead_seat = next((s for s in pool if s.sector == sector and id(s) not in taken), None)
            lead_seat = lead_seat or next(s for s in pool if id(s) not in taken)
            taken.add(id(lead_seat))
            crew = [lead_seat.member] + [s.member for s in rng.sample(active, rng.randint(3, 8))]
            year = rng.choices([2019, 2020, 2021, 2022, 2023, 2024], [1, 1, 2, 4, 5, 4])[0]
            built = min(datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)), STUDIOS_BUILT_BY)
            address = (
                f"{place.short}{town}便民服务中心"
                if town
                else f"{place.short}{rng.choice(names.ROADS)}{rng.randint(1, 200)}号"
            )
            rows.append(
                Studio(
                    committee=place.committee,
                    name=name,
                    level=level,
                    address=address,
                    sector=place.sectors.get(sector) if sector else None,
                    lead=lead_seat.member,
                    established_on=built,
                )
            )
            crews.append(list(dict.fromkeys(crew)))
    created = Studio.objects.bulk_create(rows, batch_size=500)
    through = Studio.members.through
    through.objects.bulk_create(
        [through(studio_id=s.pk, member_id=m.pk) for s, crew in zip(created, crews, strict=True) for m in crew],
        batch_size=500,
    )
    return len(created)


def _studio_candidates(place: Place) -> list[tuple[str, str | None, str, str | None]]:
    """(name, sector, level, town) in the order they are taken: themed studios first, then sector
    studios and town stations alternately."""
    level = StudioLevel.CITY if place.is_city else StudioLevel.COUNTY
    themed = [
        (f"{place.committee.name}{t}" if place.is_city else t, None, level, None)
        for t in names.STUDIO_THEMES.get(place.code, [])
    ]
    skip = {"中共", "特邀"}
    if place.is_city:
        by_sector = [(f"{place.committee.name}{s}委员工作室", s, StudioLevel.CITY, None) for s in place.sectors]
        by_sector = [c for c in by_sector if c[1] not in skip]
        return themed + by_sector
    by_sector = [(f"{place.short}{s}委员工作室", s, StudioLevel.COUNTY, None) for s in place.sectors if s not in skip]
    by_town = [
        (f"{place.short}{t}委员工作{'站' if t.endswith(('镇', '乡')) else '室'}", None, StudioLevel.TOWN, t)
        for t in names.TOWNS[place.code]
    ]
    mixed = [c for pair in zip(by_sector, by_town, strict=False) for c in pair]
    longer = by_sector if len(by_sector) > len(by_town) else by_town
    mixed += longer[min(len(by_sector), len(by_town)) :]
    seen, result = set(), []
    for candidate in themed + mixed:
        if candidate[0] not in seen:
            seen.add(candidate[0])
            result.append(candidate)
    return result
