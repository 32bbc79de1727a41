"""Reads of the duty records: the scheme in force, the baseline targets, and each member's standing
(score, grade, targets done or missing) for a committee and year — in a constant number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q, Subquery, Sum

from lvzhi.core import figure_cache, registry
from lvzhi.duties.choices import ANNUAL_REPORT_KIND, DEFAULT_TARGETS, DEFAULT_THRESHOLDS, REPORTING_ROLES, Grade
from lvzhi.duties.models import DutyEvent, ScoringScheme, Target
from lvzhi.org.models import Membership

ZERO = Decimal("0")


@dataclass(frozen=True)
class Rule:
    kind: str
    label: str
    points: Decimal
    cap: Decimal | None = None


def effective_scheme(committee_id: int, year: int) -> ScoringScheme | None:
    """The scheme in force for the year: the committee's own for that year, else its latest earlier
    one (a new year starts from a copy of the last), else none (the producers' defaults apply)."""
    return (
        ScoringScheme.objects.filter(committee_id=committee_id, is_current=True, year__lte=year)
        .order_by("-year")
        .first()
    )


def scheme_with_rules(committee_id: int, year: int) -> tuple[ScoringScheme | None, list]:
    """`effective_scheme` and its rules, in one statement: the scheme joined to its rules (a LEFT
    JOIN, one row per rule, a scheme without rules one row)."""
    latest = (
        ScoringScheme.objects.filter(committee_id=committee_id, is_current=True, year__lte=year)
        .order_by("-year")
        .values("pk")[:1]
    )
    rows = list(
        ScoringScheme.objects.filter(pk=Subquery(latest))
        .annotate(rule=FilteredRelation("rules"))
        .select_related("rule")
        .order_by("rule__id")
    )
    if not rows:
        return None, []
    # an empty LEFT JOIN leaves no attribute
    return rows[0], [row.rule for row in rows if getattr(row, "rule", None) is not None]


def default_rules() -> dict[str, Rule]:
    return {
        p.kind: Rule(
            p.kind,
            str(p.label),
            Decimal(str(p.default_points)),
            Decimal(str(p.default_cap)) if p.default_cap is not None else None,
        )
        for p in registry.duty_producers()
    }


def rules_of(scheme: ScoringScheme | None, read=None) -> dict[str, Rule]:
    """The scheme's rules over the defaults (a kind the scheme does not name keeps its default).
    `read`: the scheme's rules when the caller has read them (`scheme_with_rules`)."""
    rules = default_rules()
    if scheme is not None:
        for r in scheme.rules.all() if read is None else read:
            label = rules[r.kind].label if r.kind in rules else r.kind
            rules[r.kind] = Rule(r.kind, label, r.points, r.cap)
    return rules


def rules_for(committee_id: int, year: int) -> dict[str, Rule]:
    return rules_of(effective_scheme(committee_id, year))


def thresholds_of(scheme: ScoringScheme | None) -> dict[str, Decimal]:
    if scheme is None:
        return {k: Decimal(v) for k, v in DEFAULT_THRESHOLDS.items()}
    return {"excellent_min": scheme.excellent_min, "competent_min": scheme.competent_min, "basic_min": scheme.basic_min}


def grade_for(score: Decimal, thresholds: dict) -> str:
    if score >= thresholds["excellent_min"]:
        return Grade.EXCELLENT
    if score >= thresholds["competent_min"]:
        return Grade.COMPETENT
    if score >= thresholds["basic_min"]:
        return Grade.BASIC
    return Grade.INCOMPETENT


def capped(total: Decimal, cap: Decimal | None) -> Decimal:
    """A kind's yearly total within its cap (the cap bounds the size of the total, either sign)."""
    if cap is None:
        return total
    return max(min(total, cap), -cap)


# --- baseline targets --------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetSpec:
    id: int | None
    name: str
    kinds: tuple[str, ...]
    required: int


def kind_matches(pattern: str, kind: str) -> bool:
    if pattern.endswith("*"):
        return kind.startswith(pattern[:-1])
    return pattern == kind


def default_targets() -> list[TargetSpec]:
    return [TargetSpec(None, str(name), tuple(kinds), n) for name, kinds, n in DEFAULT_TARGETS]


def targets_for(committee_id: int) -> list[TargetSpec]:
    """The committee's own list once it has edited it, else the default template of eight."""
    rows = list(Target.objects.filter(committee_id=committee_id).order_by("sort", "id"))
    if not rows:
        return default_targets()
    return [TargetSpec(t.pk, t.name, tuple(t.kinds), t.required) for t in rows]


def counted(target: TargetSpec, registered) -> bool:
    """A target is counted when some registered producer yields one of its kinds (a module not yet
    built, e.g. opinion reports before that module registers its producer, does not fail anyone)."""
    return any(kind_matches(p, k) for p in target.kinds for k in registered)


# --- standings ---------------------------------------------------------------------------------


@dataclass
class TargetStatus:
    name: str
    required: int
    done: int
    counted: bool = True

    @property
    def met(self) -> bool:
        return self.done >= self.required


@dataclass
class Standing:
    member_id: int
    score: Decimal = ZERO
    grade: str = Grade.INCOMPETENT
    events: int = 0
    counts: dict = field(default_factory=dict)  # kind → events
    subtotals: dict = field(default_factory=dict)  # kind → points after the cap
    targets: list = field(default_factory=list)
    reports_required: bool = False

    @property
    def missing(self) -> list[TargetStatus]:
        return [t for t in self.targets if t.counted and not t.met]

    @property
    def below_baseline(self) -> bool:
        return bool(self.missing)

    @property
    def grade_label(self) -> str:
        return str(Grade(self.grade).label)

    @property
    def grade_color(self) -> str:
        return Grade(self.grade).color


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def roster(committee_id: int, year: int):
    """The memberships of the committee that were held at some time in the year, one per member
    (the latest), with sector and party."""
    start, end = year_bounds(year)
    rows = (
        Membership.objects.filter(committee_id=committee_id, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .select_related("member", "sector", "party", "term")
        .order_by("member__name_pinyin", "member_id", "-term__number")
    )
    seen, result = set(), []
    for m in rows:
        if m.member_id not in seen:
            seen.add(m.member_id)
            result.append(m)
    return result


def standings(committee_id: int, year: int, member_ids=None, *, memberships=None, events=None) -> dict[int, Standing]:
    """Each member's standing in the committee's record for the year (members given, else the
    roster). Four queries, whatever the number of members and events; three when `events` gives the
    members' events of the year already read — a record's page reads them for its timeline — as
    (member_id, kind, the kind's total for the year as the database sums it), one per event
    (`selectors.counted`)."""
    scheme, read = scheme_with_rules(committee_id, year)
    rules = rules_of(scheme, read)
    thresholds = thresholds_of(scheme)
    targets = targets_for(committee_id)
    registered = {p.kind for p in registry.duty_producers()}
    if memberships is None:
        memberships = roster(committee_id, year) if member_ids is None else None
    if member_ids is None:
        member_ids = [m.member_id for m in memberships]
    member_ids = list(member_ids)
    if memberships is not None:
        reporting = {m.member_id for m in memberships if m.role in REPORTING_ROLES}
    else:
        start, end = year_bounds(year)
        reporting = set(
            Membership.objects.filter(
                committee_id=committee_id, member_id__in=member_ids, role__in=REPORTING_ROLES, started_on__lte=end
            )
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
            .values_list("member_id", flat=True)
        )
    everyone_reports = bool(scheme and scheme.reports_from_all)
    result = {mid: Standing(mid) for mid in member_ids}
    if events is None:
        rows = DutyEvent.objects.filter(committee_id=committee_id, year=year)
        if memberships is None:  # some members: theirs; the roster: the committee's year, whoever it is
            rows = rows.filter(member_id__in=member_ids)
        rows = rows.values_list("member_id", "kind").annotate(n=Count("id"), total=Sum("points")).order_by()
        if memberships is not None:  # the committee's year, kept until the ledger is written
            rows = figure_cache.kept(f"duties.tally|{year}", [committee_id], lambda: list(rows))
    else:
        rows = _tally(events)
    for member_id, kind, n, total in rows:
        s = result.get(member_id)
        if s is None:  # an event of someone not on the roster (no seat that year)
            continue
        rule = rules.get(kind)
        s.counts[kind] = n
        s.events += n
        s.subtotals[kind] = capped(total or ZERO, rule.cap if rule else None)
    # what depends on the target alone, worked out once (not once per member): whether it is counted
    # at all, and which of the kinds on record it takes
    target_counted = [counted(t, registered) for t in targets]
    kinds = {kind for s in result.values() for kind in s.counts}
    takes = [{k for k in kinds if any(kind_matches(p, k) for p in t.kinds)} for t in targets]
    for s in result.values():
        s.score = sum(s.subtotals.values(), ZERO)
        s.grade = grade_for(s.score, thresholds)
        s.reports_required = everyone_reports or s.member_id in reporting
        for t, is_counted, its_kinds in zip(targets, target_counted, takes, strict=True):
            done = sum(n for k, n in s.counts.items() if k in its_kinds)
            applies = is_counted and (ANNUAL_REPORT_KIND not in t.kinds or s.reports_required)
            s.targets.append(TargetStatus(t.name, t.required, done, applies))
    return result


def _tally(events) -> list[tuple]:
    """The rows of `standings`' count per member and kind — (member, kind, events, the kind's total) —
    from events already read."""
    tally: dict[tuple, list] = {}
    for member_id, kind, total in events:
        tally.setdefault((member_id, kind), [member_id, kind, 0, total])[2] += 1
    return [tuple(row) for row in tally.values()]
