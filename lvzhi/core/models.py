"""Shared tables: the audit log, workflow transitions, numbering sequences, the notification
inbox and attachments."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditQuerySet(models.QuerySet):
    def prune(self, before):
        """The one sanctioned deletion: entries older than the retention limit."""
        return models.QuerySet.delete(self.filter(at__lt=before))

    def delete(self):
        raise TypeError("The audit log is append-only.")

    def update(self, **kwargs):
        raise TypeError("The audit log is append-only.")


class AuditEntry(models.Model):
    class Result(models.TextChoices):
        OK = "ok", _("成功")
        DENIED = "denied", _("拒绝")
        FAILED = "failed", _("失败")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    action = models.CharField(_("动作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    committee = models.ForeignKey(
        "org.Committee", verbose_name=_("委员会"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=16, choices=Result.choices, default=Result.OK)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def save(self, *args, **kwargs):
        if self.pk:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is append-only.")


class Transition(models.Model):
    """One state change of a workflow object: the timeline of its detail page."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("动作"), max_length=64)
    from_state = models.CharField(_("原状态"), max_length=32, blank=True)
    to_state = models.CharField(_("新状态"), max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]


class Sequence(models.Model):
    """A gap-free counter per committee and key (e.g. a term/session or a year)."""

    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["committee", "key"], name="sequence_unique_key")]


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    committee = models.ForeignKey("org.Committee", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]


class Attachment(models.Model):
    committee = models.ForeignKey("org.Committee", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.name


class SavedListQuery(models.Model):
    """A user's last filters on one list page (core.listing), restored when they come back to the
    list without a query string: read into the session at login, written at logout by
    core.services.remember_list_queries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("列表"), max_length=64)
    query = models.CharField(_("筛选条件"), max_length=2000)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("记住的筛选")
        verbose_name_plural = _("记住的筛选")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_savedlistquery_user_key")]

    def __str__(self):
        return f"{self.key}?{self.query}"


class TableVersion(models.Model):
    """How many committed write transactions touched a table: the figure cache serves a value only
    while the tables it was computed from keep their versions (core/figure_cache.py writes it)."""

    table = models.CharField(max_length=100, primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("数据表版本")
        verbose_name_plural = _("数据表版本")
