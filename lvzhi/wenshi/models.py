"""文史资料: the collecting plan and its calls for material, clues and manuscripts with their review and
versions, the publications made of adopted manuscripts, and the collection (文史馆 / 图书馆专区) with
its loan and exchange register. Every row carries its committee."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core.scope import ScopedQuerySet, committee_ids
from lvzhi.org.audience import Audience, addressed_to_q
from lvzhi.wenshi.choices import (
    AuthorKind,
    CallState,
    CirculationKind,
    ItemKind,
    ManuscriptForm,
    ManuscriptKind,
    ManuscriptState,
    PublicationKind,
)

# 文史 work is the office's member-service line (委员与组织) until it has a permission of its own.
PERMISSION = Permission.MEMBERS


def reads_office(user) -> bool:
    """Staff holding the permission and leaders read every 文史 record of their scope."""
    return bool(user and user.is_authenticated and user.can_read_module(PERMISSION))


class OfficeQuerySet(ScopedQuerySet):
    """Records of the office's register (plans, publications, the collection): the office and leaders
    see their scope; members read them in their own committee (a library is for reading)."""


class RegisterQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The office's own register (loans, gifts, exchanges): the office and leaders only."""
        if not reads_office(user):
            return self.none()
        return super().visible_to(user)


class Plan(models.Model):
    """A multi-year 征编 plan (文史资料征编工作五年计划)."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("名称"), max_length=200)
    start_year = models.PositiveIntegerField(_("起始年度"))
    end_year = models.PositiveIntegerField(_("终止年度"))
    adopted_on = models.DateField(_("制定日期"))
    summary = models.TextField(_("主要内容"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "-id"]
        verbose_name = _("征编计划")
        verbose_name_plural = _("征编计划")
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="wenshi_plan_years"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("wenshi:plan_detail", args=[self.pk])


class PlanYear(models.Model):
    """One year of a plan: its theme and target (篇)."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, verbose_name=_("征编计划"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveIntegerField(_("年度"))
    theme = models.CharField(_("年度主题"), max_length=200)
    target = models.PositiveIntegerField(_("征稿目标（篇）"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "id"]
        verbose_name = _("年度主题")
        verbose_name_plural = _("年度主题")
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="wenshi_plan_year_once")]

    def __str__(self):
        return f"{self.year}：{self.theme}"


class CallQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The office and leaders: every call of their scope. Members: published calls addressed to them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = Q(pk__in=[])
        if reads_office(user):
            condition |= Q(committee_id__in=committee_ids(user))
        if user.member_id:
            addressed = self.model.objects.filter(addressed_to_q(user)).values("pk")
            condition |= Q(pk__in=addressed) & ~Q(state=CallState.DRAFT)
        return self.filter(condition)


class Call(Audience):
    """A call for material (征稿 / 征集启事) published to members."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("征编计划"), null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("启事正文"))
    opens_on = models.DateField(_("征集开始"))
    closes_on = models.DateField(_("征集截止"))
    state = models.CharField(_("状态"), max_length=16, choices=CallState.choices, default=CallState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("征稿启事")
        verbose_name_plural = _("征稿启事")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="wenshi_call_dates"),
        ]

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return CallState(self.state).color

    def get_absolute_url(self):
        return reverse("wenshi:call_detail", args=[self.pk])


class ManuscriptQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The office and leaders: every clue and manuscript of their scope. A member: what they sent
        in or are named author of (never anyone else's)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = Q(pk__in=[])
        if reads_office(user):
            condition |= Q(committee_id__in=committee_ids(user))
        if user.member_id:
            condition |= Q(member_id=user.member_id)
        condition |= Q(submitted_by=user)
        return self.filter(condition)


class Manuscript(models.Model):
    """A clue (文史线索) or a manuscript (稿件) from a member, a 文史 expert or an outside author. The
    text shown is the latest version; every earlier version (the original first) is kept."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=16, choices=ManuscriptKind.choices, default=ManuscriptKind.MANUSCRIPT)
    form = models.CharField(_("形式"), max_length=16, choices=ManuscriptForm.choices, default=ManuscriptForm.TEXT)
    title = models.CharField(_("题目"), max_length=200)
    text = models.TextField(_("正文 / 线索内容"), blank=True)
    transcript = models.TextField(_("口述整理稿"), blank=True)
    author_kind = models.CharField(_("作者类别"), max_length=16, choices=AuthorKind.choices, default=AuthorKind.MEMBER)
    member = models.ForeignKey(
        "org.Member", verbose_name=_("委员作者"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_name = models.CharField(_("作者"), max_length=100)
    narrator = models.CharField(_("口述人"), max_length=100, blank=True)
    call = models.ForeignKey(
        Call, verbose_name=_("征稿启事"), null=True, blank=True, on_delete=models.SET_NULL, related_name="manuscripts"
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=ManuscriptState.choices, default=ManuscriptState.SUBMITTED
    )
    submitted_on = models.DateField(_("来稿日期"), default=timezone.localdate, db_index=True)
    decided_on = models.DateField(_("采用日期"), null=True, blank=True, db_index=True)
    first_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("初审人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    second_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复审人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attachments = models.ManyToManyField("core.Attachment", verbose_name=_("附件"), blank=True, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    objects = ManuscriptQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("文史稿件")
        verbose_name_plural = _("文史稿件")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="adopted") | Q(decided_on__isnull=False), name="wenshi_adopted_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(author_kind="member") | Q(member__isnull=False), name="wenshi_member_author_named"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def state_color(self):
        return ManuscriptState(self.state).color

    @property
    def kind_color(self):
        return ManuscriptKind(self.kind).color

    def get_absolute_url(self):  # noqa: DJ012
        return reverse("wenshi:manuscript_detail", args=[self.pk])


class ManuscriptVersion(models.Model):
    """A kept version of a manuscript's text: number 1 is the original as sent in; each edit (the
    author's revision after 退改, the editors' work) adds the next."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    manuscript = models.ForeignKey(
        Manuscript, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("题目"), max_length=200)
    text = models.TextField(_("正文"), blank=True)
    transcript = models.TextField(_("口述整理稿"), blank=True)
    note = models.CharField(_("修改说明"), max_length=500, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(_("时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["manuscript", "number"]
        verbose_name = _("稿件版本")
        verbose_name_plural = _("稿件版本")
        constraints = [models.UniqueConstraint(fields=["manuscript", "number"], name="wenshi_version_once")]

    def __str__(self):
        return f"{self.manuscript_id} v{self.number}"


class Series(models.Model):
    """A series of publications (《武威文史》), numbered in volumes (第N辑)."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("丛书名"), max_length=100)
    description = models.TextField(_("简介"), blank=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "name"]
        verbose_name = _("文史丛书")
        verbose_name_plural = _("文史丛书")
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="wenshi_series_name_once")]

    def __str__(self):
        return f"《{self.name}》"


class Volume(models.Model):
    """A publication: a volume of a series (第N辑) or a book of its own, with its contents."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=16, choices=PublicationKind.choices, default=PublicationKind.VOLUME)
    series = models.ForeignKey(
        Series, verbose_name=_("丛书"), null=True, blank=True, on_delete=models.PROTECT, related_name="volumes"
    )
    number = models.PositiveIntegerField(_("辑次"), null=True, blank=True)
    title = models.CharField(_("书名"), max_length=200)
    editors = models.CharField(_("编者"), max_length=300, blank=True)
    publisher = models.CharField(_("出版单位"), max_length=200, blank=True)
    permit_number = models.CharField(_("内部资料准印证号"), max_length=100, blank=True)
    published_on = models.DateField(_("出版日期"), null=True, blank=True, db_index=True)
    print_run = models.PositiveIntegerField(_("印数（册）"), default=0)
    foreword = models.TextField(_("前言"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("文史出版物")
        verbose_name_plural = _("文史出版物")
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="wenshi_volume_number_once"),
            models.CheckConstraint(
                condition=Q(kind="book") | (Q(series__isnull=False) & Q(number__isnull=False)),
                name="wenshi_volume_in_series",
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.series_id and self.number:
            return (
                f"《{self.series.name}》第{self.number}辑：{self.title}"
                if self.title
                else f"《{self.series.name}》第{self.number}辑"
            )
        return f"《{self.title}》"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    def get_absolute_url(self):  # noqa: DJ012
        return reverse("wenshi:volume_detail", args=[self.pk])


class VolumeEntry(models.Model):
    """An adopted manuscript in a volume's contents, in order, under an optional section (栏目)."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    volume = models.ForeignKey(Volume, verbose_name=_("出版物"), on_delete=models.CASCADE, related_name="entries")
    manuscript = models.ForeignKey(Manuscript, verbose_name=_("稿件"), on_delete=models.PROTECT, related_name="entries")
    position = models.PositiveIntegerField(_("顺序"))
    section = models.CharField(_("栏目"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["volume", "position", "id"]
        verbose_name = _("目录条目")
        verbose_name_plural = _("目录条目")
        constraints = [
            models.UniqueConstraint(fields=["volume", "manuscript"], name="wenshi_entry_once"),
            models.UniqueConstraint(fields=["volume", "position"], name="wenshi_entry_position_once"),
        ]

    def __str__(self):
        return f"{self.volume_id}#{self.position}"


class CollectionItem(models.Model):
    """An item of the 文史馆 or the library's 政协文史资料专区: provenance, location, digitised files."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=16, choices=ItemKind.choices, default=ItemKind.BOOK)
    title = models.CharField(_("名称"), max_length=200)
    volume = models.ForeignKey(
        Volume, verbose_name=_("本会出版物"), null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    provenance = models.CharField(_("来源"), max_length=300, blank=True)
    location = models.CharField(_("存放位置"), max_length=200, blank=True)
    acquired_on = models.DateField(_("入藏日期"), db_index=True)
    copies = models.PositiveIntegerField(_("数量"), default=1)
    note = models.TextField(_("说明"), blank=True)
    attachments = models.ManyToManyField("core.Attachment", verbose_name=_("数字化文件"), blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["-acquired_on", "-id"]
        verbose_name = _("馆藏")
        verbose_name_plural = _("馆藏")
        constraints = [models.CheckConstraint(condition=Q(copies__gte=1), name="wenshi_item_copies")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("wenshi:item_detail", args=[self.pk])


class Circulation(models.Model):
    """The loan and exchange register: a loan (借阅, returned later), a gift (赠送) or an exchange (互赠)
    of volumes with another committee or body."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=16, choices=CirculationKind.choices)
    item = models.ForeignKey(
        CollectionItem, verbose_name=_("馆藏"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    volume = models.ForeignKey(
        Volume, verbose_name=_("出版物"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    counterpart = models.CharField(_("对方（借阅人 / 受赠单位）"), max_length=200)
    happened_on = models.DateField(_("日期"), db_index=True)
    copies = models.PositiveIntegerField(_("册数"), default=1)
    received = models.CharField(_("回赠资料"), max_length=300, blank=True)
    due_on = models.DateField(_("应还日期"), null=True, blank=True)
    returned_on = models.DateField(_("归还日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("借阅与交换")
        verbose_name_plural = _("借阅与交换")
        constraints = [
            models.CheckConstraint(condition=Q(copies__gte=1), name="wenshi_circulation_copies"),
            models.CheckConstraint(
                condition=Q(item__isnull=False) | Q(volume__isnull=False), name="wenshi_circulation_names_what"
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=models.F("happened_on")),
                name="wenshi_circulation_returned_after",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.counterpart}"

    @property
    def kind_color(self):
        return CirculationKind(self.kind).color

    @property
    def what(self) -> str:
        return str(self.volume) if self.volume_id else str(self.item)
