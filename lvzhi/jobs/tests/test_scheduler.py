"""The scheduler queues every periodic task (settings.PERIODIC_TASKS) for the workers."""

import datetime

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from lvzhi.jobs.choices import JobState
from lvzhi.jobs.factories import make_job
from lvzhi.jobs.tasks import recover_stuck_jobs

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


@override_settings(TASKS=DATABASE_QUEUE)
def test_once_queues_each_periodic_task_once_in_the_database_queue(db):
    call_command("scheduler", "--once", verbosity=0)
    queued = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == sorted(path for path, _seconds in settings.PERIODIC_TASKS)
    assert {path.rsplit(".", 1)[0] for path in queued} == {"lvzhi.delivery.tasks", "lvzhi.jobs.tasks"}


def test_every_periodic_task_is_a_task_with_a_sensible_interval():
    for path, seconds in settings.PERIODIC_TASKS:
        assert hasattr(import_string(path), "enqueue"), path
        assert 60 <= seconds <= 24 * 3600, path


def test_the_recovery_task_fails_a_job_whose_worker_died_and_leaves_a_running_one(db):
    now = timezone.now()
    died = make_job(state=JobState.RUNNING, started_at=now - datetime.timedelta(hours=2), attempts=1)
    running = make_job(state=JobState.RUNNING, started_at=now - datetime.timedelta(minutes=5), attempts=1)
    assert recover_stuck_jobs.call(minutes=60) == 1
    died.refresh_from_db()
    running.refresh_from_db()
    assert died.state == JobState.DEAD  # its one attempt was used
    assert running.state == JobState.RUNNING
