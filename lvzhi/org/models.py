"""The organisation: committees, terms and sessions, reference lists, members and memberships."""

import datetime

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lvzhi.core import pii
from lvzhi.core.numerals import chinese
from lvzhi.core.scope import ScopedQuerySet, committee_ids
from lvzhi.org.choices import (
    AffiliationKind,
    BranchKind,
    Gender,
    Level,
    MemberRole,
    MembershipStatus,
    PartyKind,
    StudioLevel,
    UnitKind,
)


class CommitteeQuerySet(models.QuerySet):
    def descendants_of(self, committee_id, include_self=True):
        path = Committee.objects.filter(pk=committee_id).values("path")
        qs = self.filter(path__startswith=models.Subquery(path))
        return qs if include_self else qs.exclude(pk=committee_id)

    def visible_to(self, user):
        return self.filter(id__in=committee_ids(user))


class Committee(models.Model):
    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=200, db_index=True, editable=False)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("政协委员会")
        verbose_name_plural = _("政协委员会")

    def __str__(self):
        return self.name

    @property
    def committee_id(self):  # so that scope and audit treat a committee like any domain row
        return self.pk

    @property
    def committee(self):
        return self

    def compute_path(self):
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"

    def current_term(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return (
            self.terms.filter(start_date__lte=on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
            .order_by("-number")
            .first()
        )


class Term(models.Model):
    committee = models.ForeignKey(Committee, verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField(_("届次"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "-number"]
        constraints = [models.UniqueConstraint(fields=["committee", "number"], name="term_unique_number")]
        verbose_name = _("届")
        verbose_name_plural = _("届")

    def __str__(self):
        return _("第%(n)s届") % {"n": ordinal_numeral(self.number)}


class Session(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="sessions"
    )
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("次"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["term", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="session_unique_number"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="session_dates_ordered"),
        ]
        verbose_name = _("次会议")
        verbose_name_plural = _("次会议")

    def __str__(self):
        return _("%(t)s届%(n)s次会议") % {"t": ordinal_numeral(self.term.number), "n": ordinal_numeral(self.number)}


class ReferenceItem(models.Model):
    """A per-committee configurable list entry."""

    committee = models.ForeignKey(Committee, verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["committee", "sort", "id"]

    def __str__(self):
        return self.name


class Sector(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="sector_unique_name")]
        verbose_name = _("界别")
        verbose_name_plural = _("界别")


class SpecialCommittee(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="specialcommittee_unique_name")]
        verbose_name = _("专门委员会")
        verbose_name_plural = _("专门委员会")


class Party(ReferenceItem):
    short_name = models.CharField(_("简称"), max_length=20, blank=True)
    kind = models.CharField(_("类别"), max_length=16, choices=PartyKind.choices, default=PartyKind.DEMOCRATIC)

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="party_unique_name")]
        verbose_name = _("参加单位")
        verbose_name_plural = _("参加单位")


class PartyBranch(ReferenceItem):
    """The office's own party organisation: branches with their groups, each with the day it was set
    up and the day it was dissolved (or merged into another): a branch exists on a day when it was
    established by then (or its date is unknown) and not dissolved on or before it."""

    kind = models.CharField(_("类别"), max_length=16, choices=BranchKind.choices, default=BranchKind.BRANCH)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级支部"), null=True, blank=True, on_delete=models.PROTECT, related_name="groups"
    )
    secretary = models.CharField(_("书记（组长）"), max_length=50, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    dissolved_on = models.DateField(_("撤销（合并）日期"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text=_("撤销时并入的组织（合并时填写）。"),
    )

    class Meta(ReferenceItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="partybranch_unique_name"),
            models.CheckConstraint(
                condition=Q(kind="branch", parent__isnull=True) | Q(kind="group", parent__isnull=False),
                name="partybranch_groups_have_branch",
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(dissolved_on__gte=F("established_on")),
                name="partybranch_dissolved_after_established",
            ),
        ]
        verbose_name = _("党支部/党小组")
        verbose_name_plural = _("党支部/党小组")

    @staticmethod
    def existing_on(day) -> Q:
        """The branches and groups that exist on `day`: established by then (or on an unknown date)
        and not dissolved on or before it. One without dates that is switched off counts as gone."""
        return (Q(established_on__isnull=True) | Q(established_on__lte=day)) & (
            Q(dissolved_on__gt=day) | Q(dissolved_on__isnull=True, is_active=True)
        )

    def exists_on(self, day) -> bool:
        started = self.established_on is None or self.established_on <= day
        ended = self.dissolved_on <= day if self.dissolved_on else not self.is_active
        return started and not ended


class Unit(ReferenceItem):
    """A government unit that handles proposals and receives reports."""

    kind = models.CharField(_("类别"), max_length=16, choices=UnitKind.choices, default=UnitKind.GOVERNMENT)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="unit_unique_name")]
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")


class MemberQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        ids = committee_ids(user)
        if not ids:
            return self.none()
        in_scope = Membership.objects.filter(member=OuterRef("pk"), committee_id__in=ids)
        return self.filter(Q(committee_id__in=ids) | Exists(in_scope))


class Member(models.Model):
    """A person. Their seats are Memberships, one per committee and term."""

    committee = models.ForeignKey(Committee, verbose_name=_("登记委员会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = models.CharField(_("拼音"), max_length=200, blank=True, db_index=True)
    name_initials = models.CharField(_("拼音首字母"), max_length=20, blank=True, db_index=True)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    id_number_encrypted = models.TextField(blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True)
    mobile_encrypted = models.TextField(blank=True)
    mobile_hash = models.CharField(max_length=64, blank=True, db_index=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    workplace = models.CharField(_("工作单位"), max_length=200, blank=True)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"], condition=~Q(id_number_hash=""), name="member_unique_id_number"
            ),
        ]
        verbose_name = _("委员")
        verbose_name_plural = _("委员")

    def __str__(self):
        return self.name

    @property
    def id_number(self) -> str:
        return pii.decrypt(self.id_number_encrypted)

    @property
    def mobile(self) -> str:
        return pii.decrypt(self.mobile_encrypted)

    @property
    def id_number_masked(self) -> str:
        return pii.mask_id_number(self.id_number)

    @property
    def mobile_masked(self) -> str:
        return pii.mask_mobile(self.mobile)


class Membership(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="memberships"
    )
    member = models.ForeignKey(Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="memberships")
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("职务"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    sector = models.ForeignKey(
        Sector, verbose_name=_("界别"), null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("参加单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    special_committees = models.ManyToManyField(
        SpecialCommittee, verbose_name=_("专门委员会"), blank=True, related_name="memberships"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)
    end_reason = models.CharField(_("离任原因"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "-term__number"]
        constraints = [
            models.UniqueConstraint(fields=["member", "term"], name="membership_unique_per_term"),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True) | (~Q(status="active") & Q(ended_on__isnull=False)),
                name="membership_end_matches_status",
            ),
        ]
        verbose_name = _("委员任职")
        verbose_name_plural = _("委员任职")

    def __str__(self):
        return f"{self.member} · {self.committee.short_name} {self.term}"

    @property
    def status_color(self):
        return MembershipStatus(self.status).color


class Studio(models.Model):
    """委员工作室 / 工作站."""

    committee = models.ForeignKey(Committee, verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="studios")
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=StudioLevel.choices, default=StudioLevel.CITY)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("界别"), null=True, blank=True, on_delete=models.SET_NULL, related_name="studios"
    )
    lead = models.ForeignKey(
        Member, verbose_name=_("牵头委员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="led_studios"
    )
    members = models.ManyToManyField(Member, verbose_name=_("入驻委员"), blank=True, related_name="studios")
    established_on = models.DateField(_("建成日期"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "name"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="studio_unique_name")]
        verbose_name = _("委员工作室")
        verbose_name_plural = _("委员工作室")

    def __str__(self):
        return self.name


class AffiliationQuerySet(ScopedQuerySet):
    def active_on(self, day: datetime.date):
        """The links in force on `day` (started on or before it, not ended before it)."""
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)


class Affiliation(models.Model):
    """A member seated in a higher committee who lives in (or is linked to) this committee's area and
    takes part in its activities and grassroots work (在武省政协委员; a city member living in a
    county): the committee may invite them, they check in and are credited in its duty records. It
    gives no seat: the committee's member counts do not include them."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("所在地委员会"), on_delete=models.CASCADE, related_name="affiliations"
    )
    member = models.ForeignKey(Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="affiliations")
    seat_committee = models.ForeignKey(
        Committee, verbose_name=_("所属委员会"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("关系"), max_length=16, choices=AffiliationKind.choices, default=AffiliationKind.RESIDENT)
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "member__name_pinyin", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="affiliation_end_after_start",
            ),
            models.UniqueConstraint(fields=["committee", "member", "started_on"], name="affiliation_unique_start"),
        ]
        verbose_name = _("驻地委员")
        verbose_name_plural = _("驻地委员")

    def __str__(self):
        return f"{self.member} · {self.seat_committee.short_name} → {self.committee.short_name}"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 23 → 二十三."""
    return chinese(n)


def ordinal_numeral(n: int) -> str:
    """The numeral a term or session is named with: 五 in Chinese, 5 in other languages."""
    return chinese_numeral(n) if (get_language() or "zh").startswith("zh") else str(n)
