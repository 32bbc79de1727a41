#!/usr/bin/env python
"""Benchmark: rebuild the duty ledger for a large synthetic data set.

    .venv/bin/python bench/duties.py [--committees 10] [--members 100] [--activities 40] [--proposals 2]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL if set, which must
point to an empty, disposable database), writes synthetic committees, members, finished activities
with every member invited (present / excused / absent), speeches and filed proposals with
co-proposers — all with bulk_create — then times a full `rebuild`, a second rebuild (nothing to
change), `check_duties`, and a rebuild that repairs 100 missing rows, and prints the time and the
peak memory of the process.

The defaults (10 committees × 100 members × 40 activities ≈ 40,000 attendance rows) run in about a
minute. A province-sized set as the issue describes (100 committees, 25,000 members, ~2 million
source rows):

    .venv/bin/python bench/duties.py --committees 100 --members 250 --activities 80

With --reuse (and DATABASE_URL naming the database of an earlier run) the data is kept, the ledger
emptied, and only the rebuilds are measured, so the peak memory printed is the rebuild's. With
--reuse --keep-ledger the ledger is kept as well: only the no-change rebuild and the check run.

Each step prints its wall time and this process's CPU time (on a loaded machine the wall time
includes waiting for the CPU; the difference is mostly the database's work and waiting), and on a
PostgreSQL server of this machine the CPU time of the database's backend process too (parallel
workers switched off, so that the backend does all of the work).
"""

import argparse
import datetime
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def database_cpu(connection) -> float | None:
    """CPU seconds the PostgreSQL backend of this connection has used (None elsewhere, or when the
    server's processes are not visible here)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Timer:
    """Wall time, this process's CPU time and the database backend's, of one step."""

    def __init__(self, connection):
        self.connection = connection
        self.wall, self.cpu, self.db = time.perf_counter(), time.process_time(), database_cpu(connection)

    def __str__(self):
        out = f"{time.perf_counter() - self.wall:.1f} s (CPU {time.process_time() - self.cpu:.1f} s"
        db = database_cpu(self.connection)
        if db is not None and self.db is not None:
            out += f", database {db - self.db:.1f} s"
        return out + ")"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(committees: int, members: int, activities: int, proposals: int, seed: int = 7) -> int:
    from django.utils import timezone

    from lvzhi.activities.models import Activity, Attendance, Speech
    from lvzhi.org.models import Committee, Member, Membership, Term
    from lvzhi.proposals.models import CoProposer, Proposal

    rng = random.Random(seed)
    kinds = ["plenary", "standing_committee", "consultation", "inspection", "study", "training", "studio", "grassroots"]
    province = Committee(code="990000", name="基准省政协", short_name="基准省", level="province")
    province.path = province.compute_path()
    province.save()
    rows = 0
    tz = timezone.get_current_timezone()
    for c in range(committees):
        committee = Committee(
            code=f"99{c + 1:04d}", name=f"基准{c + 1}政协", short_name=f"基准{c + 1}", level="city", parent=province
        )
        committee.path = committee.compute_path()
        committee.save()
        term = Term.objects.create(committee=committee, number=5, start_date=datetime.date(2022, 1, 1))
        people = Member.objects.bulk_create(
            [Member(committee=committee, name=f"委员{c}-{i}", name_pinyin=f"weiyuan{c}{i}") for i in range(members)]
        )
        Membership.objects.bulk_create(
            [Membership(committee=committee, member=m, term=term, started_on=term.start_date) for m in people]
        )
        acts = Activity.objects.bulk_create(
            [
                Activity(
                    committee=committee,
                    kind=kinds[a % len(kinds)],
                    topic=f"活动{a}",
                    start=datetime.datetime(2022 + a % 3, 1 + a % 12, 1 + a % 28, 9, tzinfo=tz),
                    end=datetime.datetime(2022 + a % 3, 1 + a % 12, 1 + a % 28, 11, tzinfo=tz),
                    state="finished",
                )
                for a in range(activities)
            ]
        )
        batch = []
        for activity in acts:
            for m in people:
                r = rng.random()
                state = "present" if r < 0.8 else ("excused" if r < 0.9 else "absent")
                batch.append(Attendance(committee=committee, activity=activity, member=m, state=state))
            if len(batch) > 20000:
                rows += len(Attendance.objects.bulk_create(batch, batch_size=2000))
                batch = []
        rows += len(Attendance.objects.bulk_create(batch, batch_size=2000))
        rows += len(
            Speech.objects.bulk_create(
                [
                    Speech(committee=committee, activity=rng.choice(acts), member=rng.choice(people), title="发言")
                    for _ in range(members // 2)
                ]
            )
        )
        made = Proposal.objects.bulk_create(
            [
                Proposal(
                    committee=committee,
                    term=term,
                    proposer=rng.choice(people),
                    title=f"提案{p}",
                    situation="情况",
                    suggestions="建议",
                    state="closed",
                    is_key=rng.random() < 0.05,
                    filed_at=datetime.datetime(2022 + p % 3, 3, 1, 9, tzinfo=tz),
                )
                for p in range(members * proposals)
            ]
        )
        rows += len(made)
        rows += len(
            CoProposer.objects.bulk_create(
                [CoProposer(proposal=p, member=m) for p in made[::3] for m in rng.sample(people, 2) if m != p.proposer]
            )
        )
        print(f"  committee {c + 1}/{committees}: {rows:,} source rows so far", flush=True)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--committees", type=int, default=10)
    parser.add_argument("--members", type=int, default=100, help="members per committee")
    parser.add_argument("--activities", type=int, default=40, help="finished activities per committee, all invited")
    parser.add_argument("--proposals", type=int, default=2, help="filed proposals per member")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="DATABASE_URL holds the data of an earlier run: empty its ledger and measure again",
    )
    parser.add_argument(
        "--keep-ledger",
        action="store_true",
        help="with --reuse: keep the ledger too, and measure only the no-change rebuild and the check",
    )
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["LVZHI_VAR_DIR"] = tempfile.mkdtemp(prefix="lvzhi-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    os.environ.setdefault("LVZHI_PLAIN_STATIC", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from lvzhi.duties import ledger
    from lvzhi.duties.models import DutyEvent

    call_command("migrate", verbosity=0)
    if args.reuse and not args.keep_ledger:
        with connection.cursor() as cursor:  # not .delete(): the collector would read every row
            # TRUNCATE on PostgreSQL: a DELETE leaves the rows dead in the table and its indexes
            # (autovacuum may be off), and each run would write and scan a larger table
            verb = "TRUNCATE" if connection.vendor == "postgresql" else "DELETE FROM"
            cursor.execute(f"{verb} {DutyEvent._meta.db_table}")
        print(f"reusing the data of an earlier run; peak memory so far {peak_mib():.0f} MiB")
    elif args.reuse:
        print(f"reusing the data and the ledger of an earlier run ({DutyEvent.objects.count():,} events)")
    else:
        started = time.perf_counter()
        with transaction.atomic():
            rows = build(args.committees, args.members, args.activities, args.proposals)
        print(f"synthetic data: {rows:,} source rows in {time.perf_counter() - started:.1f} s")

    if connection.vendor == "postgresql":  # bulk-loaded tables have no statistics until analysed
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SET max_parallel_workers_per_gather = 0")  # the backend's CPU is all of it
    if not args.keep_ledger:
        timer = Timer(connection)
        changes = ledger.rebuild()
        print(f"rebuild (empty ledger): {changes.added:,} events in {timer}, peak memory {peak_mib():.0f} MiB")
    timer = Timer(connection)
    changes = ledger.rebuild()
    print(f"rebuild (nothing to change): {changes.added + changes.updated + changes.deleted} changes in {timer}")
    timer = Timer(connection)
    differences = ledger.differences()
    print(f"check_duties (nothing to change): {len(differences.lines())} differences found in {timer}")
    with transaction.atomic():  # the drift is rolled back: the ledger stays whole for a next --keep-ledger
        DutyEvent.objects.filter(pk__in=DutyEvent.objects.order_by("pk").values("pk")[:100]).delete()
        timer = Timer(connection)
        differences = ledger.differences()
        print(f"check_duties (100 rows missing): {len(differences.lines())} differences found in {timer}")
        transaction.set_rollback(True)
    with transaction.atomic():  # and repaired by a rebuild, rolled back too
        DutyEvent.objects.filter(pk__in=DutyEvent.objects.order_by("pk").values("pk")[:100]).delete()
        timer = Timer(connection)
        changes = ledger.rebuild()
        print(f"rebuild (100 rows missing): {changes.added + changes.updated + changes.deleted} changes in {timer}")
        transaction.set_rollback(True)
    print(f"ledger rows: {DutyEvent.objects.count():,}; peak memory of this process: {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
