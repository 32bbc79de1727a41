"""Every write of a background job: create it (once per idempotency key), claim a run, report
progress, finish with its file, fail (a retry after a growing wait, or the dead-letter list), and
the system administrator's retry of a dead letter.

The worker's own steps (claim, progress, finish, fail) have no actor: they are the job running.
Claiming is one conditional UPDATE, so two queue entries of one job never run it twice."""

import datetime
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.errors import Forbidden, IllegalTransition
from lvzhi.core.notifications import notify
from lvzhi.jobs.choices import AttemptOutcome, JobState
from lvzhi.jobs.models import Job, JobAttempt

ERROR_MAX = 4000


def create_job(
    *,
    owner,
    task_path: str,
    params: dict,
    title: str,
    kind: str,
    idempotency_key: str | None = None,
    max_attempts: int | None = None,
    backoff_seconds: float | None = None,
) -> tuple[Job, bool]:
    """A new job, queued for the worker after the commit; with an idempotency key that a job already
    has, that job (and False): whatever asks twice, the work is done once."""
    if idempotency_key:
        existing = Job.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            job = Job.objects.create(
                owner=owner,
                kind=kind[:60],
                title=str(title)[:200],
                task_path=task_path,
                params=params,
                idempotency_key=idempotency_key or None,
                max_attempts=max(1, max_attempts or settings.TASK_MAX_ATTEMPTS),
                backoff_seconds=settings.TASK_BACKOFF_SECONDS if backoff_seconds is None else backoff_seconds,
            )
    except IntegrityError:  # the same key, created meanwhile by another request
        return Job.objects.get(idempotency_key=idempotency_key), False
    if owner is not None:
        audit.record("job.create", actor=owner, obj=job, after={"kind": job.kind, "title": job.title})
    transaction.on_commit(lambda: _enqueue(job))
    return job, True


def _enqueue(job: Job, when: datetime.datetime | None = None) -> None:
    task = import_string(job.task_path)
    if when is not None and task.get_backend().supports_defer:
        task = task.using(run_after=when)
    task.enqueue(job.pk)


def claim_job(job_id: int) -> Job | None:
    """Start a run of the job: None when it is not waiting to run (finished, dead, already running,
    or a retry whose time has not come) — a second queue entry of one job then does nothing."""
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            Job.objects.filter(pk=job_id, state__in=[JobState.QUEUED, JobState.RETRYING])
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .update(state=JobState.RUNNING, attempts=F("attempts") + 1, started_at=now, next_attempt_at=None)
        )
        if not claimed:
            return None
        job = Job.objects.get(pk=job_id)
        JobAttempt.objects.create(job=job, number=job.attempts, started_at=now)
    return job


def report_progress(job: Job, done: int, total: int, note: str = "") -> None:
    """The job's progress (0–99 while it runs; 100 when it finishes), written when it changes."""
    percent = max(0, min(99, int(done * 100 / total))) if total else 0
    if percent == job.progress and note == job.progress_note:
        return
    job.progress, job.progress_note = percent, str(note)[:200]
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(progress=percent, progress_note=job.progress_note)


def finish_job(
    job: Job, *, filename: str = "", content: bytes | IO[bytes] | None = None, content_type: str = ""
) -> Job:
    """The run succeeded; the file it made (if any: its bytes, or an open binary file, stored in
    chunks from its start) is kept for the owner, who is told."""
    now = timezone.now()
    with transaction.atomic():
        if content is not None:
            stored = ContentFile(content) if isinstance(content, bytes) else File(content, name=filename)
            if not isinstance(content, bytes):
                content.seek(0)
            job.result_file.save(filename or "result.bin", stored, save=False)
            job.result_name, job.result_type = filename[:200], content_type[:100]
        Job.objects.filter(pk=job.pk).update(
            state=JobState.SUCCEEDED,
            progress=100,
            finished_at=now,
            last_error="",
            result_file=job.result_file.name or "",
            result_name=job.result_name,
            result_type=job.result_type,
        )
        JobAttempt.objects.filter(job=job, number=job.attempts).update(finished_at=now, outcome=AttemptOutcome.OK)
        if job.owner_id and content is not None:
            notify(
                [job.owner],
                title=_("后台任务已完成：%(title)s") % {"title": job.title},
                body=_("文件已生成，可在“我的后台任务”中下载。"),
                url=reverse("jobs:detail", args=[job.pk]),
                kind="jobs.finished",
            )
    job.refresh_from_db()
    return job


def fail_job(job: Job, error: BaseException | str, *, temporary: bool) -> Job:
    """The run failed. A temporary failure with attempts left waits backoff × 2^(n−1) and runs
    again; anything else makes the job a dead letter, which the system administrator may retry."""
    now = timezone.now()
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    text = text[:ERROR_MAX]
    round_attempts = job.attempts - job.retried_from
    with transaction.atomic():
        JobAttempt.objects.filter(job=job, number=job.attempts).update(
            finished_at=now,
            outcome=AttemptOutcome.TEMPORARY if temporary else AttemptOutcome.FAILED,
            error=text,
        )
        if temporary and round_attempts < job.max_attempts:
            when = now + datetime.timedelta(seconds=job.backoff_seconds * 2 ** (round_attempts - 1))
            deferred = import_string(job.task_path).get_backend().supports_defer
            Job.objects.filter(pk=job.pk).update(
                state=JobState.RETRYING, last_error=text, next_attempt_at=when if deferred else None
            )
            transaction.on_commit(lambda: _enqueue(job, when))
        else:
            Job.objects.filter(pk=job.pk).update(state=JobState.DEAD, last_error=text, finished_at=now)
            audit.record(
                "job.dead", obj=job, result="failed", after={"kind": job.kind, "attempts": job.attempts, "error": text}
            )
            if job.owner_id:
                notify(
                    [job.owner],
                    title=_("后台任务失败：%(title)s") % {"title": job.title},
                    body=text,
                    url=reverse("jobs:detail", args=[job.pk]),
                    kind="jobs.failed",
                )
    job.refresh_from_db()
    return job


def retry_job(*, actor, job: Job) -> Job:
    """The system administrator sends a dead letter back to the queue, with a fresh allowance of
    attempts. Only a dead letter can be retried."""
    if not actor.has_role("sysadmin"):
        raise Forbidden(_("只有系统管理员可以重试失败的后台任务。"))
    with transaction.atomic():
        retried = Job.objects.filter(pk=job.pk, state=JobState.DEAD).update(
            state=JobState.QUEUED, retried_from=F("attempts"), next_attempt_at=None, finished_at=None
        )
        if not retried:
            raise IllegalTransition(_("只有失败的后台任务可以重试。"))
        audit.record("job.retry", actor=actor, obj=job, before={"state": JobState.DEAD}, after={"state": "queued"})
        job.refresh_from_db()
        transaction.on_commit(lambda: _enqueue(job))
    return job


def recover_stuck_jobs(*, minutes: int) -> list[Job]:
    """Jobs running for longer than `minutes` lost their worker (killed mid-run): each is failed for
    now — retried after its backoff while it has attempts left, else a dead letter."""
    cutoff = timezone.now() - datetime.timedelta(minutes=minutes)
    stuck = list(Job.objects.filter(state=JobState.RUNNING, started_at__lt=cutoff))
    message = _("工作进程在运行中中断（超过 %(minutes)d 分钟未结束）。") % {"minutes": minutes}
    return [fail_job(job, message, temporary=True) for job in stuck]
