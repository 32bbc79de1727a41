#!/usr/bin/env python
"""Load benchmark: every list and detail page and API of every module, for each role, under N
concurrent clients, against the budgets of issue 19 §2.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lvzhi_province .venv/bin/python bench/load.py \
        [--clients 8] [--requests 10] [--time-limit 900] [--workers N] [--markdown out.md]

Starts gunicorn as ./run does (the project's gunicorn.conf.py and its number of workers, on a free
port, against DATABASE_URL) serving bench/counting_wsgi.py — the project's application with response
headers added (SQL queries of the request, the worker's peak memory, its pid, its time and CPU). Then:

1. logs in (the login form, as a browser does) as each account of --users: by default the accounts
   bench/province.py creates (staff of the province, of a city, of a county; a leader; a member; a
   unit), all with the demo password;
2. discovers the routes: every page route without parameters from the URL configuration (the
   administrators' pages aside), requested once per role and kept if it answers 200; the pages
   with parameters from the links of those pages and of the detail pages they lead to (two rounds,
   so the ids are real and visible to the role); the API's GET operations from its OpenAPI document,
   a path's ids taken from the first item of its parent list;
3. drives --clients threads, each with its own keep-alive connection, over all (role, route) pairs
   round-robin, --requests times each, together with `/healthz` (the floor), until done or
   --time-limit seconds;
4. prints a table — role, route, requests, p50, p95, p50 ÷ the /healthz p50 of the same run, the
   worker's own time (p50, without the wait for a free worker), SQL queries per request, verdict —
   the worst rows by the worker's own time, each worker's peak memory, and the CPU the workers spent
   per request (the request's own work, which the load does not inflate).

Budgets (issue 19 §2): p95 ≤ 150 ms (dashboards, the statistics and the big screen ≤ 300 ms);
p50 ≤ 10× the floor for the API and ≤ 20× for pages; ≤ 15 queries. A row that answered anything
other than 200 fails. Nothing is written to the database except sessions and audit rows of logins.
"""

import argparse
import http.client
import json
import os
import re
import runpy
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from checkins import free_port, stop_server  # noqa: E402 (the same server handling as the check-in benchmark)

HOST = "127.0.0.1"
PASSWORD = "Lvzhi-demo-2026"
PROVINCE_USERS = "prov_staff,prov_city_staff,prov_county_staff,prov_leader,prov_member,prov_unit"
SKIP_NAMES = re.compile(r"logout|login|two_factor|password|enrol|verify")
SKIP_PREFIXES = ("api/", "admin/", "static/", "media/", "healthz", "readyz")
DASHBOARD = re.compile(r"dashboard|^/?stats/|screen")
HREF = re.compile(r'href="(/[^"#?]*)')


def start_server(port: int, workers: int, log) -> subprocess.Popen:
    env = {**os.environ, "LVZHI_HOST": HOST, "LVZHI_PORT": str(port), "LVZHI_WORKERS": str(workers)}
    env.setdefault("LVZHI_PLAIN_STATIC", "1")
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "counting_wsgi:application", "--config", "gunicorn.conf.py"]
    command += ["--pythonpath", str(ROOT / "bench")]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode} (see {log.name})")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit("the server did not answer /healthz within 120 s")


class Client:
    """One keep-alive connection with one user's cookies."""

    def __init__(self, port, cookies=None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.conn = None

    def request(self, method, url, body=None, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
            sent = {"Host": f"{HOST}:{self.port}", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            try:
                t0 = time.perf_counter()
                self.conn.request(method, url, body=body, headers=sent)
                response = self.conn.getresponse()
                data = response.read()
                elapsed = (time.perf_counter() - t0) * 1000
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return response, data, elapsed


def login(port, username) -> dict:
    client = Client(port)
    _, page, _ = client.request("GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        raise SystemExit("登录页没有 CSRF 令牌。")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": PASSWORD}
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}:{port}/accounts/login/"}
    response, _, _ = client.request("POST", "/accounts/login/", body=body, headers=headers)
    if response.status != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"{username} 无法登录（{response.status}）：先运行 bench/province.py，或用 --users 指定账号。")
    return client.cookies


def page_routes():
    """(route, name) of every page route of the URL configuration, API and administration aside."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, prefix):
        for p in patterns:
            route = prefix + str(p.pattern)
            if route.startswith(SKIP_PREFIXES):
                continue
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and not SKIP_NAMES.search(p.name or ""):
                found.append(("/" + route, p.name))

    walk(get_resolver().url_patterns, "")
    return found


def route_of(path):
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    return "/" + match.route if match.kwargs and match.route else None


def discover_pages(port, cookies, routes):
    """{route: url} for one role: the routes without parameters that answer 200, and one real link
    for each route with parameters found on them (and on the pages those links lead to)."""
    client = Client(port, cookies)
    found, seen = {}, set()
    queue = [r for r, _ in routes if "<" not in r and "(" not in r and "^" not in r]
    for _round in range(3):
        links = []
        for url in queue:
            if url in seen:
                continue
            seen.add(url)
            try:
                response, data, _ = client.request("GET", url)
            except (OSError, http.client.HTTPException) as exc:
                print(f"  {url} did not answer: {exc!r}", flush=True)
                continue
            if response.status != 200 or not response.getheader("Content-Type", "").startswith("text/html"):
                if "<" not in url and response.status == 200:
                    found[url] = url  # an export or a file: kept, measured as a page
                continue
            found.setdefault(route_of(url) or url, url)
            for href in HREF.findall(data.decode("utf-8", "replace")):
                route = route_of(href)
                if route and route not in found and not SKIP_NAMES.search(href):
                    found[route] = None
                    links.append(href)
        queue = links
    return {route: url for route, url in found.items() if url}


def discover_api(port, cookies):
    """{route: url} of the API's GET operations, ids from the first item of each parent list."""
    client = Client(port, cookies)
    response, data, _ = client.request("GET", "/api/v1/openapi.json")
    if response.status != 200:
        return {}
    paths = json.loads(data)["paths"]
    found, first_ids = {}, {}

    def first_id(url):
        if url not in first_ids:
            first_ids[url] = None
            try:
                response, data, _ = client.request("GET", url)
            except (OSError, http.client.HTTPException) as exc:
                print(f"  {url} did not answer: {exc!r}", flush=True)
                return None
            if response.status == 200:
                body = json.loads(data)
                items = body.get("items", body.get("results")) if isinstance(body, dict) else body
                if items and isinstance(items[0], dict) and "id" in items[0]:
                    first_ids[url] = items[0]["id"]
        return first_ids[url]

    for path, operations in sorted(paths.items()):
        if "get" not in operations or any(s in path for s in ("openapi", "/docs", "/admin/")):
            continue
        url = path
        while "{" in url:
            start = url.index("{")
            value = first_id(url[:start])
            if value is None:
                url = None
                break
            url = url[:start] + str(value) + url[url.index("}") + 1 :]
        if url:
            try:
                response, _, _ = client.request("GET", url)
            except (OSError, http.client.HTTPException) as exc:
                print(f"  {url} did not answer: {exc!r}", flush=True)
                continue
            if response.status == 200:
                found[path] = url
    return found


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def drive(port, jobs, clients, time_limit):
    """Runs the jobs (role, route, url, cookies) on `clients` threads; returns the samples."""
    samples = defaultdict(list)  # (role, route) -> [(ms, status, queries, ms in the worker)]
    memory = {}  # pid -> peak KiB
    lock = threading.Lock()
    position = iter(range(len(jobs)))
    deadline = time.monotonic() + time_limit
    connections = {}

    def work():
        while time.monotonic() < deadline:
            with lock:
                index = next(position, None)
            if index is None:
                return
            role, route, url, cookies = jobs[index]
            client = connections.setdefault((threading.get_ident(), role), Client(port, cookies))
            t0 = time.perf_counter()
            try:
                response, _, elapsed = client.request("GET", url)
            except (OSError, http.client.HTTPException):  # no answer within the client's timeout
                with lock:
                    samples[(role, route)].append(((time.perf_counter() - t0) * 1000, 0, -1, 0.0, 0.0))
                continue
            queries = int(response.getheader("X-Bench-Queries", "-1"))
            server = float(response.getheader("X-Bench-Ms", "0"))
            cpu = float(response.getheader("X-Bench-Cpu-Ms", "0"))
            with lock:
                samples[(role, route)].append((elapsed, response.status, queries, server, cpu))
                pid = response.getheader("X-Bench-Pid")
                if pid:
                    memory[pid] = max(memory.get(pid, 0), int(response.getheader("X-Bench-Rss-Kib", "0")))

    threads = [threading.Thread(target=work) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples, memory


def verdict(route, p50, p95, floor, queries, statuses):
    failed = []
    if any(s != 200 for s in statuses):
        failed.append("status " + ",".join(sorted({str(s) for s in statuses if s != 200})))
    limit = 300 if DASHBOARD.search(route) else 150
    if p95 > limit:
        failed.append(f"p95>{limit}")
    factor = 10 if route.startswith("/api/") else 20
    if p50 > factor * floor:
        failed.append(f"p50>{factor}×")
    if queries > 15:
        failed.append("queries>15")
    return "ok" if not failed else " ".join(failed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=10, help="requests per (role, route) (default 10)")
    parser.add_argument("--time-limit", type=float, default=900, help="seconds for the measured run (default 900)")
    parser.add_argument(
        "--workers", type=int, default=runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"], help="as ./run"
    )
    parser.add_argument("--users", default=PROVINCE_USERS, help="comma-separated accounts (demo password)")
    parser.add_argument("--only", help="a regular expression: measure only the routes it finds")
    parser.add_argument("--markdown", help="also write the table as Markdown to this file")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    if "DATABASE_URL" not in os.environ:
        print("DATABASE_URL is not set: the SQLite database under LVZHI_VAR_DIR (or var/) is used.")
    import django

    django.setup()
    routes = page_routes()
    port = free_port()
    log = tempfile.NamedTemporaryFile("w", prefix="lvzhi-load-", suffix=".log", delete=False)  # noqa: SIM115 (kept)
    server = start_server(port, args.workers, log)
    try:
        users = [u.strip() for u in args.users.split(",") if u.strip()]
        cookies = {u: login(port, u) for u in users}
        t0 = time.perf_counter()
        targets = {}

        def discover(user):
            targets[user] = {}
            found = {**discover_pages(port, cookies[user], routes), **discover_api(port, cookies[user])}
            targets[user] = {r: u for r, u in found.items() if not args.only or re.search(args.only, r)}
            print(f"{user}: {len(targets[user])} routes", flush=True)

        threads = [threading.Thread(target=discover, args=(user,)) for user in users]  # one role a thread
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"discovered in {time.perf_counter() - t0:.0f} s; {len(routes)} page routes in the URL configuration")
        jobs = []
        for _n in range(args.requests):
            for user in users:
                for route, url in targets[user].items():
                    jobs.append((user, route, url, cookies[user]))
                jobs.append(("-", "/healthz", "/healthz", {}))
            jobs += [("-", "/healthz", "/healthz", {})] * (args.clients - 1)
        t0 = time.perf_counter()
        samples, memory = drive(port, jobs, args.clients, args.time_limit)
        took = time.perf_counter() - t0
    finally:
        stop_server(server)
    report(samples, memory, took, args)


def report(samples, memory, took, args):
    floor_samples = [v[0] for v in samples.pop(("-", "/healthz"), [])] or [1.0]
    floor = statistics.median(floor_samples)
    rows = []
    for (role, route), values in samples.items():
        times = [v[0] for v in values]
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        queries = max(v[2] for v in values)
        own = statistics.median(v[3] for v in values)
        judged = verdict(route, p50, p95, floor, queries, [v[1] for v in values])
        rows.append((role, route, len(values), p50, p95, p50 / floor, queries, judged, own))
    total = sum(len(v) for v in samples.values()) + len(floor_samples)
    head = f"{'role':<18} {'route':<58} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'÷floor':>7} {'worker':>8}"
    print(f"{head} {'SQL':>4}  verdict")
    for r in rows:
        print(f"{r[0]:<18} {r[1]:<58} {r[2]:>3} {r[3]:>8.1f} {r[4]:>8.1f} {r[5]:>7.0f} {r[8]:>8.1f} {r[6]:>4}  {r[7]}")
    ok = sum(1 for r in rows if r[7] == "ok")
    floor95 = percentile(floor_samples, 0.95)
    print(f"\n/healthz floor: p50 {floor:.1f} ms, p95 {floor95:.1f} ms ({len(floor_samples)} requests)")
    print(f"{len(rows)} rows, {ok} within budget; {total} requests in {took:.0f} s")
    print(f"{args.clients} clients, {args.workers} workers")
    cpu = [v[4] for values in samples.values() for v in values]
    print(
        f"the workers' CPU: {statistics.mean(cpu):.1f} ms per request on average, {sum(cpu) / 1000:.0f} s in all"
        " (the request's own work, whatever the load)"
    )
    peak = max(memory.values(), default=0) / 1024
    print("peak worker memory: " + ", ".join(f"{pid} {kib / 1024:.0f} MiB" for pid, kib in sorted(memory.items())))
    worst = sorted(rows, key=lambda r: -r[8])[:15]
    print("\nworst 15 by the worker's own time (p50):")
    for r in worst:
        print(f"  {r[0]:<18} {r[1]:<58} worker {r[8]:>8.1f} ms  p50 {r[3]:>8.1f} ms  {r[6]} SQL")
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write("| role | route | n | p50 ms | p95 ms | ÷ floor | worker p50 ms | SQL | verdict |\n")
            fh.write("|---|---|--:|--:|--:|--:|--:|--:|---|\n")
            for r in rows:
                cells = [
                    r[0],
                    f"`{r[1]}`",
                    r[2],
                    f"{r[3]:.1f}",
                    f"{r[4]:.1f}",
                    f"{r[5]:.0f}",
                    f"{r[8]:.1f}",
                    r[6],
                    r[7],
                ]
                fh.write("| " + " | ".join(str(c) for c in cells) + " |\n")
            fh.write(
                f"\n/healthz floor p50 {floor:.1f} ms; {len(rows)} rows, {ok} within budget; "
                f"{total} requests in {took:.0f} s; {args.clients} clients, {args.workers} workers; "
                f"peak worker memory {peak:.0f} MiB.\n"
            )


if __name__ == "__main__":
    main()
