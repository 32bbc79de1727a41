"""Liaison work (联谊联络): the people the committee keeps in touch with and who among its leaders
contacts whom, the contacts made (visits, talks, themed activities), the visits the national and
provincial committees make to it, and the matters reported to or requested of the Party committee
(请示报告). Every row carries its committee; what staff may read goes through `visible_to(user)`."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions
from lvzhi.core.scope import ScopedQuerySet
from lvzhi.liaison.choices import (
    ContactGroup,
    EngagementKind,
    HostBody,
    HostedKind,
    PartyReportKind,
    PartyReportState,
    ReplyOutcome,
)

# The module's records are kept by the office staff who hold the members-and-organisation permission.
PERMISSION = Permission.MEMBERS


class LiaisonQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Staff with the members permission and leaders, within their committee scope."""
        if not permissions.can_read(user, PERMISSION):
            return self.none()
        return super().visible_to(user)


class Record(models.Model):
    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = LiaisonQuerySet.as_manager()

    class Meta:
        abstract = True


class Contact(Record):
    """A person the committee keeps in touch with: one of its members or a person outside it."""

    member = models.ForeignKey(
        "org.Member", verbose_name=_("委员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    group = models.CharField(_("类别"), max_length=20, choices=ContactGroup.choices)
    affiliation = models.CharField(_("单位及职务"), max_length=200, blank=True)
    listed_on = models.DateField(_("列入日期"))

    class Meta:
        ordering = ["group", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "member"], condition=Q(member__isnull=False), name="liaison_contact_member_once"
            ),
        ]
        indexes = [models.Index(fields=["committee", "group"])]
        verbose_name = _("联系对象")
        verbose_name_plural = _("联系对象")

    def __str__(self):
        return f"{self.name}（{self.get_group_display()}）"

    @property
    def is_member(self) -> bool:
        return self.member_id is not None


class Assignment(Record):
    """Which leader (主席会议成员) contacts whom, from when until when."""

    leader = models.ForeignKey("org.Member", verbose_name=_("联系领导"), on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        Contact, verbose_name=_("联系对象"), on_delete=models.PROTECT, related_name="assignments"
    )
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "contact", "started_on"], name="liaison_assignment_once"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="liaison_assignment_ends_after_start",
            ),
        ]
        verbose_name = _("联系安排")
        verbose_name_plural = _("联系安排")

    def __str__(self):
        return f"{self.leader.name} → {self.contact.name}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


class Engagement(Record):
    """One contact made: a visit (走访), a talk (谈心谈话) or a themed activity, by leaders or members
    (who acted: duty events) with the people reached."""

    kind = models.CharField(_("方式"), max_length=16, choices=EngagementKind.choices)
    title = models.CharField(_("主题"), max_length=200)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    members = models.ManyToManyField("org.Member", verbose_name=_("开展联系的委员"), related_name="+")
    contacts = models.ManyToManyField(Contact, verbose_name=_("联系对象"), related_name="engagements")
    summary = models.TextField(_("情况"), blank=True)
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("所在活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["committee", "kind", "held_on"])]
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")

    def __str__(self):
        return self.title


class HostedVisit(Record):
    """A visit of the national or provincial committee (全国政协、省政协来调研视察) that the committee hosted."""

    body = models.CharField(_("来访层级"), max_length=16, choices=HostBody.choices)
    visitor = models.CharField(_("来访机构"), max_length=100)
    leader = models.CharField(_("带队领导"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=HostedKind.choices)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"))
    topic = models.CharField(_("主题"), max_length=200)
    places = models.TextField(_("调研地点"), blank=True)
    members = models.ManyToManyField("org.Member", verbose_name=_("陪同委员"), blank=True, related_name="+")
    staff = models.CharField(_("陪同工作人员"), max_length=200, blank=True)
    support = models.TextField(_("争取到的支持"), blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__gte=models.F("started_on")), name="liaison_hosted_ends_after_start"
            ),
        ]
        verbose_name = _("上级政协来访")
        verbose_name_plural = _("上级政协来访")

    def __str__(self):
        return f"{self.visitor}：{self.topic}"


class PartyReport(Record):
    """A matter reported to (报告) or requested of (请示) the Party committee, and its reply."""

    kind = models.CharField(_("类别"), max_length=16, choices=PartyReportKind.choices)
    subject = models.CharField(_("事项"), max_length=200)
    recipient = models.CharField(_("报送对象"), max_length=100)
    body = models.TextField(_("主要内容"), blank=True)
    drafted_on = models.DateField(_("拟稿日期"))
    reply_days = models.PositiveSmallIntegerField(_("答复期限（天）"), default=30)
    state = models.CharField(_("状态"), max_length=16, choices=PartyReportState.choices, default=PartyReportState.DRAFT)
    sent_on = models.DateField(_("报送日期"), null=True, blank=True)
    replied_on = models.DateField(_("批复日期"), null=True, blank=True)
    reply = models.TextField(_("批复内容"), blank=True)
    outcome = models.CharField(_("批复结果"), max_length=16, choices=ReplyOutcome.choices, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        ordering = ["-drafted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | Q(sent_on__isnull=False), name="liaison_report_sent_has_date"
            ),
            models.CheckConstraint(
                condition=Q(replied_on__isnull=True) | Q(replied_on__gte=models.F("sent_on")),
                name="liaison_report_reply_after_sending",
            ),
            models.CheckConstraint(
                condition=Q(reply_days__gte=1) & Q(reply_days__lte=365), name="liaison_report_reply_days_range"
            ),
        ]
        indexes = [models.Index(fields=["committee", "state", "sent_on"])]
        verbose_name = _("请示报告")
        verbose_name_plural = _("请示报告")

    def __str__(self):
        return self.subject

    @property
    def state_color(self):
        return PartyReportState(self.state).color

    @property
    def due_on(self) -> datetime.date | None:
        return self.sent_on + datetime.timedelta(days=self.reply_days) if self.sent_on else None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.state == PartyReportState.SENT and self.due_on is not None and self.due_on < today
