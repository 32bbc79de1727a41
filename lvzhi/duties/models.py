"""Duty records (履职档案): the ledger of duty events derived from the other modules' records, the
committees' scoring schemes and baseline targets, annual reports (述职) and assessments."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core.scope import ScopedQuerySet, committee_ids
from lvzhi.duties.choices import Grade, ReportState


def reads_all_in_scope(user) -> bool:
    """Staff with the members permission, and leaders: every duty record of their scope."""
    return bool(user and user.is_authenticated and user.can_read_module(Permission.MEMBERS))


class OwnOrScopeQuerySet(ScopedQuerySet):
    """Staff and leaders: their committee scope. A member: their own rows only."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = Q(pk__in=[])
        if reads_all_in_scope(user):
            condition |= Q(committee_id__in=committee_ids(user))
        if user.member_id and user.has_role(Role.MEMBER):
            condition |= Q(member_id=user.member_id)
        return self.filter(condition)


class DutyEvent(models.Model):
    """One duty event of one member, derived from one source record. Written only by the ledger
    (`lvzhi.duties.ledger`), never typed in; a rebuild gives the same rows."""

    # The foreign keys carry no index of their own: the composite indexes below begin with each of
    # them (an index fewer to write per row; a rebuild writes millions).
    committee = models.ForeignKey(
        "org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    member = models.ForeignKey(
        "org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="duty_events", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=64)
    date = models.DateField(_("日期"))
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", db_index=False)
    source_id = models.PositiveBigIntegerField()
    points = models.DecimalField(_("积分"), max_digits=7, decimal_places=1, default=0)

    objects = OwnOrScopeQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "source_type", "source_id", "member"], name="dutyevent_unique"),
        ]
        indexes = [
            models.Index(fields=["committee", "year", "member"]),
            models.Index(fields=["member", "year"]),
            models.Index(fields=["source_type", "source_id"]),
            # a rebuild or check reads one kind of event of a group of committees at a time
            models.Index(fields=["kind", "committee"]),
        ]
        verbose_name = _("履职事件")
        verbose_name_plural = _("履职事件")

    def __str__(self):
        return f"{self.member_id} {self.kind} {self.date}"


class ScoringScheme(models.Model):
    """A committee's scoring scheme for a year. Every edit writes a new version; the newest is
    `is_current`, the older ones are kept."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    is_current = models.BooleanField(_("现行"), default=True)
    excellent_min = models.DecimalField(_("优秀（不低于）"), max_digits=6, decimal_places=1, default=90)
    competent_min = models.DecimalField(_("称职（不低于）"), max_digits=6, decimal_places=1, default=70)
    basic_min = models.DecimalField(_("基本称职（不低于）"), max_digits=6, decimal_places=1, default=60)
    reports_from_all = models.BooleanField(
        _("全体委员述职"), default=False, help_text=_("不勾选时只要求常委及以上述职。")
    )
    note = models.CharField(_("修订说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "version"], name="scheme_unique_version"),
            models.UniqueConstraint(
                fields=["committee", "year"], condition=Q(is_current=True), name="scheme_one_current"
            ),
        ]
        verbose_name = _("积分办法")
        verbose_name_plural = _("积分办法")

    def __str__(self):
        return f"{self.year} v{self.version}"


class ScoringRule(models.Model):
    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("事件类别"), max_length=64)
    points = models.DecimalField(_("每次积分"), max_digits=6, decimal_places=1, default=0)
    cap = models.DecimalField(
        _("年度上限"), max_digits=7, decimal_places=1, null=True, blank=True, help_text=_("该类积分全年合计的上限")
    )

    class Meta:
        ordering = ["scheme", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "kind"], name="rule_unique_kind")]


class Target(models.Model):
    """A baseline target (履职基本要求): at least `required` events of these kinds a year."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    kinds = models.JSONField(_("事件类别"), default=list)
    required = models.PositiveSmallIntegerField(_("至少次数"), default=1)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "sort", "id"]
        verbose_name = _("履职基本要求")
        verbose_name_plural = _("履职基本要求")

    def __str__(self):
        return self.name


class AnnualReportQuerySet(OwnOrScopeQuerySet):
    def visible_to(self, user):
        """The member: their own. Staff and leaders: their scope's reports once submitted (a draft
        is private to its author: docs/security.md)."""
        qs = super().visible_to(user)
        own = Q(member_id=user.member_id) if getattr(user, "member_id", None) else Q(pk__in=[])
        return qs.filter(own | Q(submitted_at__isnull=False) | ~Q(state=ReportState.DRAFT))


class AnnualReport(models.Model):
    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    text = models.TextField(_("述职报告"))
    state = models.CharField(_("状态"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "member__name_pinyin", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "member", "year"], name="report_unique_year")]
        verbose_name = _("年度述职")
        verbose_name_plural = _("年度述职")

    def __str__(self):
        return f"{self.member} · {self.year}"

    @property
    def state_color(self):
        return ReportState(self.state).color


class AssessmentQuerySet(OwnOrScopeQuerySet):
    def visible_to(self, user):
        """Staff and leaders: their scope. A member: their own, once published."""
        qs = super().visible_to(user)
        if reads_all_in_scope(user):
            return qs
        return qs.filter(published_at__isnull=False)


class Assessment(models.Model):
    """A member's assessment for a year. Until published the score is live (from the ledger);
    publishing freezes the score, the computed grade and the final grade. Staff may change the
    grade with a reason: both grades are kept."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    score = models.DecimalField(_("积分"), max_digits=8, decimal_places=1, null=True, blank=True)
    computed_grade = models.CharField(_("计算等次"), max_length=16, choices=Grade.choices, blank=True)
    grade = models.CharField(_("调整后等次"), max_length=16, choices=Grade.choices, blank=True)
    reason = models.CharField(_("调整理由"), max_length=500, blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adjusted_at = models.DateTimeField(null=True, blank=True)
    targets_missing = models.JSONField(_("未达要求"), default=list, blank=True)
    below_baseline = models.BooleanField(_("未达基本要求"), default=False)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "-year", "member__name_pinyin"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "member", "year"], name="assessment_unique_year"),
        ]
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")

    def __str__(self):
        return f"{self.member} · {self.year}"


class Talk(models.Model):
    """A talk (约谈) with a member below the baseline."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="talks")
    member = models.ForeignKey("org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("约谈日期"))
    held_by = models.CharField(_("约谈人"), max_length=100)
    notes = models.TextField(_("约谈情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("约谈")
        verbose_name_plural = _("约谈")
