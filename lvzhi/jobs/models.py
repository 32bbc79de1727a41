"""A background job: one run of a durable task (lvzhi/jobs/tasks.py) as its owner and the
administrators see it — what it is, how far it got, its attempts, its error and its file.

The queue itself is django-tasks' (the `django_tasks_db` table, read by `manage.py db_worker`);
a job row outlives its queue entries: every attempt is a new entry pointing at the same job."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.jobs.choices import AttemptOutcome, JobState


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Its owner sees a job; the system administrator sees every job (not their files: a result
        file is served only to its owner)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.has_role("sysadmin"):
            return self
        return self.filter(owner=user)

    def dead_letters(self):
        return self.filter(state=JobState.DEAD)


class Job(models.Model):
    kind = models.CharField(_("类别"), max_length=60)
    title = models.CharField(_("名称"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    task_path = models.CharField(_("任务"), max_length=200)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    idempotency_key = models.CharField(_("幂等键"), max_length=200, null=True, blank=True, unique=True)
    state = models.CharField(_("状态"), max_length=12, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    progress_note = models.CharField(_("进度说明"), max_length=200, blank=True)
    attempts = models.PositiveIntegerField(_("已运行次数"), default=0)
    max_attempts = models.PositiveIntegerField(_("最多运行次数"))
    backoff_seconds = models.FloatField(_("首次重试等待（秒）"))
    retried_from = models.PositiveIntegerField(_("人工重试时的运行次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次重试时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    # the file the job made (an export, a data pack): served only to its owner, as a download
    result_file = models.FileField(_("文件"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(_("文件名"), max_length=200, blank=True)
    result_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("后台任务")
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["state"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_at_most_100"),
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="job_at_least_one_attempt"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING, JobState.RETRYING)

    @property
    def state_colour(self) -> str:
        return JobState(self.state).colour


class JobAttempt(models.Model):
    """One run of a job by a worker: when, and how it ended."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="attempt_rows")
    number = models.PositiveIntegerField(_("第几次"))
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=12, choices=AttemptOutcome.choices, default=AttemptOutcome.RUNNING)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        ordering = ["job", "number"]
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="job_attempt_number_unique")]
