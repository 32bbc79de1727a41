"""Demo duty records: nothing typed in. The other modules' demo loaders write their records with
bulk_create (no service, so no upkeep); this loader runs last, rebuilds the ledger from them, and
opens and publishes the 2024 assessment of every committee, so every demo member has a score and
a grade derived from the demo records."""

import datetime
from decimal import Decimal

from django.utils import timezone

from lvzhi.duties import ledger, scoring
from lvzhi.duties.choices import ANNUAL_REPORT_KIND, ReportState
from lvzhi.duties.models import AnnualReport, Assessment, ScoringRule, ScoringScheme, Target
from lvzhi.org.models import Committee, Membership

YEAR = 2024  # the year assessed and published (the summaries' year)
FIRST_YEAR = 2022  # the first year of the demo's term


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
    changes = ledger.rebuild()
    published = 0
    at = timezone.make_aware(datetime.datetime(YEAR + 1, 1, 20, 10))
    for committee in Committee.objects.order_by("path"):
        # every year's lines from that year's record (the ranking of any year reads them); the
        # 2024 assessment published with them
        for year in _years():
            if year != YEAR:
                memberships = scoring.roster(committee.pk, year)
                found = scoring.standings(committee.pk, year, memberships=memberships) if memberships else {}
                _lines_from_record(committee, [s.score for s in found.values()], year)
        rows = []
        memberships = scoring.roster(committee.pk, YEAR)
        if not memberships:
            continue
        found = scoring.standings(committee.pk, YEAR, memberships=memberships)
        if _lines_from_record(committee, [s.score for s in found.values()], YEAR):
            found = scoring.standings(committee.pk, YEAR, memberships=memberships)
        for m in memberships:
            s = found[m.member_id]
            rows.append(
                Assessment(
                    committee=committee,
                    member_id=m.member_id,
                    year=YEAR,
                    score=s.score,
                    computed_grade=s.grade,
                    grade=s.grade,
                    targets_missing=[t.name for t in s.missing],
                    below_baseline=s.below_baseline,
                    published_at=at,
                )
            )
        Assessment.objects.bulk_create(rows)
        published += len(rows)
    if stdout is not None:
        stdout.write(f"履职档案：{changes.added} 条履职事件，{published} 名委员的 {YEAR} 年度考核。")
    return {"events": changes.added, "assessments": published}


def _years() -> range:
    """The years of the demo's term: 2022 to the year of the load."""
    return range(FIRST_YEAR, timezone.localdate().year + 1)


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
    """Annual reports for 2024 from most of the standing-committee members (the rest did not submit)."""
    seats = (
        Membership.objects.filter(role__in=["chair", "vice_chair", "secretary_general", "standing"])
        .select_related("member", "committee")
        .order_by("committee__path", "member_id")
    )
    rows = []
    submitted = timezone.make_aware(datetime.datetime(YEAR + 1, 1, 10, 9))
    for i, seat in enumerate(seats):
        if i % 6 == 5:
            continue
        rows.append(
            AnnualReport(
                committee=seat.committee,
                member=seat.member,
                year=YEAR,
                text=f"{YEAR} 年度履职情况述职报告\n\n本人{seat.member.name}，{YEAR} 年认真履行委员职责。",
                state=ReportState.ACCEPTED if i % 3 else ReportState.SUBMITTED,
                submitted_at=submitted,
            )
        )
    AnnualReport.objects.bulk_create(rows, ignore_conflicts=True)
