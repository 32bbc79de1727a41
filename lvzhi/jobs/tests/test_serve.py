"""`./run` ends in scripts/serve.sh: gunicorn and a background worker, stopped together by Ctrl-C.
The script runs here for real, on the test database: the web server answers, the worker runs a
job queued meanwhile, and Ctrl-C (SIGINT to the whole process group, as a terminal sends it)
leaves no process behind."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from lvzhi.jobs.choices import JobState
from lvzhi.jobs.models import Job
from lvzhi.jobs.tasks import enqueue_job
from lvzhi.jobs.tests.conftest import ROOT, database_url
from lvzhi.jobs.tests.worker_tasks import record_effect

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait(predicate, timeout: float, log: Path, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail(f"{what}: not within {timeout} s; log:\n{log.read_text()[-3000:]}")


def _environment(port: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "LVZHI_PORT": str(port),
        "LVZHI_WORKERS": "1",
        "LVZHI_TASK_WORKERS": "1",
        "LVZHI_PLAIN_STATIC": "1",
        "LVZHI_MEDIA_DIR": str(settings.MEDIA_ROOT),
        "LVZHI_TASKS_BACKEND": "database",
    }


def _start(port: int, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            [str(ROOT / "scripts" / "serve.sh")],
            cwd=ROOT,
            env=_environment(port),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _processes_of(pgid: int) -> dict[int, str]:
    """The processes of a process group: pid → command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[2]) == pgid:
            found[int(entry.name)] = cmdline
    return found


def test_the_server_script_runs_the_web_server_and_a_worker_and_ctrl_c_stops_both(tmp_path):
    port, log = _free_port(), tmp_path / "serve.log"
    effects = tmp_path / "effects.txt"
    job = enqueue_job(record_effect, title="测试", path=str(effects), label="ok")
    server = _start(port, log)
    try:
        _wait(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), 120, log, "the web server")
        _wait(lambda: Job.objects.get(pk=job.pk).state == JobState.SUCCEEDED, 120, log, "the worker")
        assert effects.read_text() == "ok\n"
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C
        assert server.wait(timeout=60) == 130
        _wait(lambda: not _group_alive(server.pid), 30, log, "every process stopped")
        assert not _answers(f"http://127.0.0.1:{port}/healthz")
    finally:
        if _group_alive(server.pid):
            os.killpg(server.pid, signal.SIGKILL)


def test_when_the_worker_ends_the_script_stops_the_web_server_too(tmp_path):
    port, log = _free_port(), tmp_path / "serve.log"
    server = _start(port, log)
    try:
        _wait(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), 120, log, "the web server")
        _wait(lambda: "Starting worker" in log.read_text(), 120, log, "the worker")
        workers = [pid for pid, cmd in _processes_of(server.pid).items() if "db_worker" in cmd]
        assert len(workers) == 1
        os.kill(workers[0], signal.SIGTERM)
        server.wait(timeout=60)
        _wait(lambda: not _group_alive(server.pid), 30, log, "gunicorn stopped")
        assert "stopping the others" in log.read_text()
    finally:
        if _group_alive(server.pid):
            os.killpg(server.pid, signal.SIGKILL)
