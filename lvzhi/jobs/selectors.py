"""Reads of the jobs: a user's own, the dead letters, one job as a user may see it."""

from lvzhi.core.cleaning import MAX_ID
from lvzhi.core.errors import NotFound
from lvzhi.jobs.models import Job


def own_jobs(user):
    return Job.objects.filter(owner=user)


def dead_letters():
    return Job.objects.dead_letters().select_related("owner").order_by("-finished_at", "-id")


def get_job_for_user(user, pk) -> Job:
    """The job if `user` may see it (its owner, or the system administrator); else 404."""
    if not isinstance(pk, int) or not 0 < pk <= MAX_ID:
        raise NotFound()
    job = Job.objects.visible_to(user).select_related("owner").filter(pk=pk).first()
    if job is None:
        raise NotFound()
    return job
