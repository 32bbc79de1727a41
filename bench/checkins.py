#!/usr/bin/env python
"""Benchmark: a burst of QR check-ins from many phones at once, against a running server.

    .venv/bin/python bench/checkins.py [--members 1000] [--clients 64] [--workers 3] [--threads 1]
                                       [--repeat 0] [--profile N]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL, which should then
be an empty database of its own: the script migrates it and adds a committee, members and an
activity), creates one planned activity with --members invited members, each with a user account
and an API bearer token (written directly, for speed), and starts gunicorn on a free 127.0.0.1 port
with --workers processes of --threads threads. Then --clients concurrent clients fire every
member's check-in once (POST /api/v1/activities/{id}/checkin with the current QR token, signed as
the check-in screen signs it), bounded by --timeout seconds, and the server is stopped.

Prints throughput, p50/p95/max latency, the answers' status codes, the CPU time per scan of the
server's workers, of PostgreSQL's server processes for the workers' connections, and of the clients
(so the rate the machine's cores would give at that cost when nothing else runs: a figure that
depends less on other processes than the wall-clock throughput), and the lost and duplicated
check-ins, counted both from the answers and in the database (attendance rows, check-in
transitions and audit entries per member). Exits 1 if any check-in was lost or duplicated.
A --repeat share of the members scan twice at once (two phones, or a double tap): the second must be
answered "already checked in" and write nothing. Only loopback addresses are used.

With --profile N it runs no server: it checks N members in one after the other in-process through
the same API route (bearer token, the whole request) and prints the statements and the CPU time per
check-in — a measure of the check-in path that does not depend on how busy the machine is (the
burst's wall-clock time does). Each token's use is recorded first (untimed), as for a phone that has
called the API within the last five minutes; in the burst every token is fresh, so each check-in
also records its token's use (one UPDATE).
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def bench_members(members: int, *, code: str, name: str, person: str, login: str):
    """A fresh city committee (code `<code>NNNN`, the first free one) with a term and `members`
    members, each with a member account — written in bulk. Returns (committee, term, people, users)."""
    from lvzhi.accounts.choices import Role
    from lvzhi.accounts.models import User, UserRole
    from lvzhi.org.factories import make_committee, make_term
    from lvzhi.org.models import Committee, Member, Membership

    code = next(f"{code}{n:04d}" for n in range(10000) if not Committee.objects.filter(code=f"{code}{n:04d}").exists())
    committee = make_committee(code, f"{name}政协", name, "city")
    term = make_term(committee, start=datetime.date(2022, 1, 10))
    tag = secrets.token_hex(3)
    people = Member.objects.bulk_create(
        [Member(committee=committee, name=f"{person}{i}", name_pinyin=f"{login}{i:05d}") for i in range(members)],
        batch_size=500,
    )
    Membership.objects.bulk_create(
        [Membership(committee=committee, member=m, term=term, started_on=term.start_date) for m in people],
        batch_size=500,
    )
    users = User.objects.bulk_create(
        [
            User(username=f"{login}_{tag}_{i}", name=m.name, committee=committee, member=m, password="!")
            for i, m in enumerate(people)
        ],
        batch_size=500,
    )
    UserRole.objects.bulk_create([UserRole(user=u, role=Role.MEMBER) for u in users], batch_size=500)
    return committee, term, people, users


def prepare(members: int) -> dict:
    """Migrate, then write the committee, the members, their accounts and tokens, the activity and
    its invitations in bulk. Returns what the clients need."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.utils import timezone

    from lvzhi.accounts.models import ApiToken
    from lvzhi.activities.choices import ActivityKind
    from lvzhi.activities.models import Activity, Attendance

    call_command("migrate", verbosity=0, run_syncdb=True)
    ContentType.objects.clear_cache()
    committee, term, people, users = bench_members(members, code="99", name="压测", person="压测委员", login="bench")
    keys = [secrets.token_urlsafe(32) for _ in users]
    expires = timezone.now() + datetime.timedelta(hours=2)
    ApiToken.objects.bulk_create(
        [
            ApiToken(
                user=u, name="bench", prefix=k[:8], key_hash=hashlib.sha256(k.encode()).hexdigest(), expires_at=expires
            )
            for u, k in zip(users, keys, strict=True)
        ],
        batch_size=500,
    )
    now = timezone.now()
    activity = Activity.objects.create(
        committee=committee,
        kind=ActivityKind.PLENARY,
        topic="全体会议（签到压测）",
        start=now - datetime.timedelta(minutes=5),
        end=now + datetime.timedelta(hours=3),
    )
    Attendance.objects.bulk_create(
        [Attendance(committee=committee, activity=activity, member=m) for m in people], batch_size=500
    )
    return {"activity": activity, "members": [m.pk for m in people], "keys": keys}


def start_server(port: int, workers: int, threads: int, env: dict, app: str) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        app,
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--preload",  # import the project once, then fork the workers
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("the server did not answer /healthz within 120 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def children(pid: int) -> list[int]:
    """The processes gunicorn's master started (its workers)."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def cpu_seconds(pids) -> float:
    """The CPU time (user and system) that these processes have used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime: the stat file's 14th and 15th fields
    return total / os.sysconf("SC_CLK_TCK")


def database_backends() -> list[int]:
    """PostgreSQL's server processes for this database other than this script's own (the server's
    connections: kept open between requests, so each holds the CPU of its whole burst); none on
    SQLite, which runs inside the workers (its CPU is theirs)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return pids


def check_in(url: str, key: str, activity) -> tuple[int, float, dict | None]:
    """One phone: the token the check-in screen shows now, posted with the member's bearer token."""
    from lvzhi.activities.services import make_checkin_token

    token, _ = make_checkin_token(activity)
    body = json.dumps({"token": token}).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, payload = response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        status, payload = error.code, None
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        status, payload = 0, None
    return status, time.perf_counter() - started, payload


def profile(world: dict, n: int) -> None:
    """Check n members in one by one in-process; print statements and CPU milliseconds per check-in."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from lvzhi.accounts.models import ApiToken
    from lvzhi.activities.services import make_checkin_token

    activity = world["activity"]
    # as for a phone that has called the API within five minutes: the check-in records no token use
    ApiToken.objects.filter(user__member_id__in=world["members"]).update(last_used_at=timezone.now())
    client = Client(HTTP_HOST=HOST)
    url = f"/api/v1/activities/{activity.pk}/checkin"
    statements, cpu = [], []
    for key in world["keys"][:n]:
        token, _ = make_checkin_token(activity)
        with CaptureQueriesContext(connection) as ctx:
            started = time.process_time()
            response = client.post(
                url,
                data=json.dumps({"token": token}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}",
            )
            cpu.append(time.process_time() - started)
        if response.status_code != 200 or response.json()["already"]:
            raise SystemExit(f"check-in answered {response.status_code}: {response.content[:200]!r}")
        if not statements:
            print("the statements of the first check-in:")
            for query in ctx.captured_queries:
                print(f"  {query['sql'][:110]}")
        statements.append(len(ctx.captured_queries))
    per = statistics.median(cpu)
    print(
        f"check-in path ({n} members, in-process): {statistics.median(statements):.0f} statements per check-in "
        f"(min {min(statements)}, max {max(statements)}); CPU {per * 1000:.1f} ms per check-in (median), "
        f"{statistics.fmean(cpu) * 1000:.1f} ms mean; about {1 / per:.0f} check-ins/s per core; "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=64, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (./run's default)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: ./run's sync workers)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds the burst may take at most")
    parser.add_argument("--app", default="lvzhi.wsgi:application", help="the WSGI application gunicorn serves")
    parser.add_argument("--repeat", type=float, default=0.0, help="share of members who scan twice at once")
    parser.add_argument("--profile", type=int, default=0, help="check N members in in-process instead of the burst")
    args = parser.parse_args()
    args.members = max(1, min(args.members, 20000))
    args.clients = max(1, min(args.clients, 512))

    workdir = tempfile.mkdtemp(prefix="lvzhi-bench-checkins-")
    if "DATABASE_URL" not in os.environ:
        os.environ["LVZHI_VAR_DIR"] = workdir
    os.environ.setdefault("LVZHI_SECRET_KEY", secrets.token_urlsafe(50))  # the server signs as we do
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    os.environ.setdefault("LVZHI_PLAIN_STATIC", "1")
    os.environ["LVZHI_ALLOWED_HOSTS"] = HOST
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    world = prepare(args.members)
    activity = world["activity"]
    print(f"database: {connection.vendor} ({os.environ.get('LVZHI_VAR_DIR', 'DATABASE_URL')})")
    print(f"prepared {args.members} invited members with tokens in {time.perf_counter() - started:.1f} s")
    if args.profile:
        profile(world, min(args.profile, args.members))
        return
    connection.close()  # the server's workers write now
    rng = random.Random(2026)
    scans = list(range(args.members)) + [i for i in range(args.members) if rng.random() < args.repeat]
    rng.shuffle(scans)

    port = free_port()
    server = start_server(port, args.workers, args.threads, dict(os.environ), args.app)
    url = f"http://{HOST}:{port}/api/v1/activities/{activity.pk}/checkin"
    print(
        f"gunicorn on {HOST}:{port}: {args.workers} workers x {args.threads} threads; {args.clients} clients; "
        f"{len(scans) - args.members} members scan twice; load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    )
    results = []
    lock = threading.Lock()

    def one(index):
        outcome = check_in(url, world["keys"][index], activity)
        with lock:
            results.append((index, *outcome))

    try:
        workers = children(server.pid)
        for _ in range(100):  # /healthz is answered by the first worker: wait for the others' start
            if len(workers) >= args.workers:
                break
            time.sleep(0.1)
            workers = children(server.pid)
        time.sleep(0.5)  # a worker just forked is still setting itself up
        workers_cpu, client_cpu = cpu_seconds(workers), time.process_time()
        burst = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            futures = [pool.submit(one, i) for i in scans]
            done, pending = wait(futures, timeout=args.timeout)
            for future in pending:
                future.cancel()
        elapsed = time.perf_counter() - burst
        client_cpu = time.process_time() - client_cpu
        workers_cpu = cpu_seconds(workers) - workers_cpu
        database_cpu = cpu_seconds(database_backends())  # the workers' connections, opened for the burst
    finally:
        stop_server(server)

    latencies = [r[2] * 1000 for r in results]
    statuses: dict[int, int] = {}
    for r in results:
        statuses[r[1]] = statuses.get(r[1], 0) + 1
    firsts = [r for r in results if r[1] == 200 and r[3] and r[3].get("already") is False]
    print(
        f"\n{len(results)} of {len(scans)} scans ({args.members} members) answered in {elapsed:.2f} s"
        f"{' (timed out: ' + str(len(pending)) + ' not sent)' if pending else ''}"
    )
    print(
        f"throughput: {len(results) / elapsed:.1f} check-ins/s"
        + (" (scans, a second scan included)" if len(scans) > args.members else "")
    )
    print(
        f"latency ms: p50 {percentile(latencies, 0.5):.1f}  p95 {percentile(latencies, 0.95):.1f}  "
        f"max {max(latencies, default=float('nan')):.1f}  mean {statistics.fmean(latencies) if latencies else 0:.1f}"
    )
    print("answers: " + ", ".join(f"{code or 'no answer'}: {n}" for code, n in sorted(statuses.items())))
    if results:
        n = len(results)
        total = workers_cpu + database_cpu + client_cpu
        print(
            f"CPU per scan: server {workers_cpu / n * 1000:.1f} ms, database "
            f"{database_cpu / n * 1000:.1f} ms, clients {client_cpu / n * 1000:.1f} ms; "
            f"{os.cpu_count()} cores at that cost: about {(os.cpu_count() or 1) / total * n:.0f} scans/s"
        )

    from django.db.models import Count

    from lvzhi.activities.choices import AttendanceState
    from lvzhi.activities.models import Attendance
    from lvzhi.core.models import AuditEntry, Transition

    rows = Attendance.objects.filter(activity=activity)
    present = rows.filter(state=AttendanceState.PRESENT).count()
    per_member = rows.values("member_id").annotate(n=Count("id")).filter(n__gt=1).count()
    transitions = (
        Transition.objects.filter(action="check_in", object_id__in=rows.values("pk"))
        .values("object_id")
        .annotate(n=Count("id"))
    )
    doubled_transitions = sum(t["n"] - 1 for t in transitions if t["n"] > 1)
    audits = AuditEntry.objects.filter(
        action="transition.check_in", object_id__in=[str(p) for p in rows.values_list("pk", flat=True)]
    ).count()
    lost_answers = args.members - len(firsts)
    doubled_answers = len(firsts) - len({r[0] for r in firsts})
    lost_db = args.members - present
    doubled_db = per_member + doubled_transitions + max(audits - present, 0)
    print(f"answers: {len(firsts)} checked in, lost {lost_answers}, duplicated {doubled_answers}")
    print(
        f"database: {present} present of {rows.count()} invited, lost {lost_db}, duplicated {doubled_db} "
        f"(rows per member > 1: {per_member}, extra check-in transitions: {doubled_transitions}, "
        f"check-in audit entries: {audits})"
    )
    ok = lost_db == 0 and doubled_db == 0 and doubled_answers == 0 and lost_answers == 0
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("OK: none lost, none duplicated" if ok else "FAILED: check-ins lost or duplicated")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
