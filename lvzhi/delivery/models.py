"""Preferences, the committee's channel policy and the delivery log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.delivery.choices import Channel, Mode, Status


class Profile(models.Model):
    """A user's delivery settings beyond the per-kind preferences."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_profile")
    digest_hour = models.PositiveSmallIntegerField(_("每日汇总时间（时）"), default=18)
    wecom_userid = models.CharField(_("企业微信/政务微信账号"), max_length=64, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(digest_hour__lte=23), name="delivery_profile_hour"),
        ]


class Preference(models.Model):
    """How a user wants one kind of notification: immediately, in the daily digest, or not at all."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_preferences")
    kind = models.CharField(_("消息类型"), max_length=60)
    mode = models.CharField(_("发送方式"), max_length=10, choices=Mode.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="delivery_preference_unique")]


class Policy(models.Model):
    """A committee's channel policy: the kinds it makes mandatory and its monthly SMS budget."""

    committee = models.OneToOneField("org.Committee", on_delete=models.CASCADE, related_name="delivery_policy")
    mandatory_kinds = models.JSONField(_("必达消息类型"), default=list, blank=True)
    sms_monthly_budget = models.PositiveIntegerField(_("每月短信额度（条，0 为不限）"), default=0)
    warned_month = models.CharField(max_length=7, blank=True)  # "2026-12": the 80% warning was sent
    stopped_month = models.CharField(max_length=7, blank=True)  # "2026-12": the 100% stop was announced


class Digest(models.Model):
    """One daily digest of a user: at most one per day, so a second run sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_digests")
    day = models.DateField(_("日期"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="delivery_digest_unique")]


class Delivery(models.Model):
    """One message on one channel to one user: its state, attempts and the provider's answer."""

    notification = models.ForeignKey(
        "core.Notification", null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    digest = models.ForeignKey(Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    committee = models.ForeignKey("org.Committee", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("消息类型"), max_length=60, blank=True)
    subject_type = models.CharField(max_length=60, blank=True)  # "notices.notice"
    subject_id = models.BigIntegerField(null=True, blank=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    mandatory = models.BooleanField(_("必达"), default=False)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    scheduled_at = models.DateTimeField(_("计划发送时间"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)  # when a run took it for sending
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    provider_message_id = models.CharField(_("服务商消息编号"), max_length=100, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "scheduled_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["user", "channel", "sent_at"]),
            models.Index(fields=["committee", "channel", "sent_at"]),
        ]

    @property
    def status_colour(self) -> str:
        return Status(self.status).colour
