"""The jobs run by the real worker: `manage.py db_worker` in a process of its own on the test
database (conftest.py). Each test enqueues through the platform, waits for the worker, and reads
the outcome from the database and from the files the tasks write."""

import io
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from lvzhi.jobs.choices import AttemptOutcome, JobState
from lvzhi.jobs.models import Job
from lvzhi.jobs.tasks import enqueue_job
from lvzhi.jobs.tests.worker_tasks import broken, flaky, record_effect
from lvzhi.org.tests.api_support import session_client

pytestmark = pytest.mark.django_db(transaction=True)


def _state(job):
    return lambda: Job.objects.get(pk=job.pk).state in (JobState.SUCCEEDED, JobState.DEAD)


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_the_worker_runs_a_queued_job_and_keeps_its_file(worker, personas, tmp_path):
    effects = tmp_path / "effects.txt"
    job = enqueue_job(record_effect, title="测试任务", owner=personas.member, path=str(effects), label="一次")
    assert Job.objects.get(pk=job.pk).state == JobState.QUEUED
    worker.wait_for(_state(job), what="the job")
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert (job.attempts, job.progress) == (1, 100)
    assert _lines(effects) == ["一次"]
    assert job.result_name == "effect.txt"
    assert job.result_file.read() == "一次".encode()
    assert list(job.attempt_rows.values_list("outcome", flat=True)) == [AttemptOutcome.OK]


def test_a_job_asked_for_twice_does_its_work_once(worker, personas, tmp_path):
    """The same idempotency key gives the same job; a second queue entry of one job (a duplicate
    delivery) finds it done and does nothing."""
    effects = tmp_path / "effects.txt"
    ask = {"title": "通知", "idempotency_key": "notice:1:member", "path": str(effects), "label": "发送"}
    first = enqueue_job(record_effect, **ask)
    second = enqueue_job(record_effect, **ask)
    assert second.pk == first.pk
    record_effect.enqueue(first.pk)  # the queue holds the job twice now
    worker.wait_for(_state(first), what="the job")
    worker.wait_for(lambda: _lines(effects) and Job.objects.get(pk=first.pk).attempts == 1)
    # once the worker has taken the duplicate entry too, count the effect
    worker.wait_for(lambda: DBTaskResult.objects.successful().count() == 2, what="both queue entries")
    assert _lines(effects) == ["发送"]
    assert Job.objects.filter(idempotency_key="notice:1:member").count() == 1
    assert Job.objects.get(pk=first.pk).attempts == 1


def test_a_temporary_failure_is_retried_with_growing_waits_then_becomes_a_dead_letter(worker, tmp_path):
    runs, switch = tmp_path / "runs.txt", tmp_path / "gateway-down"
    switch.touch()
    job = enqueue_job(flaky, title="短信", path=str(runs), switch=str(switch))
    worker.wait_for(_state(job), what="three attempts")
    job.refresh_from_db()
    assert job.state == JobState.DEAD
    assert job.attempts == job.max_attempts == 3
    assert "网关暂时不可用" in job.last_error
    assert _lines(runs) == ["attempt 1", "attempt 2", "attempt 3"]
    attempts = list(job.attempt_rows.all())
    assert [a.outcome for a in attempts] == [AttemptOutcome.TEMPORARY] * 3
    # backoff 0.5 s, then 1 s: each wait at least as long as the rule says
    waits = [(b.started_at - a.finished_at).total_seconds() for a, b in zip(attempts, attempts[1:], strict=False)]
    assert waits[0] >= 0.5 and waits[1] >= 1.0, waits


def test_a_permanent_error_is_a_dead_letter_at_once(worker, tmp_path):
    runs = tmp_path / "runs.txt"
    job = enqueue_job(broken, title="坏任务", path=str(runs))
    worker.wait_for(_state(job), what="the job")
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DEAD, 1)
    assert job.last_error == "ValueError: 参数错误"
    assert _lines(runs) == ["broken"]


def test_the_system_administrator_retries_a_dead_letter_from_the_page(worker, personas, tmp_path):
    runs, switch = tmp_path / "runs.txt", tmp_path / "gateway-down"
    switch.touch()
    job = enqueue_job(flaky, title="短信", path=str(runs), switch=str(switch))
    worker.wait_for(_state(job), what="the dead letter")
    admin = session_client(personas.sysadmin)
    page = admin.get("/jobs/dead/").content.decode()
    assert "短信" in page and f"/jobs/{job.pk}/retry/" in page
    switch.unlink()  # the gateway is back
    response = admin.post(f"/jobs/{job.pk}/retry/")
    assert response.status_code == 302
    assert Job.objects.get(pk=job.pk).state == JobState.QUEUED
    worker.wait_for(lambda: Job.objects.get(pk=job.pk).state == JobState.SUCCEEDED, what="the retried job")
    job.refresh_from_db()
    assert job.attempts == 4 and job.retried_from == 3
    assert _lines(runs)[-1] == "attempt 4"
    assert 'data-testid="dead-letter"' not in admin.get("/jobs/dead/").content.decode()


def test_a_large_export_is_made_by_the_worker_for_the_user_who_asked_only(worker, personas, settings):
    settings.EXPORT_BACKGROUND_ROWS = 1  # the office's list has two members: more than that
    staff = session_client(personas.staff)
    response = staff.get("/org/members/?export=xlsx")
    job = Job.objects.get(owner=personas.staff)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.kind == "download"
    # asking again while it runs leads to the same job
    assert staff.get("/org/members/?export=xlsx")["Location"] == f"/jobs/{job.pk}/"
    worker.wait_for(_state(job), what="the export")
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.last_error
    assert job.result_name.endswith(".xlsx")
    page = staff.get(f"/jobs/{job.pk}/").content.decode()
    assert f"/jobs/{job.pk}/file/" in page
    download = staff.get(f"/jobs/{job.pk}/file/")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(values_only=True))
    names = {cell for row in rows for cell in row}
    assert {"李明", "王芳"} <= names and "赵强" not in names  # the staff's scope, as the page shows it
    for other in (personas.other_staff, personas.sysadmin, personas.member):
        assert session_client(other).get(f"/jobs/{job.pk}/file/").status_code == 404
