from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    RETRYING = "retrying", _("等待重试")
    SUCCEEDED = "succeeded", _("已完成")
    DEAD = "dead", _("失败")

    @property
    def colour(self) -> str:
        return {"queued": "secondary", "running": "primary", "retrying": "warning", "succeeded": "success"}.get(
            self.value, "danger"
        )


# A job still to finish: the page polls it, the worker may claim it.
OPEN_STATES = (JobState.QUEUED, JobState.RUNNING, JobState.RETRYING)


class AttemptOutcome(models.TextChoices):
    RUNNING = "running", _("运行中")
    OK = "ok", _("成功")
    TEMPORARY = "temporary", _("暂时失败，将重试")
    FAILED = "failed", _("失败")
