"""GET /api/v1/jobs/ (the caller's own jobs; the system administrator may ask `?state=dead` for
every dead letter), GET /api/v1/jobs/{id}, POST /api/v1/jobs/{id}/retry (system administrator):
the same selectors and services as the pages. `file_url` is given to the job's owner only."""

import datetime

from django.urls import reverse
from ninja import Query, Router, Schema

from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, In, PageQuery, QueryIn, page_of, paginate
from lvzhi.jobs import selectors, services
from lvzhi.jobs.choices import JobState
from lvzhi.jobs.models import Job

router = Router(tags=["jobs"])


class JobQuery(QueryIn):
    state: JobState | None = None


class JobOut(Schema):
    id: int
    kind: str
    title: str
    owner: str | None
    state: str
    state_label: str
    progress: int
    progress_note: str
    attempts: int
    max_attempts: int
    next_attempt_at: datetime.datetime | None
    last_error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    file_name: str
    file_url: str | None


class JobRetryIn(In):
    pass


def _out(job: Job, user) -> dict:
    mine = job.owner_id == user.pk
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "owner": job.owner.get_username() if job.owner_id else None,
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "progress": job.progress,
        "progress_note": job.progress_note,
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "next_attempt_at": job.next_attempt_at,
        "last_error": job.last_error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "file_name": job.result_name if mine else "",
        "file_url": reverse("jobs:file", args=[job.pk]) if mine and job.result_file else None,
    }


@router.get("/jobs/", response={200: page_of(JobOut), **READ_ERRORS}, operation_id="list_jobs")
def list_jobs(request, query: Query[JobQuery], paging: PageQuery):
    """The caller's background jobs, newest first; `state=dead` from the system administrator: every
    dead letter (the page 失败任务)."""
    user = request.auth
    if query.state == JobState.DEAD and user.has_role("sysadmin"):
        jobs = selectors.dead_letters()
    else:
        jobs = selectors.own_jobs(user).select_related("owner")
        if query.state:
            jobs = jobs.filter(state=query.state)
    page = paginate(jobs, paging.page, paging.page_size)
    return {"items": [_out(j, user) for j in page["items"]], "count": page["count"]}


@router.get("/jobs/{pk}", response={200: JobOut, **READ_ERRORS}, operation_id="get_job")
def get_job(request, pk: Id):
    return _out(selectors.get_job_for_user(request.auth, pk), request.auth)


@router.post("/jobs/{pk}/retry", response={200: JobOut, **WRITE_ERRORS}, operation_id="retry_job")
def retry_job(request, pk: Id, payload: JobRetryIn | None = None):
    """A dead letter back to the queue (system administrator; 409 for a job that is not dead)."""
    job = services.retry_job(actor=request.auth, job=selectors.get_job_for_user(request.auth, pk))
    return _out(job, request.auth)
