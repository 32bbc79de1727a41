"""Durable background tasks: a thin layer over django-tasks that gives every run a `Job` row
(owner, progress, attempts, error, file), retries temporary failures with exponential backoff,
keeps what still fails as a dead letter the system administrator can retry, and runs the work of
one job at most once however often it is queued.

    from lvzhi.jobs.tasks import TemporaryError, durable_task, enqueue_job

    @durable_task(max_attempts=5, backoff_seconds=60)
    def send_sms(job, *, delivery_id):
        ...                                   # raise TemporaryError(...) for a gateway time-out
        job.progress(3, 10, "已发送 3 条")     # optional

    enqueue_job(send_sms, title="短信", idempotency_key=f"sms:{delivery.pk}", delivery_id=delivery.pk)

A durable task is a django-tasks `Task` (its queue entry holds only the job's id), so the worker is
django-tasks' own: `manage.py db_worker` with the database backend (settings.TASKS). django-tasks
0.12 has `run_after` but no retries: the retry here is a new queue entry with `run_after` set to
the end of the wait. A task returns nothing, or a `ResultFile` that the job keeps for its owner.
The function receives a `JobHandle`, then the keyword arguments given to `enqueue_job` (stored as
JSON on the job)."""

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django_tasks import task

from lvzhi.core import exports
from lvzhi.jobs import services
from lvzhi.jobs.models import Job

logger = logging.getLogger(__name__)


class TemporaryError(Exception):
    """A failure worth trying again later (a time-out, a busy gateway): the job is retried."""


@dataclass(frozen=True)
class ResultFile:
    """What a task returns when it makes a file for the job's owner: its `content`, or an open
    binary `file` (a temporary file the task wrote), which the job stores in chunks and closes."""

    name: str
    content: bytes = b""
    content_type: str = "application/octet-stream"
    file: IO[bytes] | None = None


@dataclass(frozen=True)
class Spec:
    kind: str
    max_attempts: int | None
    backoff_seconds: float | None
    temporary: tuple[type[BaseException], ...]


_specs: dict[str, Spec] = {}


class JobHandle:
    """What a running task sees of its job."""

    def __init__(self, job: Job):
        self.job = job

    @property
    def id(self) -> int:
        return self.job.pk

    @property
    def owner(self):
        return self.job.owner

    @property
    def attempt(self) -> int:
        return self.job.attempts

    def progress(self, done: int, total: int, note: str = "") -> None:
        services.report_progress(self.job, done, total, note)


def durable_task(
    *,
    kind: str = "",
    max_attempts: int | None = None,
    backoff_seconds: float | None = None,
    temporary: tuple[type[BaseException], ...] = (TemporaryError,),
    priority: int = 0,
    queue_name: str = "default",
) -> Callable:
    """Make `func(job, **params)` a django-tasks task run through a job (see the module docstring).
    `max_attempts` and `backoff_seconds` default to LVZHI_TASK_MAX_ATTEMPTS and
    LVZHI_TASK_BACKOFF_SECONDS; `temporary` names the exceptions that are retried."""

    def decorate(func):
        def entry(job_id: int):
            return run_job(job_id, func, spec)

        # named as the function, so the worker finds the task at the function's dotted path; its own
        # signature (the job id) kept, so django-tasks checks the queue entry against that
        functools.update_wrapper(entry, func)
        del entry.__wrapped__
        spec = Spec(kind or func.__name__, max_attempts, backoff_seconds, tuple(temporary))
        durable = task(priority=priority, queue_name=queue_name)(entry)
        _specs[durable.module_path] = spec
        return durable

    return decorate


def enqueue_job(durable, *, title: str, owner=None, idempotency_key: str | None = None, **params) -> Job:
    """Queue a durable task (after the current transaction commits) and return its job; with an
    idempotency key already used, the job of that key, queued nothing again."""
    spec = _specs.get(durable.module_path)
    if spec is None:
        raise ValueError(f"{durable.module_path} is not a durable task (decorate it with @durable_task).")
    job, _created = services.create_job(
        owner=owner,
        task_path=durable.module_path,
        params=params,
        title=title,
        kind=spec.kind,
        idempotency_key=idempotency_key,
        max_attempts=spec.max_attempts,
        backoff_seconds=spec.backoff_seconds,
    )
    return job


def run_job(job_id: int, func: Callable, spec: Spec) -> str:
    """One run of a job by the worker: claim it (or do nothing when it is not due), run the
    function, then record success, a retry or a dead letter."""
    job = services.claim_job(job_id)
    if job is None:
        return "skipped"
    handle = JobHandle(job)
    try:
        with exports.background(handle.progress):
            outcome = func(handle, **job.params)
    except spec.temporary as exc:
        logger.warning("job %s (%s) failed for now: %s", job.pk, job.kind, exc)
        return services.fail_job(job, exc, temporary=True).state
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        return services.fail_job(job, exc, temporary=False).state
    if isinstance(outcome, ResultFile):
        try:
            return services.finish_job(
                job,
                filename=outcome.name,
                content=outcome.file if outcome.file is not None else outcome.content,
                content_type=outcome.content_type,
            ).state
        finally:
            if outcome.file is not None:
                outcome.file.close()
    return services.finish_job(job).state


@task()
def recover_stuck_jobs(minutes: int = 60) -> int:
    """Jobs left `running` by a worker that was killed: retried or dead-lettered (the periodic
    form of `manage.py recover_jobs`)."""
    return len(services.recover_stuck_jobs(minutes=minutes))
