#!/usr/bin/env python
"""Benchmark: 600 members vote on one agenda item at once from their phones, against a running server.

    .venv/bin/python bench/votes.py [--members 600] [--clients 64] [--workers 4] [--threads 8]
                                    [--conn-max-age 60] [--named] [--repeat 0.05] [--profile N]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL, which should then be
an empty database of its own), a committee with --members members, each with an account and an API
bearer token (written directly, for speed), a plenary meeting at which every member has registered,
and one vote on its agenda item (anonymous unless --named), opened by the office through the service.
gunicorn then serves on a free 127.0.0.1 port — its database connections kept open between requests
for --conn-max-age seconds (LVZHI_DB_CONN_MAX_AGE; default 60, the value docs/deployment.md gives a
production server; 0 opens a connection per request, which costs a PostgreSQL server a process start
each time) — while --clients concurrent clients cast every member's
ballot (POST /api/v1/meetings/votes/{id}/cast: yes, no or abstain, drawn from a seeded generator);
a --repeat share of the members press the button twice, which must be refused (409). The office then
closes the vote over the API and the time until the result is answered is measured.

Prints the burst's duration and throughput, p50/p95/max latency, the answers' status codes, the
counts the server gives against the ballots the clients sent, and the database's participation rows
and per-choice counts. Exits 1 if a ballot was lost or doubled, the burst took more than 10 s, or the
result took more than 1 s after closing. Only loopback addresses are used.

With --profile N it runs no server: it casts N members' ballots one after the other in-process
through the same API route (bearer token, the whole request; each phone has fetched the vote
first, untimed) and prints the statements and the CPU time per ballot — a measure of the cast
path that does not depend on how busy the machine is (the burst's wall-clock time does).
`ballots/s per core` is 1 / CPU time per ballot.
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

from checkins import HOST, bench_members, free_port, percentile, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BURST_LIMIT, RESULT_LIMIT = 10.0, 1.0


def prepare(members: int, named: bool) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.utils import timezone

    from lvzhi.accounts.choices import Permission, Role
    from lvzhi.accounts.models import ApiToken
    from lvzhi.activities.choices import ActivityKind, AttendanceState
    from lvzhi.activities.models import Activity, Attendance
    from lvzhi.meetings import services
    from lvzhi.org.factories import make_user

    call_command("migrate", verbosity=0, run_syncdb=True)
    ContentType.objects.clear_cache()
    committee, _term, people, users = bench_members(
        members, code="98", name="表决压测", person="表决委员", login="vote"
    )
    tag = secrets.token_hex(3)
    staff = make_user(f"vote_staff_{tag}", roles=[Role.STAFF], committee=committee, permissions=[Permission.ACTIVITIES])
    expires = timezone.now() + datetime.timedelta(hours=2)

    def token_for(user):
        key = secrets.token_urlsafe(32)
        ApiToken.objects.create(
            user=user,
            name="bench",
            prefix=key[:8],
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
            expires_at=expires,
        )
        return key

    keys = [secrets.token_urlsafe(32) for _ in users]
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
        topic="全体会议（表决压测）",
        start=now - datetime.timedelta(minutes=30),
        end=now + datetime.timedelta(hours=3),
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                committee=committee, activity=activity, member=m, state=AttendanceState.PRESENT, checked_in_at=now
            )
            for m in people
        ],
        batch_size=500,
    )
    meeting = services.create_meeting(actor=staff, activity=activity)
    item = services.add_agenda_item(
        actor=staff,
        meeting=meeting,
        data={"day": timezone.localdate(now), "half": "morning", "starts_at": "09:00", "title": "表决事项"},
    )
    vote = services.create_vote(
        actor=staff,
        meeting=meeting,
        data={"agenda_item": item.pk, "title": "压测决议", "mode": "open" if named else "anonymous"},
    )
    services.open_vote(actor=staff, vote=vote)
    return {"vote": vote, "keys": keys, "staff_key": token_for(staff)}


def post(url: str, key: str, body: dict) -> tuple[int, float, dict | None]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
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
    """Cast n ballots one by one in-process; print statements and CPU milliseconds per ballot."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    url = f"/api/v1/meetings/votes/{world['vote'].pk}/cast"
    statements, cpu = [], []
    for key in world["keys"][:n]:
        # the phone shows the vote before the member presses a button (untimed): as in the hall, the
        # cast is not the token's first request (which records the token's use, once per five minutes)
        client.get(url.removesuffix("/cast"), HTTP_AUTHORIZATION=f"Bearer {key}")
        with CaptureQueriesContext(connection) as ctx:
            started = time.process_time()
            response = client.post(
                url,
                data=json.dumps({"choice": "yes"}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}",
            )
            cpu.append(time.process_time() - started)
        if response.status_code != 200:
            raise SystemExit(f"cast answered {response.status_code}: {response.content[:200]!r}")
        statements.append(len(ctx.captured_queries))
    per = statistics.median(cpu)
    print(
        f"cast path ({n} ballots, in-process): {statistics.median(statements):.0f} statements per ballot "
        f"(min {min(statements)}, max {max(statements)}); CPU {per * 1000:.1f} ms per ballot (median), "
        f"{statistics.fmean(cpu) * 1000:.1f} ms mean; about {1 / per:.0f} ballots/s per core; "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=600)
    parser.add_argument("--clients", type=int, default=64, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=int(os.environ.get("LVZHI_DB_CONN_MAX_AGE", "60")),
        help="seconds the server keeps a database connection (LVZHI_DB_CONN_MAX_AGE; production: 60)",
    )
    parser.add_argument("--named", action="store_true", help="a named (open) vote instead of an anonymous one")
    parser.add_argument("--repeat", type=float, default=0.05, help="share of members who press twice")
    parser.add_argument("--timeout", type=float, default=120, help="seconds the burst may take at most")
    parser.add_argument("--profile", type=int, default=0, help="cast N ballots in-process instead of the burst")
    args = parser.parse_args()
    args.members = max(1, min(args.members, 20000))
    args.clients = max(1, min(args.clients, 512))

    workdir = tempfile.mkdtemp(prefix="lvzhi-bench-votes-")
    if "DATABASE_URL" not in os.environ:
        os.environ["LVZHI_VAR_DIR"] = workdir
    os.environ.setdefault("LVZHI_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    os.environ.setdefault("LVZHI_PLAIN_STATIC", "1")
    os.environ["LVZHI_ALLOWED_HOSTS"] = HOST
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    world = prepare(args.members, args.named)
    vote = world["vote"]
    print(f"database: {connection.vendor} ({os.environ.get('LVZHI_VAR_DIR', 'DATABASE_URL')})")
    print(
        f"prepared {args.members} registered members with tokens and an open "
        f"{'named' if args.named else 'anonymous'} vote in {time.perf_counter() - started:.1f} s"
    )
    if args.profile:
        profile(world, min(args.profile, args.members))
        return
    connection.close()

    rng = random.Random(2026)
    choices = [rng.choices(["yes", "no", "abstain"], weights=[80, 12, 8])[0] for _ in range(args.members)]
    presses = list(range(args.members)) + [i for i in range(args.members) if rng.random() < args.repeat]
    rng.shuffle(presses)

    port = free_port()
    env = {**os.environ, "LVZHI_DB_CONN_MAX_AGE": str(max(args.conn_max_age, 0))}
    server = start_server(port, args.workers, args.threads, env, "lvzhi.wsgi:application")
    base = f"http://{HOST}:{port}/api/v1/meetings/votes/{vote.pk}"
    print(
        f"gunicorn on {HOST}:{port}: {args.workers} workers x {args.threads} threads, database connections "
        f"kept {max(args.conn_max_age, 0)} s; {args.clients} clients; load average "
        + " ".join(f"{x:.1f}" for x in os.getloadavg())
    )
    results = []
    lock = threading.Lock()

    def one(index):
        outcome = post(f"{base}/cast", world["keys"][index], {"choice": choices[index]})
        with lock:
            results.append((index, *outcome))

    try:
        burst = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            futures = [pool.submit(one, i) for i in presses]
            _done, pending = wait(futures, timeout=args.timeout)
            for future in pending:
                future.cancel()
        elapsed = time.perf_counter() - burst
        close_status, close_seconds, result = post(f"{base}/close", world["staff_key"], {})
    finally:
        stop_server(server)

    latencies = [r[2] * 1000 for r in results]
    statuses: dict[int, int] = {}
    for r in results:
        statuses[r[1]] = statuses.get(r[1], 0) + 1
    accepted = [r[0] for r in results if r[1] == 200]
    sent = dict.fromkeys(("yes", "no", "abstain"), 0)
    for index in set(accepted):
        sent[choices[index]] += 1
    print(
        f"\n{len(results)} presses ({args.members} members, {len(presses) - args.members} pressed twice) "
        f"in {elapsed:.2f} s"
    )
    print(f"throughput: {len(results) / elapsed:.1f} ballots/s")
    print(
        f"latency ms: p50 {percentile(latencies, 0.5):.1f}  p95 {percentile(latencies, 0.95):.1f}  "
        f"max {max(latencies, default=float('nan')):.1f}  mean {statistics.fmean(latencies) if latencies else 0:.1f}"
    )
    print("answers: " + ", ".join(f"{code or 'no answer'}: {n}" for code, n in sorted(statuses.items())))
    print(f"close: {close_status} in {close_seconds * 1000:.0f} ms")

    from lvzhi.meetings.models import Participation
    from lvzhi.meetings.services import tally

    counted = tally(vote)
    participations = Participation.objects.filter(vote=vote).count()
    answered = result or {}
    server_counts = {c: answered.get(f"{c}_count") for c in ("yes", "no", "abstain")}
    lost = args.members - participations
    doubled = len(accepted) - len(set(accepted)) + max(participations - args.members, 0)
    print(f"clients' accepted ballots: {sent}")
    print(f"database: participations {participations}, counts {counted}")
    print(f"result: {server_counts}, voters {answered.get('voters_count')}, decision {answered.get('decision')!r}")
    ok = (
        lost == 0
        and doubled == 0
        and counted == sent
        and server_counts == sent
        and close_status == 200
        and elapsed <= BURST_LIMIT
        and close_seconds <= RESULT_LIMIT
    )
    print(
        f"lost {lost}, doubled {doubled}; burst {elapsed:.2f} s (limit {BURST_LIMIT:.0f} s), "
        f"result {close_seconds:.2f} s after closing (limit {RESULT_LIMIT:.0f} s)"
    )
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("OK: all counted, none doubled, within the limits" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
