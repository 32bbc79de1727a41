"""Notices (通知公告): a notice addressed to an audience, its read receipts, replies and revisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core.scope import ScopedQuerySet, committee_ids
from lvzhi.notices.choices import NoticeKind, NoticeState
from lvzhi.org.audience import Audience, addressed_to_q

PERMISSION = Permission.MEMBERS  # the office's member-service officers publish notices


def reads_notices(user) -> bool:
    """Staff holding the notices permission (委员与组织) and leaders read every notice in scope."""
    return bool(user and user.is_authenticated and user.can_read_module(PERMISSION))


class NoticeQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Staff and leaders: every notice of their scope (drafts too). Members and unit users: the
        published notices addressed to them whose publish time has come."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = Q(pk__in=[])
        if reads_notices(user):
            condition |= Q(committee_id__in=committee_ids(user))
        if user.member_id or user.unit_id:
            condition |= Q(pk__in=self.model.objects.addressed_to(user).values("pk"))
        return self.filter(condition)

    def addressed_to(self, user):
        """Published, due and addressed to this member or unit user (what their inbox lists)."""
        if not getattr(user, "is_authenticated", False) or not (user.member_id or user.unit_id):
            return self.none()
        addressed = self.model.objects.filter(addressed_to_q(user)).values("pk")
        return self.filter(pk__in=addressed, state=NoticeState.PUBLISHED, published_at__lte=timezone.now())


class Notice(Audience):
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True, help_text=_("已净化的 HTML"))
    kind = models.CharField(_("类别"), max_length=16, choices=NoticeKind.choices, default=NoticeKind.NOTICE)
    state = models.CharField(_("状态"), max_length=16, choices=NoticeState.choices, default=NoticeState.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    pinned = models.BooleanField(_("置顶"), default=False)
    reply_required = models.BooleanField(_("需要回执"), default=False)
    reply_deadline = models.DateTimeField(_("回执截止时间"), null=True, blank=True)
    # [{"name": "参加人", "kind": "text|choice|number", "required": true, "choices": ["是", "否"]}]
    reply_fields = models.JSONField(_("回执项目"), default=list, blank=True)
    withdraw_reason = models.CharField(_("撤回原因"), max_length=500, blank=True)
    recipients_count = models.PositiveIntegerField(_("发送人数"), default=0)
    reminded_at = models.DateTimeField(_("最近提醒时间"), null=True, blank=True)
    attachments = models.ManyToManyField("core.Attachment", verbose_name=_("附件"), blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-published_at", "-id"]
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False), name="notice_published_has_time"
            ),
            models.CheckConstraint(
                condition=Q(reply_required=False) | Q(reply_deadline__isnull=False), name="notice_reply_has_deadline"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def kind_color(self):
        return NoticeKind(self.kind).color

    @property
    def state_color(self):
        return NoticeState(self.state).color

    @property
    def is_scheduled(self) -> bool:
        return (
            self.state == NoticeState.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()
        )

    @property
    def is_live(self) -> bool:
        return (
            self.state == NoticeState.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def reply_open(self) -> bool:
        return (
            self.is_live
            and self.reply_required
            and self.reply_deadline is not None
            and timezone.now() <= self.reply_deadline
        )


class NoticeRead(models.Model):
    """A recipient opened the notice (one row per user, the first time)."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField(_("阅读时间"), default=timezone.now, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["read_at", "id"]
        verbose_name = _("阅读记录")
        verbose_name_plural = _("阅读记录")
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="notice_read_once")]

    def __str__(self):
        return f"{self.notice_id}:{self.user_id}"


class NoticeReply(models.Model):
    """A recipient's reply (报名/回执) to a notice that asks for one; editable until the deadline."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="replies")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    answers = models.JSONField(_("回执内容"), default=dict)
    replied_at = models.DateTimeField(_("回执时间"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["replied_at", "id"]
        verbose_name = _("回执")
        verbose_name_plural = _("回执")
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="notice_reply_once")]

    def __str__(self):
        return f"{self.notice_id}:{self.user_id}"


class NoticeRevision(models.Model):
    """The title and body a published notice had before an edit."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(_("原标题"), max_length=200)
    body = models.TextField(_("原正文"), blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-edited_at", "-id"]
        verbose_name = _("修改记录")
        verbose_name_plural = _("修改记录")

    def __str__(self):
        return f"{self.notice_id}@{self.edited_at:%Y-%m-%d %H:%M}"
