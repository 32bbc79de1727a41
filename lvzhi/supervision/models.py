"""Democratic supervision and service to development: pre-litigation mediation, public-interest
litigation clues, special supervisors, investment promotion, enterprise liaison, support to central
work and partner committees. Every row carries its committee; what staff may read goes through
`visible_to(user)`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions, pii
from lvzhi.core.scope import ScopedQuerySet
from lvzhi.supervision.choices import (
    ClueSource,
    ClueState,
    DisputeKind,
    MediationResult,
    MediationState,
    PartnerKind,
    PostRole,
    PostState,
    ProblemState,
    ServiceKind,
    ServiceState,
    SupportKind,
)


def mask_name(name: str) -> str:
    """A person's name masked like an ID number: the first character kept ("张*", "欧**")."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    return name[0] + "*" * min(len(name) - 1, 6)


class SupervisionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Staff with the supervision permission and leaders, within their committee scope."""
        if not permissions.can_read(user, Permission.SUPERVISION):
            return self.none()
        return super().visible_to(user)


class Record(models.Model):
    """What every register row has."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        abstract = True


# --- 1. Pre-litigation mediation ---------------------------------------------------------------


class MediationCase(Record):
    court = models.CharField(_("委托法院"), max_length=100)
    case_number = models.CharField(_("法院案号"), max_length=60)
    dispute_kind = models.CharField(_("纠纷类型"), max_length=16, choices=DisputeKind.choices)
    received_on = models.DateField(_("受理日期"))
    mediators = models.ManyToManyField(
        "org.Member", verbose_name=_("调解委员"), blank=True, related_name="mediation_cases"
    )
    parties_encrypted = models.TextField(blank=True)  # the parties' names, "、"-joined, encrypted
    summary = models.TextField(_("案情摘要"), blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=MediationState.choices, default=MediationState.OPEN)
    result = models.CharField(_("调解结果"), max_length=16, choices=MediationResult.choices, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    outcome_note = models.TextField(_("结案说明"), blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "case_number"], name="mediation_unique_case_number"),
            models.CheckConstraint(
                condition=(Q(state="open", result="", closed_on__isnull=True))
                | Q(state="concluded", result__in=["successful", "failed"], closed_on__isnull=False)
                | Q(state="returned", result="", closed_on__isnull=False),
                name="mediation_outcome_matches_state",
            ),
        ]
        indexes = [models.Index(fields=["committee", "received_on"]), models.Index(fields=["committee", "closed_on"])]
        verbose_name = _("诉前调解案件")
        verbose_name_plural = _("诉前调解案件")

    def __str__(self):
        return f"{self.court} {self.case_number}"

    @property
    def parties(self) -> list[str]:
        text = pii.decrypt(self.parties_encrypted)
        return [p for p in text.split("、") if p]

    @property
    def parties_masked(self) -> str:
        return "、".join(mask_name(p) for p in self.parties)

    @property
    def state_color(self):
        return MediationState(self.state).color


class MediationSession(models.Model):
    case = models.ForeignKey(MediationCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="sessions")
    committee = models.ForeignKey("org.Committee", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("调解日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    note = models.CharField(_("情况"), max_length=500, blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("调解场次")
        verbose_name_plural = _("调解场次")

    def __str__(self):
        return f"{self.held_on}"


# --- 2. Public-interest litigation clues (政协+检察) ---------------------------------------------


class LitigationClue(Record):
    title = models.CharField(_("线索名称"), max_length=200)
    summary = models.TextField(_("线索内容"), blank=True)
    source_kind = models.CharField(_("来源"), max_length=16, choices=ClueSource.choices, default=ClueSource.DIRECT)
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("来源提案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="litigation_clues",
    )
    opinion_report = models.ForeignKey(
        "opinions.OpinionReport",
        verbose_name=_("来源社情民意信息"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="litigation_clues",
    )
    # A report not kept in Lvzhi (paper, another system) is named here instead.
    source_reference = models.CharField(_("来源信息"), max_length=200, blank=True)
    contributors = models.ManyToManyField(
        "org.Member", verbose_name=_("提供线索的委员"), blank=True, related_name="litigation_clues"
    )
    recorded_on = models.DateField(_("发现日期"))
    procuratorate = models.CharField(_("检察机关"), max_length=100, blank=True)
    sent_on = models.DateField(_("移送日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=ClueState.choices, default=ClueState.REGISTERED)
    case_number = models.CharField(_("立案案号"), max_length=60, blank=True)
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    suggestion_on = models.DateField(_("制发检察建议日期"), null=True, blank=True)
    suggestion_summary = models.TextField(_("检察建议要点"), blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["registered", "declined"]) | Q(sent_on__isnull=False) & ~Q(procuratorate=""),
                name="clue_sent_has_procuratorate",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["filed", "suggested"]) | Q(filed_on__isnull=False) & ~Q(case_number=""),
                name="clue_filed_has_case",
            ),
            models.CheckConstraint(
                condition=~Q(state="suggested") | Q(suggestion_on__isnull=False), name="clue_suggestion_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(source_kind="proposal") | Q(proposal__isnull=False), name="clue_proposal_source_linked"
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "recorded_on"]),
            models.Index(fields=["committee", "filed_on"]),
            models.Index(fields=["committee", "suggestion_on"]),
        ]
        verbose_name = _("公益诉讼线索")
        verbose_name_plural = _("公益诉讼线索")

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return ClueState(self.state).color

    @property
    def source_label(self):
        if self.source_kind == ClueSource.PROPOSAL and self.proposal_id:
            return f"{_('提案')}：{self.proposal}"
        if self.source_kind == ClueSource.OPINION and self.opinion_report_id:
            return f"{_('社情民意信息')}：{self.opinion_report}"
        if self.source_reference:
            return f"{self.get_source_kind_display()}：{self.source_reference}"
        return str(self.get_source_kind_display())


# --- 3. Special supervisors and reviewers ------------------------------------------------------


class SupervisorPost(Record):
    member = models.ForeignKey(
        "org.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="supervisor_posts"
    )
    body = models.CharField(_("推荐到的单位"), max_length=100)
    role = models.CharField(_("担任（参与）"), max_length=16, choices=PostRole.choices)
    recommended_on = models.DateField(_("推荐日期"))
    start_on = models.DateField(_("开始日期"), null=True, blank=True)
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=PostState.choices, default=PostState.ACTIVE)

    class Meta:
        ordering = ["-recommended_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(start_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="post_period_in_order",
            ),
        ]
        indexes = [models.Index(fields=["committee", "recommended_on"])]
        verbose_name = _("特邀监督员、评议员推荐")
        verbose_name_plural = _("特邀监督员、评议员推荐")

    def __str__(self):
        return f"{self.member} · {self.body} {self.get_role_display()}"

    @property
    def state_color(self):
        return PostState(self.state).color


# --- 4. Investment promotion and enterprise liaison --------------------------------------------


class InvestmentVisit(Record):
    started_on = models.DateField(_("出发日期"))
    ended_on = models.DateField(_("返回日期"), null=True, blank=True)
    destination = models.CharField(_("考察地"), max_length=100)
    purpose = models.TextField(_("考察事项"), blank=True)
    delegation = models.ManyToManyField(
        "org.Member", verbose_name=_("考察团委员"), blank=True, related_name="investment_visits"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="visit_dates_in_order",
            )
        ]
        indexes = [models.Index(fields=["committee", "started_on"])]
        verbose_name = _("招商考察")
        verbose_name_plural = _("招商考察")

    def __str__(self):
        return f"{self.started_on:%Y-%m-%d} {self.destination}"


class VisitEnterprise(models.Model):
    visit = models.ForeignKey(InvestmentVisit, on_delete=models.CASCADE, related_name="enterprises")
    committee = models.ForeignKey("org.Committee", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("企业名称"), max_length=100)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["visit", "name"], name="visit_enterprise_once")]
        verbose_name = _("对接企业")
        verbose_name_plural = _("对接企业")

    def __str__(self):
        return self.name


class InvestmentProject(Record):
    name = models.CharField(_("项目名称"), max_length=200)
    investor = models.CharField(_("投资方"), max_length=200)
    amount_wan = models.DecimalField(_("投资额（万元）"), max_digits=14, decimal_places=2)
    signed_on = models.DateField(_("签约日期"))
    industry = models.CharField(_("产业"), max_length=50, blank=True)
    visit = models.ForeignKey(
        InvestmentVisit,
        verbose_name=_("来自考察"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount_wan__gte=0), name="project_amount_not_negative")]
        indexes = [models.Index(fields=["committee", "signed_on"])]
        verbose_name = _("签约项目")
        verbose_name_plural = _("签约项目")

    def __str__(self):
        return self.name


class LiaisonPair(Record):
    leader = models.ForeignKey("org.Member", verbose_name=_("包抓领导"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.CharField(_("联系企业"), max_length=100)
    started_on = models.DateField(_("建立联系日期"))

    class Meta:
        ordering = ["enterprise", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "leader", "enterprise"], name="liaison_pair_once"),
        ]
        verbose_name = _("包抓联企业")
        verbose_name_plural = _("包抓联企业")

    def __str__(self):
        return f"{self.leader} ↔ {self.enterprise}"


class EnterpriseProblem(Record):
    pair = models.ForeignKey(LiaisonPair, verbose_name=_("包抓联系"), on_delete=models.PROTECT, related_name="problems")
    description = models.TextField(_("企业反映的问题"))
    raised_on = models.DateField(_("反映日期"))
    handling = models.TextField(_("协调办理情况"), blank=True)
    resolution = models.TextField(_("解决结果"), blank=True)
    resolved_on = models.DateField(_("解决（终止）日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=ProblemState.choices, default=ProblemState.RAISED)

    class Meta:
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=["solved", "closed"]) | Q(resolved_on__isnull=False),
                name="problem_resolution_dated",
            )
        ]
        indexes = [models.Index(fields=["committee", "resolved_on"])]
        verbose_name = _("企业问题")
        verbose_name_plural = _("企业问题")

    def __str__(self):
        return self.description[:40]

    @property
    def state_color(self):
        return ProblemState(self.state).color


# --- 5. Support to central work and partner committees -----------------------------------------


class SupportItem(Record):
    kind = models.CharField(_("类别"), max_length=16, choices=SupportKind.choices)
    kind_name = models.CharField(_("自定类别"), max_length=50, blank=True)
    title = models.CharField(_("事项"), max_length=200)
    amount = models.DecimalField(_("数额"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=10)
    occurred_on = models.DateField(_("日期"))

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="support_amount_not_negative"),
            models.CheckConstraint(condition=~Q(kind="other") | ~Q(kind_name=""), name="support_other_kind_named"),
        ]
        indexes = [models.Index(fields=["committee", "kind", "occurred_on"])]
        verbose_name = _("助力中心工作")
        verbose_name_plural = _("助力中心工作")

    def __str__(self):
        return self.title

    @property
    def kind_label(self):
        return self.kind_name if self.kind == SupportKind.OTHER else self.get_kind_display()


class PartnerCommittee(Record):
    partner = models.CharField(_("协作政协"), max_length=100)
    kind = models.CharField(_("协作形式"), max_length=16, choices=PartnerKind.choices)
    agreement_on = models.DateField(_("建立日期"))

    class Meta:
        ordering = ["-agreement_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["committee", "partner"], name="partner_once")]
        verbose_name = _("友好政协")
        verbose_name_plural = _("友好政协")

    def __str__(self):
        return self.partner


class PartnerActivity(models.Model):
    partner = models.ForeignKey(PartnerCommittee, on_delete=models.CASCADE, related_name="activities")
    committee = models.ForeignKey("org.Committee", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("联合活动"), max_length=200)
    place = models.CharField(_("地点"), max_length=100, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("联合活动")
        verbose_name_plural = _("联合活动")

    def __str__(self):
        return self.title


# --- 8. Service to the people: matters done and problems solved; demonstration points ------------


class ServiceItem(Record):
    """One practical matter done (帮办实事) or one problem solved (解决问题) — a record a reader can
    check: what, where, for whom (described, never a private person's name), which members, when."""

    kind = models.CharField(_("类别"), max_length=16, choices=ServiceKind.choices)
    title = models.CharField(_("事项"), max_length=200)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    requester = models.CharField(
        _("服务对象（反映人）"),
        max_length=100,
        help_text=_("写明群体或单位，如“凉州区某社区居民”；不写个人姓名。"),
    )
    members = models.ManyToManyField("org.Member", verbose_name=_("办理委员"), blank=True, related_name="+")
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("所在活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_on = models.DateField(_("登记日期"))
    state = models.CharField(_("状态"), max_length=16, choices=ServiceState.choices, default=ServiceState.OPEN)
    done_on = models.DateField(_("办结日期"), null=True, blank=True)
    result = models.TextField(_("办理结果"), blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open", done_on__isnull=True) | Q(state="done", done_on__isnull=False),
                name="service_done_has_date",
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_on__gte=models.F("raised_on")),
                name="service_done_after_raised",
            ),
        ]
        indexes = [models.Index(fields=["committee", "kind", "state", "done_on"])]
        verbose_name = _("为民服务事项")
        verbose_name_plural = _("为民服务事项")

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return ServiceState(self.state).color


class DemoPoint(Record):
    """A demonstration point (创城宣传示范点) built under the members' supervision."""

    name = models.CharField(_("示范点名称"), max_length=200)
    place = models.CharField(_("地点"), max_length=200)
    built_on = models.DateField(_("建成日期"))
    ended_on = models.DateField(_("撤销日期"), null=True, blank=True)
    supervisors = models.ManyToManyField("org.Member", verbose_name=_("督导委员"), blank=True, related_name="+")

    class Meta:
        ordering = ["-built_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="demo_point_unique_name"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("built_on")), name="demo_point_end_after"
            ),
        ]
        verbose_name = _("创城宣传示范点")
        verbose_name_plural = _("创城宣传示范点")

    def __str__(self):
        return self.name
