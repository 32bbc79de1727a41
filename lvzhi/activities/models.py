"""Meetings and activities: the activity, its invitations and attendance, speeches and outcomes."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.activities.choices import (
    ActivityKind,
    ActivityState,
    AttendanceState,
    CheckinMethod,
    OutcomeKind,
    OutcomeState,
    SpeechMode,
)
from lvzhi.core.scope import ScopedQuerySet, committee_ids


def reads_all_in_scope(user) -> bool:
    """Staff with the activities permission, and leaders: every activity of their scope."""
    return bool(user and user.is_authenticated and user.can_read_module(Permission.ACTIVITIES))


class Subkind(models.Model):
    """A committee's own list of subkinds for a kind (when absent, the defaults apply)."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类别"), max_length=32, choices=ActivityKind.choices)
    name = models.CharField(_("名称"), max_length=50)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "kind", "sort", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "kind", "name"], name="subkind_unique_name")]
        verbose_name = _("活动子类")
        verbose_name_plural = _("活动子类")

    def __str__(self):
        return self.name


class ActivityQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Staff and leaders: their committee scope. Members: their committee's activities and
        every activity they are invited to. Anyone else: nothing."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = Q(pk__in=[])
        if reads_all_in_scope(user):
            condition |= Q(committee_id__in=committee_ids(user))
        if user.member_id and user.has_role("member"):
            invited = Attendance.objects.filter(activity=OuterRef("pk"), member_id=user.member_id)
            condition |= Q(Exists(invited))
            if user.committee_id:
                condition |= Q(committee_id=user.committee_id)
        return self.filter(condition)

    def counted(self):
        """What the statistics count: activities that took place."""
        return self.filter(state=ActivityState.FINISHED)


class Activity(models.Model):
    committee = models.ForeignKey(
        "org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("类别"), max_length=32, choices=ActivityKind.choices)
    subkind = models.CharField(_("子类"), max_length=50, blank=True)
    topic = models.CharField(_("主题"), max_length=200)
    organiser = models.CharField(_("组织单位"), max_length=100, blank=True)
    organiser_studio = models.ForeignKey(
        "org.Studio", verbose_name=_("组织工作室"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organiser_special_committee = models.ForeignKey(
        "org.SpecialCommittee",
        verbose_name=_("组织专门委员会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organiser_sector = models.ForeignKey(
        "org.Sector", verbose_name=_("组织界别"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organiser_committee = models.ForeignKey(
        "org.Committee",
        verbose_name=_("组织的下级委员会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    description = models.TextField(_("说明"), blank=True)
    partner = models.CharField(_("合作院校（机构）"), max_length=100, blank=True)
    people_reached = models.PositiveIntegerField(_("联系群众人次"), default=0)
    state = models.CharField(_("状态"), max_length=16, choices=ActivityState.choices, default=ActivityState.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["committee", "kind", "start"]),
            models.Index(fields=["committee", "start"]),
            # the office's to-do of ended activities still planned: a few among tens of thousands
            models.Index(
                fields=["committee", "end"], condition=Q(state=ActivityState.PLANNED), name="activity_planned_end"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="activity_end_after_start"),
        ]
        verbose_name = _("会议活动")
        verbose_name_plural = _("会议活动")

    def __str__(self):
        return self.topic

    @property
    def kind_label(self):
        return ActivityKind(self.kind).label

    @property
    def kind_color(self):
        return ActivityKind(self.kind).color

    @property
    def state_color(self):
        return ActivityState(self.state).color

    @property
    def organiser_label(self):
        for obj in (self.organiser_studio, self.organiser_special_committee, self.organiser_sector):
            if obj is not None:
                return str(obj)
        if self.organiser_committee_id:
            return str(self.organiser_committee)
        return self.organiser


class AttendanceQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Staff and leaders: the attendance of their scope; a member: their own rows."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = Q(pk__in=[])
        if reads_all_in_scope(user):
            condition |= Q(committee_id__in=committee_ids(user))
        if user.member_id and user.has_role("member"):
            condition |= Q(member_id=user.member_id)
        return self.filter(condition)


class Attendance(models.Model):
    """One invitee (or walk-in) of one activity, from invitation to present, excused or absent."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        "org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="attendances"
    )
    state = models.CharField(_("状态"), max_length=16, choices=AttendanceState.choices, default=AttendanceState.INVITED)
    leave_reason = models.CharField(_("请假事由"), max_length=500, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=500, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    method = models.CharField(_("签到方式"), max_length=8, choices=CheckinMethod.choices, blank=True)
    invited_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "member__name_pinyin", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="attendance_unique_member")]
        indexes = [
            models.Index(fields=["member", "state"]),
            # the office's to-do of leave requests: a few among millions of invitations
            models.Index(
                fields=["committee"],
                condition=Q(state=AttendanceState.LEAVE_REQUESTED),
                name="attendance_leave_requested",
            ),
        ]
        verbose_name = _("出席")
        verbose_name_plural = _("出席")

    def __str__(self):
        return f"{self.member} · {self.activity}"

    @property
    def state_color(self):
        return AttendanceState(self.state).color


class Speech(models.Model):
    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="speeches")
    member = models.ForeignKey("org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="speeches")
    title = models.CharField(_("题目"), max_length=200)
    mode = models.CharField(_("形式"), max_length=8, choices=SpeechMode.choices, default=SpeechMode.ORAL)
    text = models.TextField(_("内容"), blank=True)
    attachment = models.ForeignKey(
        "core.Attachment", verbose_name=_("附件"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("发言")
        verbose_name_plural = _("发言")

    def __str__(self):
        return self.title


class Outcome(models.Model):
    """A document that came out of an activity, tracked until it is acted on."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=OutcomeKind.choices, default=OutcomeKind.CONSULTATION)
    text = models.TextField(_("内容"), blank=True)
    attachment = models.ForeignKey(
        "core.Attachment", verbose_name=_("附件"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    authors = models.ManyToManyField("org.Member", verbose_name=_("执笔委员"), blank=True, related_name="outcomes")
    sent_to = models.CharField(_("报送对象"), max_length=200, blank=True)
    sent_on = models.DateField(_("报送日期"), null=True, blank=True)
    instructions = models.TextField(_("领导批示"), blank=True)
    follow_up = models.TextField(_("落实情况"), blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=OutcomeState.choices, default=OutcomeState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-activity__start", "-id"]
        verbose_name = _("活动成果")
        verbose_name_plural = _("活动成果")

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return OutcomeState(self.state).color


class Suggestion(models.Model):
    """One suggestion (一条对策建议/意见建议) of an outcome: its text, the members who made it, and
    whether it was adopted (by whom, when). The suggestion figures count these rows."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(Outcome, verbose_name=_("成果"), on_delete=models.CASCADE, related_name="suggestions")
    position = models.PositiveIntegerField(_("序号"), default=0)
    text = models.TextField(_("建议内容"))
    members = models.ManyToManyField("org.Member", verbose_name=_("提出委员"), blank=True, related_name="+")
    adopted = models.BooleanField(_("已采纳"), default=False)
    adopted_by = models.CharField(_("采纳单位"), max_length=200, blank=True)
    adopted_on = models.DateField(_("采纳日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["outcome", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(adopted=True) | Q(adopted_by="", adopted_on__isnull=True),
                name="suggestion_adoption_only_when_adopted",
            ),
        ]
        verbose_name = _("建议")
        verbose_name_plural = _("建议")

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("activities:outcome_detail", args=[self.outcome_id]) + f"#suggestion-{self.pk}"
