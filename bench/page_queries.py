#!/usr/bin/env python
"""How many SQL statements each page of the demo runs, for each demo role (issue 19 §2: ≤ 15).

    .venv/bin/python bench/page_queries.py [--users wuwei_staff,…] [--depth 1] [--over 15]
                                           [--json counts.json] [--compare before.json]

Logs in as each account (password Lvzhi-demo-2026) with Django's test client, opens the home page
and requests every link on it — the panels' links, the side menu, the header — plus the side menu's
counts and `GET /api/v1/me/todos`; with `--depth 2` also the links of those pages (one URL per
route). Each page is requested twice and the second request's statements are counted
(`CaptureQueriesContext`): the session already renewed, the figure cache warm — what a user sees
on their second visit. Downloads (xlsx, docx, zip, pdf) and the logout are left out.

Without DATABASE_URL it builds a fresh SQLite database with the demo in a temporary directory; with
DATABASE_URL it uses that database (and loads the demo there only if it is empty). `--json` writes
the counts, `--compare` prints them beside those of an earlier `--json` (before → after).
Nothing here asserts: the tests do (lvzhi/core/tests/test_page_queries_at_two_sizes.py).
"""

import argparse
import html
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from demo_db import demo_database  # noqa: E402 (after the path)

USERS = ["wuwei_staff", "wuwei_leader", "wuwei_member", "wuwei_unit"]
PASSWORD = "Lvzhi-demo-2026"
LINK = re.compile(r"""(?:href|hx-get|data-menu-counts)="(/[^"#]*)""")
SKIPPED = re.compile(r"(\.(xlsx|docx|zip|pdf|csv|ics)(\?|$))|/logout|/static/|/media/|/i18n/|[?&](export|format)=")
EXTRA = ["/api/v1/me/todos"]


def links(body: str) -> list[str]:
    found = []
    for raw in LINK.findall(body):
        url = html.unescape(raw)
        if not SKIPPED.search(url) and url not in found:
            found.append(url)
    return found


def route_of(url: str) -> str:
    from django.urls import Resolver404, resolve

    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return url
    keys = ",".join(sorted(k.split("=")[0] for k in parts.query.split("&") if k))
    return f"{match.route}?{keys}"


def measure(client, url: str):
    """(status, statements of the second request, the statements)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries), [q["sql"] for q in queries.captured_queries]


def crawl(username: str, depth: int, show: str | None):
    from django.test import Client

    client = Client()
    if not client.login(username=username, password=PASSWORD):
        from lvzhi.accounts.models import User

        client.force_login(User.objects.get(username=username))
    results: dict[str, int] = {}
    seen_routes: set[str] = set()
    frontier = ["/"]
    for level in range(depth + 1):
        following = []
        for url in frontier:
            if url in results:
                continue
            if level >= 2:
                route = route_of(url)
                if route in seen_routes:
                    continue
                seen_routes.add(route)
            response, n, sqls = measure(client, url)
            results[url] = n if response.status_code == 200 else -response.status_code
            if show and re.search(show, url):
                print(f"--- {username} {url}: {n}")
                for sql in sqls:
                    print("   ", sql[:400])
            if level < depth and response.status_code == 200 and "html" in response.get("Content-Type", ""):
                following += [u for u in links(response.content.decode()) if u not in results]
        if level == 0:
            following += EXTRA
        frontier = following
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", default=",".join(USERS))
    parser.add_argument("--depth", type=int, default=1, help="1: the home page's links; 2: theirs too")
    parser.add_argument("--over", type=int, default=0, help="print only pages above this many statements")
    parser.add_argument("--json", help="write the counts to this file")
    parser.add_argument("--compare", help="an earlier --json: print before → after")
    parser.add_argument("--show", help="print the statements of the pages matching this regex")
    args = parser.parse_args()

    demo_database("lvzhi-bench-")

    before = {}
    if args.compare:
        before = {tuple(k.split(" ", 1)): v for k, v in json.loads(Path(args.compare).read_text()).items()}
    counts = {}
    for username in args.users.split(","):
        counts.update({(username, url): n for url, n in crawl(username, args.depth, args.show).items()})

    over = sum(1 for n in counts.values() if n > 15)
    print(f"{len(counts)} pages, {over} over 15 statements (negative: the page answered that status)")
    header = f"{'user':<14} {'page':<60} " + (f"{'before':>7} " if before else "") + f"{'stmts':>6}"
    print(header)
    for (username, url), n in counts.items():
        if n <= args.over and before.get((username, url), 0) <= args.over:
            continue
        old = f"{before.get((username, url), ''):>7} " if before else ""
        print(f"{username:<14} {url:<60} {old}{n:>6}")
    if args.json:
        Path(args.json).write_text(json.dumps({f"{u} {p}": n for (u, p), n in counts.items()}, indent=1))


if __name__ == "__main__":
    main()
