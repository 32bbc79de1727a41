"""Social-conditions and public-opinion reports (社情民意信息): the report and who is credited with
it, the office's bulletin issues, what was sent to whom, and what became of it (instructions,
adoptions, handling, feedback); and each committee's configuration (categories, recipients,
limits, information officers, organisation contacts, the points table)."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions
from lvzhi.core.scope import ScopedQuerySet, committee_ids
from lvzhi.opinions.choices import (
    AdoptionLevel,
    InstructionLevel,
    IssueKind,
    OpinionState,
    OpinionUrgency,
    PointEvent,
    RecipientLevel,
    SubmitterKind,
)


def reads_all_in_scope(user) -> bool:
    """Staff with the opinions permission, and leaders: every submitted report of their scope."""
    return permissions.can_read(user, Permission.OPINIONS)


# --- Per-committee configuration -----------------------------------------------------------------


class OpinionSettings(models.Model):
    committee = models.OneToOneField(
        "org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="opinion_settings"
    )
    warn_length = models.PositiveIntegerField(_("字数提示线"), default=1500)
    max_length = models.PositiveIntegerField(_("字数上限"), default=5000)
    feedback_days = models.PositiveIntegerField(_("反馈期限（天）"), default=30)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("社情民意设置")
        verbose_name_plural = _("社情民意设置")
        constraints = [
            models.CheckConstraint(condition=Q(max_length__gte=models.F("warn_length")), name="opinion_limits_ordered")
        ]


class Category(models.Model):
    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=50)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "sort", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="opinion_category_unique_name")]
        verbose_name = _("信息类别")
        verbose_name_plural = _("信息类别")

    def __str__(self):
        return self.name


class Recipient(models.Model):
    """Where the office sends reports (市委, 市政府, 省政协, a city department …), with its level."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=20, choices=RecipientLevel.choices)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "sort", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="opinion_recipient_unique_name")]
        verbose_name = _("报送对象")
        verbose_name_plural = _("报送对象")

    def __str__(self):
        return self.name


class InformationOfficer(models.Model):
    """特邀信息员: a person who reports for the committee without being one of its members."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="information_roles"
    )
    name = models.CharField(_("姓名"), max_length=50)
    workplace = models.CharField(_("工作单位"), max_length=200, blank=True)
    party = models.ForeignKey(
        "org.Party", verbose_name=_("参加单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointed_on = models.DateField(_("聘任日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在聘"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "user"], name="information_officer_unique_user")]
        verbose_name = _("特邀信息员")
        verbose_name_plural = _("特邀信息员")

    def __str__(self):
        return self.name


class PartyContact(models.Model):
    """The contact person through whom a participating organisation (党派、团体) submits."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey("org.Party", verbose_name=_("参加单位"), on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("联络人账号"), on_delete=models.CASCADE, related_name="party_contacts"
    )
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "party", "id"]
        constraints = [models.UniqueConstraint(fields=["party", "user"], name="party_contact_unique_user")]
        verbose_name = _("参加单位信息联络人")
        verbose_name_plural = _("参加单位信息联络人")


class PointRule(models.Model):
    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+")
    event = models.CharField(_("事项"), max_length=32, choices=PointEvent.choices)
    points = models.PositiveSmallIntegerField(_("分值"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "event"]
        constraints = [models.UniqueConstraint(fields=["committee", "event"], name="opinion_point_rule_unique")]
        verbose_name = _("信息积分规则")
        verbose_name_plural = _("信息积分规则")


# --- The bulletin ----------------------------------------------------------------------------------


class OpinionIssue(models.Model):
    """One issue of the committee's bulletin: 《社情民意》2024年第3期, or a 专报 (numbered apart)."""

    committee = models.ForeignKey(
        "org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="opinion_issues"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=IssueKind.choices, default=IssueKind.REGULAR)
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("期号"))
    title = models.CharField(_("标题"), max_length=200, blank=True)
    issued_on = models.DateField(_("编发日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "kind", "year", "number"], name="opinion_issue_unique_number")
        ]
        verbose_name = _("《社情民意》期刊")
        verbose_name_plural = _("《社情民意》期刊")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.kind == IssueKind.SPECIAL:
            return str(_("社情民意专报 %(y)s年第%(n)s期") % {"y": self.year, "n": self.number})
        return str(_("《社情民意》%(y)s年第%(n)s期") % {"y": self.year, "n": self.number})


# --- The report ------------------------------------------------------------------------------------


class ReportQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Readers (staff with the permission, leaders): every report of their scope once it has
        been submitted, and the later life of what their committee forwarded upward. Everyone:
        what they wrote or are credited with. Nothing else."""
        if not getattr(user, "is_authenticated", False) or user.is_admin_role:
            return self.none()
        condition = Q(created_by=user) | Q(Exists(Credit.objects.filter(report=OuterRef("pk"), user=user)))
        if user.member_id:
            condition |= Q(Exists(Credit.objects.filter(report=OuterRef("pk"), member_id=user.member_id)))
        if reads_all_in_scope(user):
            ids = committee_ids(user)
            condition |= Q(committee_id__in=ids, submitted_at__isnull=False)
            condition |= Q(source__committee_id__in=ids)
        return self.filter(condition)

    def live(self):
        """Items, not the reports merged into them."""
        return self.exclude(state=OpinionState.COMBINED)


class OpinionReport(models.Model):
    committee = models.ForeignKey(
        "org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="opinion_reports"
    )
    submitter_kind = models.CharField(_("报送方"), max_length=16, choices=SubmitterKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    category = models.CharField(_("类别"), max_length=50)
    content = models.TextField(_("内容"))
    suggestions = models.TextField(_("建议"), blank=True)
    area = models.CharField(_("涉及地区"), max_length=100, blank=True)
    urgency = models.CharField(
        _("紧急程度"), max_length=16, choices=OpinionUrgency.choices, default=OpinionUrgency.NORMAL
    )
    # What the submitter sent, kept beside the editor's version.
    original_title = models.CharField(_("原标题"), max_length=200, blank=True)
    original_content = models.TextField(_("原文"), blank=True)
    original_suggestions = models.TextField(_("原建议"), blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(_("编辑时间"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=OpinionState.choices, default=OpinionState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, db_index=True)
    accepted_at = models.DateTimeField(_("采用时间"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("不采用时间"), null=True, blank=True)
    reject_reason = models.TextField(_("不采用理由"), blank=True)
    return_note = models.TextField(_("退回意见"), blank=True)
    combined_into = models.ForeignKey(
        "self", verbose_name=_("并入"), null=True, blank=True, on_delete=models.PROTECT, related_name="combined_reports"
    )
    issue = models.ForeignKey(
        OpinionIssue, verbose_name=_("期刊"), null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    issue_order = models.PositiveSmallIntegerField(_("期内序号"), null=True, blank=True)
    published_at = models.DateTimeField(_("编发时间"), null=True, blank=True)
    sent_on = models.DateField(_("首次报送日期"), null=True, blank=True)
    feedback_text = models.TextField(_("反馈"), blank=True)
    closed_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    source = models.ForeignKey(
        "self",
        verbose_name=_("下级政协原件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwards",
    )
    from_proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("来源提案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_reports",
        help_text=_("提案转社情民意信息时所转的提案"),
    )
    attachments = models.ManyToManyField("core.Attachment", verbose_name=_("附件"), blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["committee", "state"]), models.Index(fields=["committee", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="combined", combined_into__isnull=False)
                | (~Q(state="combined") & Q(combined_into__isnull=True)),
                name="opinion_combined_has_target",
            ),
            models.UniqueConstraint(fields=["source"], condition=Q(source__isnull=False), name="opinion_forward_once"),
            models.UniqueConstraint(
                fields=["from_proposal"], condition=Q(from_proposal__isnull=False), name="opinion_from_proposal_once"
            ),
        ]
        verbose_name = _("社情民意信息")
        verbose_name_plural = _("社情民意信息")

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return OpinionState(self.state).color

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None and (
            self.title != self.original_title
            or self.content != self.original_content
            or self.suggestions != self.original_suggestions
        )


class Credit(models.Model):
    """A submitter credited with a report: a member, an organisation, an information officer or a
    lower committee. `key` ("member:12", "party:3", "officer:4", "committee:5") is unique per
    report; `party` is the organisation itself, or the member's party when credited."""

    report = models.ForeignKey(OpinionReport, on_delete=models.CASCADE, related_name="credits")
    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("报送方"), max_length=16, choices=SubmitterKind.choices)
    key = models.CharField(max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    member = models.ForeignKey("org.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey("org.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        InformationOfficer, null=True, blank=True, on_delete=models.PROTECT, related_name="credits"
    )
    source_committee = models.ForeignKey(
        "org.Committee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via_combine = models.BooleanField(_("合并而来"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["report", "via_combine", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="opinion_credit_unique")]

    def __str__(self):
        return self.name


class Sending(models.Model):
    report = models.ForeignKey(OpinionReport, on_delete=models.CASCADE, related_name="sendings")
    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(Recipient, verbose_name=_("报送对象"), on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("报送日期"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["sent_on", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "recipient"], name="opinion_sending_unique")]


class Instruction(models.Model):
    """批示: a leader's written instruction on an item."""

    report = models.ForeignKey(OpinionReport, on_delete=models.CASCADE, related_name="instructions")
    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE, related_name="+")
    leader = models.CharField(_("批示领导"), max_length=50)
    position = models.CharField(_("职务"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=InstructionLevel.choices)
    given_on = models.DateField(_("批示日期"), db_index=True)
    text = models.TextField(_("批示内容"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["given_on", "id"]


class Adoption(models.Model):
    """采用: a higher committee took the item into its own bulletin or report."""

    report = models.ForeignKey(OpinionReport, on_delete=models.CASCADE, related_name="adoptions")
    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("采用层级"), max_length=16, choices=AdoptionLevel.choices)
    body = models.CharField(_("采用单位"), max_length=100)
    reference = models.CharField(_("采用文号（期号）"), max_length=200, blank=True)
    adopted_on = models.DateField(_("采用日期"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["adopted_on", "id"]


class Handling(models.Model):
    """落实情况: how a department handled the item."""

    report = models.ForeignKey(OpinionReport, on_delete=models.CASCADE, related_name="handlings")
    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit_name = models.CharField(_("办理单位"), max_length=100)
    handled_on = models.DateField(_("日期"))
    result = models.TextField(_("落实情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["handled_on", "id"]
