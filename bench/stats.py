#!/usr/bin/env python
"""Benchmark: the statistics dashboards and every registered figure on a province-sized data set.

    .venv/bin/python bench/stats.py [--committees 20] [--scale 1] [--repeat 3]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL if set, which must
point to a disposable database: it is migrated, the demo is loaded if it is empty, and synthetic rows
are added to it), loads the real demo (`demo --if-empty`), then adds --committees synthetic
county-level committees under the city of `wuwei_staff` (武威, 620600), each with a current term,
units, proposal lists and opinion recipients, and, in bulk (bulk_create), per committee and per unit
of --scale:

- 40 members with their memberships;
- 30 activities of every kind (grassroots ones with people reached, problems solved, matters done),
  mostly finished, some planned, spread over the last two years, each inviting 15 members
  (present / excused / absent, or invited for planned ones), and a few speeches;
- 30 proposals in every state, with a lead (and sometimes a co-) assignment for the handled ones;
- 15 opinion reports in every state, with the member's credit and a sending for the sent ones.

Then, logged in as `wuwei_staff` (the city, scope with descendants) through django.test.Client with
query capture (DEBUG=True and connection.queries), it requests --repeat times: the statistics
overview (/stats/), each module dashboard, the figures catalogue, the big screen, and one records
page per module (its first figure, the city with its lower committees); and computes every
registered figure for the city with scope `tree` (or `self` where a figure has no tree) and period
`term` (or the figure's default period) through `lvzhi.stats.selectors.compute`. It prints a table
(name, median ms, p95 ms, queries), the 15 slowest figures, the rows generated and the peak memory
of the process. Nothing here asserts a time: it prints figures to compare.

The defaults (20 committees × scale 1 ≈ 13,500 synthetic rows) finish in well under a minute.
A province-sized set (100 county committees, 80,000 members, 60,000 activities, 900,000
attendance rows, 60,000 proposals, 30,000 opinion reports):

    .venv/bin/python bench/stats.py --committees 100 --scale 20 --repeat 5
"""

import argparse
import datetime
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from demo_db import demo_database  # noqa: E402 (after the path)

MEMBERS, ACTIVITIES, INVITED, PROPOSALS, REPORTS = 40, 30, 15, 30, 15  # per committee at --scale 1
PROPOSAL_STATES = ["draft", "submitted", "filed", "rejected", "assigned", "assigned", "replied", "replied"]
PROPOSAL_STATES += ["closed"] * 6
REPORT_STATES = ["draft", "submitted", "accepted", "rejected", "published", "sent", "sent", "closed", "closed"]


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(city, committees: int, scale: float, seed: int = 11) -> int:
    """Synthetic county committees under `city` with their records; returns the rows written."""
    from django.utils import timezone

    from lvzhi.activities.choices import ActivityKind
    from lvzhi.activities.models import Activity, Attendance, Speech
    from lvzhi.opinions.models import Credit, OpinionReport, Recipient, Sending
    from lvzhi.org.models import Committee, Member, Membership, Term, Unit
    from lvzhi.proposals.models import Assignment, Proposal, ProposalCategory
    from lvzhi.proposals.services.rules import policy_for

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    kinds = list(ActivityKind.values)
    n_members = max(INVITED, int(MEMBERS * scale))
    n_activities, n_proposals, n_reports = (max(1, int(n * scale)) for n in (ACTIVITIES, PROPOSALS, REPORTS))
    base = 900000 + Committee.objects.filter(code__startswith="9").count()
    rows = 0
    for c in range(committees):
        committee = Committee(
            code=f"{base + c + 1:06d}",
            name=f"基准{c + 1}县政协",
            short_name=f"基准{c + 1}县",
            level="county",
            parent=city,
            sort=100 + c,
        )
        committee.path = committee.compute_path()
        committee.save()
        term = Term.objects.create(committee=committee, number=1, start_date=today - datetime.timedelta(days=800))
        units = Unit.objects.bulk_create([Unit(committee=committee, name=f"承办单位{i}") for i in range(8)])
        recipients = Recipient.objects.bulk_create(
            [
                Recipient(committee=committee, name="县委", level="party_committee"),
                Recipient(committee=committee, name="县政府", level="government"),
            ]
        )
        policy_for(committee)
        categories = list(ProposalCategory.objects.filter(committee=committee).values_list("id", flat=True))
        rows += 3 + len(units) + len(recipients)

        people = Member.objects.bulk_create(
            [
                Member(committee=committee, name=f"委员{c}-{i}", name_pinyin=f"weiyuan{c:03d}{i:05d}")
                for i in range(n_members)
            ],
            batch_size=2000,
        )
        rows += len(people)
        rows += len(
            Membership.objects.bulk_create(
                [Membership(committee=committee, member=m, term=term, started_on=term.start_date) for m in people],
                batch_size=2000,
            )
        )

        acts = []
        for a in range(n_activities):
            kind = kinds[a % len(kinds)]
            start = now - datetime.timedelta(days=rng.randrange(-30, 700), hours=rng.randrange(8))
            grassroots = kind == "grassroots"
            acts.append(
                Activity(
                    committee=committee,
                    kind=kind,
                    topic=f"{committee.short_name}活动{a}",
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                    state="planned" if start > now else ("cancelled" if a % 29 == 28 else "finished"),
                    people_reached=rng.randrange(20, 300) if grassroots else 0,
                )
            )
        acts = Activity.objects.bulk_create(acts, batch_size=2000)
        rows += len(acts)
        batch = []
        for activity in acts:
            for m in rng.sample(people, INVITED):
                if activity.state == "planned":
                    state = "invited"
                else:
                    r = rng.random()
                    state = "present" if r < 0.8 else ("excused" if r < 0.9 else "absent")
                batch.append(Attendance(committee=committee, activity=activity, member=m, state=state))
            if len(batch) >= 20000:
                rows += len(Attendance.objects.bulk_create(batch, batch_size=2000))
                batch = []
        rows += len(Attendance.objects.bulk_create(batch, batch_size=2000))
        finished = [a for a in acts if a.state == "finished"] or acts
        rows += len(
            Speech.objects.bulk_create(
                [
                    Speech(committee=committee, activity=rng.choice(finished), member=rng.choice(people), title="发言")
                    for _ in range(max(1, n_activities // 3))
                ],
                batch_size=2000,
            )
        )

        proposals, serial = [], 0
        for p in range(n_proposals):
            state = PROPOSAL_STATES[p % len(PROPOSAL_STATES)]
            submitted = now - datetime.timedelta(days=rng.randrange(1, 700))
            proposal = Proposal(
                committee=committee,
                term=term,
                kind="individual",
                proposer=rng.choice(people),
                title=f"关于{committee.short_name}第{p}项工作的建议",
                category_id=rng.choice(categories) if categories else None,
                situation="情况与问题。",
                suggestions="具体建议。",
                state=state,
                is_key=rng.random() < 0.05,
                submitted_at=None if state == "draft" else submitted,
            )
            if state in ("filed", "assigned", "replied", "closed"):
                serial += 1
                proposal.serial = serial
                proposal.number = f"基准第{serial:05d}号"
                proposal.filed_at = submitted + datetime.timedelta(days=7)
            if state in ("assigned", "replied", "closed"):
                proposal.assigned_at = submitted + datetime.timedelta(days=15)
            proposals.append(proposal)
        proposals = Proposal.objects.bulk_create(proposals, batch_size=2000)
        rows += len(proposals)
        assignments = []
        for i, proposal in enumerate(proposals):
            if proposal.assigned_at is None:
                continue
            done = "replied" if proposal.state != "assigned" else rng.choice(["pending", "signed"])
            plan = [(rng.choice(units), "lead")]
            if i % 3 == 0:
                plan.append((rng.choice([u for u in units if u != plan[0][0]]), "co"))
            for unit, role in plan:
                assignments.append(
                    Assignment(
                        committee=committee,
                        proposal=proposal,
                        unit=unit,
                        role=role,
                        state=done,
                        assigned_at=proposal.assigned_at,
                        deadline=(proposal.assigned_at + datetime.timedelta(days=90)).date(),
                        replied_at=proposal.assigned_at + datetime.timedelta(days=60) if done == "replied" else None,
                    )
                )
        rows += len(Assignment.objects.bulk_create(assignments, batch_size=2000))

        reports = []
        for r in range(n_reports):
            state = REPORT_STATES[r % len(REPORT_STATES)]
            submitted = now - datetime.timedelta(days=rng.randrange(1, 700))
            report = OpinionReport(
                committee=committee,
                submitter_kind="member",
                title=f"关于{committee.short_name}民生问题{r}的反映",
                category="社会民生",
                content="反映的情况。",
                state=state,
                submitted_at=None if state == "draft" else submitted,
            )
            if state in ("accepted", "published", "sent", "closed"):
                report.accepted_at = submitted + datetime.timedelta(days=2)
            if state == "rejected":
                report.rejected_at = submitted + datetime.timedelta(days=2)
                report.reject_reason = "不予采用。"
            if state in ("published", "sent", "closed"):
                report.published_at = submitted + datetime.timedelta(days=5)
            if state in ("sent", "closed"):
                report.sent_on = (submitted + datetime.timedelta(days=6)).date()
            if state == "closed":
                report.closed_at = submitted + datetime.timedelta(days=30)
                report.feedback_text = "已反馈。"
            reports.append(report)
        reports = OpinionReport.objects.bulk_create(reports, batch_size=2000)
        rows += len(reports)
        credits, sendings = [], []
        for report in reports:
            member = rng.choice(people)
            credits.append(
                Credit(
                    report=report,
                    committee=committee,
                    kind="member",
                    key=f"member:{member.pk}",
                    name=member.name,
                    member=member,
                )
            )
            if report.sent_on:
                sendings.append(
                    Sending(
                        report=report, committee=committee, recipient=rng.choice(recipients), sent_on=report.sent_on
                    )
                )
        rows += len(Credit.objects.bulk_create(credits, batch_size=2000))
        rows += len(Sending.objects.bulk_create(sendings, batch_size=2000))
        if (c + 1) % 10 == 0 or c + 1 == committees:
            print(f"\r  committee {c + 1}/{committees}: {rows:,} rows so far", end="", flush=True)
    print()
    return rows


def timed(fn, repeat):
    from django.db import connection, reset_queries

    timings, queries, result = [], 0, None
    for _ in range(repeat):
        reset_queries()
        t0 = time.perf_counter()
        result = fn()
        timings.append((time.perf_counter() - t0) * 1000)
        queries = len(connection.queries)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return statistics.median(timings), p95, queries, result


def row(label, median, p95, queries, note=""):
    print(f"{label:<52} {median:>10.1f} {p95:>8.1f} {queries:>8}  {note}".rstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--committees", type=int, default=20, help="synthetic county committees under the city")
    parser.add_argument("--scale", type=float, default=1.0, help="rows per committee multiplier (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page or figure (default 3)")
    args = parser.parse_args()

    demo_database("lvzhi-bench-stats-")
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings

    from lvzhi.accounts.models import User
    from lvzhi.core import registry
    from lvzhi.stats import dashboards, selectors
    from lvzhi.stats.summary import default_period

    staff = User.objects.get(username="wuwei_staff")
    city = staff.committee
    t0 = time.perf_counter()
    print(f"generating {args.committees} county committees × scale {args.scale:g} under {city.name} …")
    with transaction.atomic():
        rows = build(city, args.committees, args.scale)
    print(f"synthetic data: {rows:,} rows in {time.perf_counter() - t0:.1f} s")

    figures = registry.figures()
    pages = [("overview /stats/", "/stats/")]
    pages += [(f"module dashboard: {key}", f"/stats/modules/{key}/") for key, _label in dashboards.MODULES]
    pages += [("figures catalogue", "/stats/figures/"), ("big screen", "/stats/screen/")]
    pages += [("big screen, cards fragment", "/stats/screen/?fragment=cards")]
    for module in registry.modules():
        if module.figures:
            figure = module.figures[0]
            scope = "tree" if "tree" in figure.scopes else "self"
            url = f"/stats/figures/{figure.key}/?committee={city.code}&scope={scope}&period={default_period(figure)}"
            pages.append((f"records: {figure.key}", url))

    print(f"\n{len(figures)} registered figures; {args.repeat} runs each; user wuwei_staff ({city.name}, tree)\n")
    print(f"{'name':<52} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    with override_settings(DEBUG=True, ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(staff)
        for label, url in pages:
            median, p95, queries, response = timed(lambda url=url: client.get(url), args.repeat)
            note = "" if response.status_code == 200 else f"answered {response.status_code}"
            row(label, median, p95, queries, note)

        user = User.objects.get(pk=staff.pk)  # its own scope cache, as a request would have
        per_figure, failures = [], []
        t0 = time.perf_counter()
        for key, figure in figures.items():
            scope = "tree" if "tree" in figure.scopes else "self"
            period = "term" if "term" in figure.periods else default_period(figure)

            def compute(key=key, scope=scope, period=period):
                return selectors.compute(user=user, key=key, committee=city.code, scope=scope, period=period)

            try:
                median, p95, queries, _result = timed(compute, args.repeat)
            except Exception as exc:  # noqa: BLE001 - a bench reports and goes on
                failures.append((key, f"{type(exc).__name__}: {exc}"))
                continue
            per_figure.append((median, p95, queries, f"{key} ({scope}, {period})"))
        total = (time.perf_counter() - t0) * 1000 / max(1, args.repeat)
        row(f"all {len(per_figure)} figures via selectors.compute", total, total, sum(q for *_, q, _k in per_figure))

    print("\nslowest 15 figures:")
    print(f"{'figure (scope, period)':<52} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for median, p95, queries, label in sorted(per_figure, reverse=True)[:15]:
        row(label, median, p95, queries)
    for key, error in failures:
        print(f"  {key} failed: {error}")
    print(f"\nrows generated: {rows:,}; peak memory of this process: {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
