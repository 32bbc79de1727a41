"""Demo duty records: nothing typed in. The other modules' demo loaders write their records with
bulk_create (no service, so no upkeep); this loader runs last, rebuilds the ledger from them, and
opens and publishes each committee's assessment of every finished year from 2024 on — 2024's on
2025-01-20 and, on a load after 2026-01-20, 2025's on 2026-01-20 (the year under way stays open,
unpublished) — so every demo member has a score and a grade derived from the demo records. The
standing-committee members' annual reports (述职报告) of those years come in early in January.

A committee assesses only the years whose duty work it keeps on the platform: in the demo the
province (甘肃省政协) holds only the provincial members who live in the cities (驻地委员), whose work is
recorded at the city committees they join (org.Affiliation), and none of its own meetings and
activities. Grading them on an empty record would give every one of them 不称职; a real province
would not assess them from a platform that does not hold its work, so the demo leaves its years
unassessed (no Assessment rows, no lines drawn), and the city committees' assessments are those of
their own members."""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from lvzhi.duties import ledger, scoring
from lvzhi.duties.choices import ANNUAL_REPORT_KIND, ReportState
from lvzhi.duties.models import AnnualReport, Assessment, DutyEvent, ScoringRule, ScoringScheme, Target
from lvzhi.org.models import Committee, Membership

YEAR = 2024  # the first year assessed and published (the summaries' year)
FIRST_YEAR = 2022  # the first year of the demo's term
PUBLISHED_ON = (1, 20)  # a year's assessment is published on 20 January of the next year
REPORTED_ON = (1, 10)  # and the annual reports are in by the 10th


# The demo records are a sample of a committee's year (平凉's sign-in sheets of its own meetings begin
# in 2025, for one), and the points they give differ from committee to committee, so each demo
# committee draws its 2024 lines from its own record, as an office does when it first grades a year
# on the platform: about a quarter 优秀, most 称职, a few 基本称职 and about one in a hundred 不称职
# (the shares below; members with equal scores share a grade). A real committee keeps the defaults
# (90/70/60 and the eight targets) or sets its own.
DEMO_THRESHOLDS = {"excellent_min": 25, "competent_min": 12, "basic_min": 5}  # until the record is in
DEMO_SHARES = {"excellent_min": 0.75, "competent_min": 0.06, "basic_min": 0.01}  # share of members below
# The baseline: some part in the committee's work during the year (a meeting or activity attended,
# a proposal or report submitted, a supervision or service duty), and the annual report where due.
DEMO_TARGETS = [
    (
        "全年出席会议活动、提交提案或社情民意信息、参与监督服务等履职事项至少 1 次",
        [
            "activities.attended.*",
            "activities.organised_studio",
            "proposals.first",
            "proposals.co",
            "opinions.submitted",
            "supervision.*",
        ],
        1,
    ),
    ("提交年度述职报告", [ANNUAL_REPORT_KIND], 1),
]


def load(*, stdout=None, **kwargs) -> dict:
    _reports()
    _policies()
    if connection.vendor == "postgresql":
        # The demo's tables were just filled, in the loading transaction (no autovacuum can see them):
        # without their statistics PostgreSQL plans the rebuild's statements for empty tables, nested
        # loops over the demo's attendance that took minutes. Rolled back with the transaction if it is.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    changes = ledger.rebuild()
    published = dict.fromkeys(published_years(), 0)
    recorded = set(DutyEvent.objects.values_list("committee_id", "year").distinct().order_by())
    for committee in Committee.objects.order_by("path"):
        # every year's lines from that year's record (the ranking of any year reads them); the
        # finished years' assessments published with them
        for year in _years():
            if (committee.pk, year) not in recorded:
                continue  # no duty work of its own on the platform that year: not assessed
            memberships = scoring.roster(committee.pk, year)
            if not memberships:
                continue
            found = scoring.standings(committee.pk, year, memberships=memberships)
            if _lines_from_record(committee, [s.score for s in found.values()], year) and year in published:
                found = scoring.standings(committee.pk, year, memberships=memberships)
            if year in published:
                published[year] += _publish(committee, year, memberships, found)
    if stdout is not None:
        done = "、".join(f"{year} 年度 {n} 人" for year, n in published.items())
        stdout.write(f"履职档案：{changes.added} 条履职事件，已公布考核：{done}。")
    return {"events": changes.added, "assessments": sum(published.values()), "published": published}


def _publish(committee, year, memberships, found) -> int:
    """The committee's assessment of the year, opened and published (as `open_assessments` and
    `publish_assessments` write it) on PUBLISHED_ON of the next year."""
    at = timezone.make_aware(datetime.datetime(year + 1, *PUBLISHED_ON, 10))
    rows = []
    for m in memberships:
        s = found[m.member_id]
        rows.append(
            Assessment(
                committee=committee,
                member_id=m.member_id,
                year=year,
                score=s.score,
                computed_grade=s.grade,
                grade=s.grade,
                targets_missing=[t.name for t in s.missing],
                below_baseline=s.below_baseline,
                published_at=at,
            )
        )
    Assessment.objects.bulk_create(rows)
    return len(rows)


def _years() -> range:
    """The years of the demo's term: 2022 to the year of the load."""
    return range(FIRST_YEAR, timezone.localdate().year + 1)


def published_years() -> list[int]:
    """The years assessed and published by the day of the load: 2024, and each later year once its
    publication day (20 January of the next year) has passed."""
    today = timezone.localdate()
    return [YEAR] + [y for y in range(YEAR + 1, today.year) if today > datetime.date(y + 1, *PUBLISHED_ON)]


def reported_years() -> list[int]:
    """The years whose annual reports are in by the day of the load (2024, and those after it)."""
    today = timezone.localdate()
    return [YEAR] + [y for y in range(YEAR + 1, today.year) if today > datetime.date(y + 1, *REPORTED_ON)]


def _lines_from_record(committee, scores, year) -> bool:
    """Set the committee's lines of the year at the scores below which DEMO_SHARES of its members fall."""
    if not scores:
        return False
    ranked = sorted(scores)
    lines, floor = {}, None
    for key in ("basic_min", "competent_min", "excellent_min"):
        value = ranked[min(int(len(ranked) * DEMO_SHARES[key]), len(ranked) - 1)]
        # many members on the same score at the line would all be above it (a county where most
        # members only attended): the line goes to the next score up when the tie carries it 10
        # points past the share
        at_or_above = sum(1 for s in ranked if s >= value) / len(ranked)
        higher = [s for s in ranked if s > value]
        if at_or_above > 1 - DEMO_SHARES[key] + 0.10 and higher:
            value = higher[0]
        value = max(Decimal(value), Decimal(1) if floor is None else floor + 1)
        lines[key] = floor = value
    return bool(ScoringScheme.objects.filter(committee=committee, year=year, version=1).update(**lines))


def _policies():
    """Each committee's scheme of every year of the term (version 1, the default points, the demo
    thresholds until the year's record sets its lines) and its targets."""
    rules = scoring.default_rules()
    for committee in Committee.objects.order_by("path"):
        for year in _years():
            scheme = ScoringScheme.objects.create(
                committee=committee,
                year=year,
                version=1,
                note=f"演示：按本委员会 {year} 年履职记录设定分数线",
                **DEMO_THRESHOLDS,
            )
            created = timezone.make_aware(datetime.datetime(year, 1, 5, 9))
            ScoringScheme.objects.filter(pk=scheme.pk).update(created_at=created)
            ScoringRule.objects.bulk_create(
                [ScoringRule(scheme=scheme, kind=r.kind, points=r.points, cap=r.cap) for r in rules.values()]
            )
        Target.objects.bulk_create(
            [
                Target(committee=committee, name=name, kinds=kinds, required=n, sort=i)
                for i, (name, kinds, n) in enumerate(DEMO_TARGETS, start=1)
            ]
        )


def _reports():
    """Annual reports of each finished year from 2024 on (`reported_years`) from most of the
    standing-committee members who held their seat that year (the rest did not submit; another few
    each year), in by 10 January of the next year."""
    rows = []
    for year in reported_years():
        seats = (
            Membership.objects.filter(role__in=["chair", "vice_chair", "secretary_general", "standing"])
            .filter(started_on__lte=datetime.date(year, 12, 31))
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=datetime.date(year, 1, 1)))
            .select_related("member", "committee")
            .order_by("committee__path", "member_id")
        )
        submitted = timezone.make_aware(datetime.datetime(year + 1, *REPORTED_ON, 9))
        shift = year - YEAR
        for i, seat in enumerate(seats):
            if (i + shift) % 6 == 5:
                continue
            rows.append(
                AnnualReport(
                    committee=seat.committee,
                    member=seat.member,
                    year=year,
                    text=f"{year} 年度履职情况述职报告\n\n本人{seat.member.name}，{year} 年认真履行委员职责。",
                    state=ReportState.ACCEPTED if (i + shift) % 3 else ReportState.SUBMITTED,
                    submitted_at=submitted,
                )
            )
    AnnualReport.objects.bulk_create(rows, ignore_conflicts=True)
