#!/usr/bin/env python
"""Benchmark: the demo's largest xlsx exports written by the platform's writer, timed per workbook.

    .venv/bin/python bench/demo_exports.py [--repeat 1] [--only audit,activities,service] [--profile]

The set-up of the page benchmarks (bench/demo_db.py: a fresh SQLite database with the demo unless
DATABASE_URL names one). Each export is the list's own columns written by `exports.write_rows`
from the list's queryset, every row (no filter, no row limit), into a temporary file, as the
background job writes it:

- audit:      the audit log (accounts.admin_views.AUDIT_COLUMNS, 13 columns);
- activities: the activities (activities.views.activities.EXPORT_COLUMNS, with the invited and
              present counts);
- service:    the register of matters done for the people (supervision 帮办实事, its list columns).

Prints rows, wall time, CPU time and the file's size per export; `--profile` adds the top of a
cProfile of each, `--keep DIR` keeps the workbooks (to compare two checkouts' files). Nothing
here asserts a figure. Run it against another checkout's code (main's, to compare) by copying
bench/ to a temporary directory and setting PYTHONPATH to that checkout.
"""

import argparse
import cProfile
import io
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def exports_to_time():
    from lvzhi.accounts.admin_views import AUDIT_COLUMNS
    from lvzhi.activities.models import Activity
    from lvzhi.activities.selectors import with_counts
    from lvzhi.activities.views.activities import EXPORT_COLUMNS
    from lvzhi.core.models import AuditEntry
    from lvzhi.core.registers import listing_of
    from lvzhi.supervision.registers_people import SERVICE

    service = listing_of(SERVICE)
    return {
        "audit": (AuditEntry.objects.select_related("committee").order_by("-at", "-pk"), AUDIT_COLUMNS),
        "activities": (
            with_counts(Activity.objects.select_related("committee")).order_by("-start", "-pk"),
            EXPORT_COLUMNS,
        ),
        "service": (SERVICE.queryset().order_by("-raised_on", "-pk"), service.exported()),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1, help="times each export is written (the best is shown)")
    parser.add_argument("--only", default="", help="comma-separated: audit, activities, service")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of each export")
    parser.add_argument("--keep", default="", help="a directory to keep the workbooks in (<export>.xlsx), to compare")
    args = parser.parse_args()

    from bench.demo_db import demo_database

    demo_database("lvzhi-bench-demo-exports-")
    from django.utils import translation

    from lvzhi.core.exports import write_rows

    translation.activate("zh-hans")
    chosen = [name for name in args.only.split(",") if name] or None
    print(f"{'export':<12}{'rows':>8}{'wall s':>9}{'CPU s':>8}{'MiB':>7}")
    for name, (queryset, columns) in exports_to_time().items():
        if chosen and name not in chosen:
            continue
        best = None
        for _ in range(max(args.repeat, 1)):
            profile = cProfile.Profile() if args.profile else None
            with tempfile.TemporaryFile() as target:
                cpu0, t0 = cpu_seconds(), time.perf_counter()
                if profile:
                    profile.enable()
                rows = write_rows(target, queryset.all(), list(columns), sheet_title=name)
                if profile:
                    profile.disable()
                wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
                size = target.tell()
                if args.keep:
                    target.seek(0)
                    Path(args.keep, f"{name}.xlsx").write_bytes(target.read())
            if best is None or wall < best[1]:
                best = (rows, wall, cpu, size)
        rows, wall, cpu, size = best
        print(f"{name:<12}{rows:>8}{wall:>9.2f}{cpu:>8.2f}{size / 1024 / 1024:>7.1f}")
        if profile:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())


if __name__ == "__main__":
    main()
