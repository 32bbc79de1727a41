"""The delivery modes a user chooses per kind, the channels and the states of a delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("立即发送")
    DIGEST = "digest", _("每日汇总")
    OFF = "off", _("不发送")


class Channel(models.TextChoices):
    SMS = "sms", _("短信")
    WECOM = "wecom", _("企业微信/政务微信")
    EMAIL = "email", _("电子邮件")
    DIGEST = "digest", _("每日汇总")


class Status(models.TextChoices):
    QUEUED = "queued", _("待发送")
    DEFERRED = "deferred", _("免打扰时段，延后发送")
    SENDING = "sending", _("发送中")
    RETRYING = "retrying", _("发送失败，等待重试")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("未发送")
    WAITING_DIGEST = "waiting_digest", _("等待每日汇总")
    IN_DIGEST = "in_digest", _("已并入每日汇总")

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.value]


STATUS_COLOURS = {
    "queued": "secondary",
    "deferred": "info",
    "sending": "secondary",
    "retrying": "warning",
    "sent": "success",
    "failed": "danger",
    "skipped": "dark",
    "waiting_digest": "info",
    "in_digest": "success",
}

# a delivery in one of these states will still be attempted by `send_due_deliveries`
PENDING = (Status.QUEUED, Status.DEFERRED, Status.RETRYING)
