#!/usr/bin/env python
"""Benchmark: the proposal list's xlsx export of 100,000 rows, made as the background job makes it.

    .venv/bin/python bench/exports.py [--proposals 100000]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL if set, migrating it
and loading the demo organisation if it is empty), adds synthetic proposals to the 武威 committee
(620600) until it has --proposals (bench/proposals.py's generator), and then, in a fresh process so
that its peak memory is the export's own:

- asks for /proposals/?export=xlsx as wuwei_staff: more rows than LVZHI_EXPORT_BACKGROUND_ROWS, so
  the request answers with the job's page (timed);
- runs that job as the worker does (`manage.py db_worker` calls the same task), and prints its wall
  time, CPU time (user + system), the process's peak memory (ru_maxrss) before and after the job,
  the rows in the file and its size.

Nothing here asserts a figure. Run it against another checkout's code (main's, to compare) by
copying bench/ to a temporary directory and setting PYTHONPATH to that checkout.
"""

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    os.environ.setdefault("LVZHI_PLAIN_STATIC", "1")
    import django

    django.setup()


def build(n: int) -> None:
    setup()
    from django.core.management import call_command

    from bench.proposals import generate
    from lvzhi.org.models import Committee
    from lvzhi.proposals.models import Proposal

    call_command("migrate", run_syncdb=True, verbosity=0)
    if not Committee.objects.filter(code="620600").exists():
        from lvzhi.org.demo import load as load_org

        t0 = time.perf_counter()
        load_org()
        print(f"demo organisation loaded in {time.perf_counter() - t0:.1f} s")
    committee = Committee.objects.get(code="620600")
    have = Proposal.objects.filter(committee=committee).count()
    if have < n:
        print(f"generating {n - have} proposals for {committee.name} …")
        t0 = time.perf_counter()
        generate(committee, n - have)
        print(f"generated in {time.perf_counter() - t0:.1f} s")


def measure() -> None:
    """The export, in this (fresh) process: the request, then the job."""
    setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils.module_loading import import_string
    from openpyxl import load_workbook

    from lvzhi.accounts.models import User
    from lvzhi.jobs.models import Job
    from lvzhi.proposals.models import Proposal

    total = Proposal.objects.count()
    staff = User.objects.get(username="wuwei_staff")
    client = Client()
    client.force_login(staff)
    with override_settings(ALLOWED_HOSTS=["*"]):
        ready = peak_mib()
        t0 = time.perf_counter()
        response = client.get("/proposals/?export=xlsx&per_page=20")
        asked = time.perf_counter() - t0
        location = response.get("Location", "")
        if response.status_code != 302 or not location.startswith("/jobs/"):
            sys.exit(f"the export did not answer with a job: {response.status_code} {location}")
        job = Job.objects.get(pk=int(location.strip("/").split("/")[-1]))
        before = peak_mib()
        cpu0, t0 = cpu_seconds(), time.perf_counter()
        state = import_string(job.task_path).call(job.pk)
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
        after = peak_mib()
    job.refresh_from_db()
    if state != "succeeded":
        sys.exit(f"the job ended {state}: {job.last_error}")
    size = job.result_file.size
    with job.result_file.open("rb") as fh:  # counted row by row: a streamed sheet states no dimension
        sheet = load_workbook(io.BytesIO(fh.read()), read_only=True).worksheets[0]
        rows = sum(1 for _row in sheet.iter_rows(values_only=True)) - 1
    print(f"proposals in the database:       {total}")
    print(f"export threshold (rows):         {settings.EXPORT_BACKGROUND_ROWS}")
    print(f"request answered with its job:   {asked * 1000:.0f} ms")
    print(f"job: rows in the file            {rows}")
    print(f"job: file size                   {size / 1024 / 1024:.1f} MiB")
    print(f"job: wall time                   {wall:.1f} s")
    print(f"job: CPU time (user + system)    {cpu:.1f} s")
    print(f"peak memory after set-up         {ready:.0f} MiB")
    print(f"peak memory before the job       {before:.0f} MiB")
    print(f"peak memory after the job        {after:.0f} MiB  (the job added {after - before:.0f} MiB)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=100_000, help="proposals of 武威 to export (default 100000)")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)  # the child processes
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.proposals)
        return
    if args.measure:
        measure()
        return
    if "DATABASE_URL" not in os.environ:
        os.environ["LVZHI_VAR_DIR"] = tempfile.mkdtemp(prefix="lvzhi-bench-exports-")
    if "LVZHI_MEDIA_DIR" not in os.environ:  # the job's file: not in a deployment's media
        os.environ["LVZHI_MEDIA_DIR"] = tempfile.mkdtemp(prefix="lvzhi-bench-exports-media-")
    child = subprocess.run(
        [sys.executable, __file__, "--build", f"--proposals={args.proposals}"], env=os.environ, check=False
    )
    if child.returncode:
        sys.exit(child.returncode)
    print()
    sys.exit(subprocess.run([sys.executable, __file__, "--measure"], env=os.environ, check=False).returncode)


if __name__ == "__main__":
    main()
