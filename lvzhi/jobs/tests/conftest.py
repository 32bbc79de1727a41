"""The real worker for the jobs' tests: `manage.py db_worker` in a process of its own, on this
test run's database (a file for SQLite, a database for PostgreSQL), which sees only committed
rows, so the tests that use it run with `transactional_db`."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = f"{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{s['NAME']}"


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path):
        self.process, self.log = process, log

    def wait_for(self, predicate, timeout: float = 90, what: str = "the worker") -> None:
        """Poll until `predicate()` holds (the worker runs on its own), or fail with its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(f"{what}: not done in {timeout} s; worker log:\n{self.log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """One `manage.py db_worker` for the module's tests, polling every 0.2 s."""
    with django_db_blocker.unblock():
        url = database_url()
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "LVZHI_MEDIA_DIR": str(settings.MEDIA_ROOT),
        "LVZHI_PLAIN_STATIC": "1",
        "LVZHI_TASKS_BACKEND": "database",
        # a connection per poll: between two tests the test database is emptied — on SQLite by
        # copying a template over its file — and a connection kept for a minute would go on reading
        # the file that was replaced (each test after the first waited ~60 s for its job)
        "LVZHI_DB_CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2", "--no-reload"]
            + ["--no-startup-delay", "-v", "2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield Worker(process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
