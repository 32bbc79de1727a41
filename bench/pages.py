#!/usr/bin/env python
"""Benchmark: how fast the busiest foundation pages and API lists answer on the demo data.

    .venv/bin/python bench/pages.py [--repeat 20]

Builds a fresh SQLite database with the demo data in a temporary directory (or uses DATABASE_URL
if set, which must then already hold the demo data), then requests each URL --repeat times as a
logged-in demo user and prints the median and 95th-percentile time, the number of SQL queries, and
the peak memory of the process. Nothing here asserts a time: it prints figures to compare.
"""

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from demo_db import demo_database  # noqa: E402 (after the path)

URLS = [
    ("wuwei_staff", "/"),
    ("wuwei_staff", "/org/members/"),
    ("wuwei_staff", "/org/members/?q=zh"),
    ("wuwei_staff", "/org/members/?page=5"),
    ("wuwei_staff", "/org/studios/"),
    ("wuwei_staff", "/api/v1/members/?page_size=50"),
    ("wuwei_leader", "/"),
    ("wuwei_member", "/"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    demo_database("lvzhi-bench-")
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    from lvzhi.accounts.models import User

    print(f"{'user':<14} {'url':<36} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    with override_settings(DEBUG=True, ALLOWED_HOSTS=["*"]):
        for username, url in URLS:
            client = Client()
            client.force_login(User.objects.get(username=username))
            timings = []
            queries = 0
            for _ in range(args.repeat):
                reset_queries()
                t0 = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - t0) * 1000)
                queries = len(connection.queries)
                if response.status_code != 200:
                    print(f"  {url} answered {response.status_code}")
                    break
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            print(f"{username:<14} {url:<36} {statistics.median(timings):>10.1f} {p95:>8.1f} {queries:>8}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
