"""Test factories: real job rows in the real database."""

from django.utils import timezone

from lvzhi.jobs.choices import JobState
from lvzhi.jobs.models import Job


def make_job(owner=None, *, state=JobState.QUEUED, title="导出：委员", kind="download", **fields) -> Job:
    done = state in (JobState.SUCCEEDED, JobState.DEAD)
    return Job.objects.create(
        owner=owner,
        kind=kind,
        title=title,
        task_path="lvzhi.jobs.downloads.render_download",
        params=fields.pop("params", {"path": "/org/members/", "query": "export=xlsx", "scope": None}),
        state=state,
        max_attempts=fields.pop("max_attempts", 1),
        backoff_seconds=fields.pop("backoff_seconds", 30),
        attempts=fields.pop("attempts", 1 if done else 0),
        finished_at=timezone.now() if done else None,
        **fields,
    )
