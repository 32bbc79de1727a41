"""The statistics module's own records: summary templates, and the register of regulations (work
mechanisms and systems, with their revisions) that W10 and W21 of seed-figures.md count."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions
from lvzhi.core.scope import ScopedQuerySet, committee_ids
from lvzhi.org.audience import Audience, addressed_to
from lvzhi.stats.choices import ReferenceKind, RegulationKind


class SummaryTemplate(models.Model):
    """A work summary (工作综述) with placeholders naming figures; see lvzhi.stats.summary."""

    committee = models.ForeignKey(
        "org.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="summary_templates"
    )
    slug = models.SlugField(_("标识"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    subtitle = models.CharField(_("副标题"), max_length=200, blank=True)
    body = models.TextField(_("正文"), help_text=_("段落以空行分隔；以“# ”开头的段落为小标题。"))
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("创建人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "slug"]
        constraints = [models.UniqueConstraint(fields=["committee", "slug"], name="summarytemplate_unique_slug")]
        verbose_name = _("综述模板")
        verbose_name_plural = _("综述模板")

    def __str__(self):
        return self.title


class Regulation(models.Model):
    """A rule of the committee: a work mechanism (工作机制) or a system (制度), with its revisions."""

    committee = models.ForeignKey(
        "org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="regulations"
    )
    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=RegulationKind.choices)
    adopted_on = models.DateField(_("建立（制定）日期"))
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    note = models.TextField(_("说明"), blank=True)
    # the first version (立): who adopted it and its text; each revision (改) carries its own
    adopted_by = models.CharField(_("制定机关（会议）"), max_length=200, blank=True)
    text = models.TextField(_("全文"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "-adopted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(repealed_on__isnull=True) | Q(repealed_on__gte=models.F("adopted_on")),
                name="regulation_repealed_after_adopted",
            )
        ]
        verbose_name = _("制度机制")
        verbose_name_plural = _("制度机制")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("stats:regulation_detail", args=[self.pk])

    def in_force_on(self, day) -> bool:
        return self.adopted_on <= day and (self.repealed_on is None or self.repealed_on > day)


class RegulationRevision(models.Model):
    """One revision (修订) of a regulation."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    regulation = models.ForeignKey(
        Regulation, verbose_name=_("制度机制"), on_delete=models.CASCADE, related_name="revisions"
    )
    revised_on = models.DateField(_("修订日期"))
    note = models.CharField(_("修订说明"), max_length=500, blank=True)
    adopted_by = models.CharField(_("审议通过机关（会议）"), max_length=200, blank=True)
    text = models.TextField(_("修订后全文"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-revised_on", "-id"]
        verbose_name = _("制度修订")
        verbose_name_plural = _("制度修订")

    def __str__(self):
        return f"{self.regulation}（{self.revised_on:%Y-%m-%d}）"


class ReferenceQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The statistics office and leaders: every reference document of their scope. Members and
        unit users: the documents addressed to them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = models.Q(pk__in=[])
        if permissions.can_read(user, Permission.STATISTICS):
            condition |= models.Q(committee_id__in=committee_ids(user))
        if user.member_id or user.unit_id:
            condition |= models.Q(pk__in=addressed_to(self.model.objects.all(), user).values("pk"))
        return self.filter(condition)


class ReferenceDocument(Audience):
    """A reference document of the committee's library (a law, a 提案工作条例, the 章程), read by
    those it is addressed to."""

    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=ReferenceKind.choices)
    issuer = models.CharField(_("制定机关"), max_length=200, blank=True)
    issued_on = models.DateField(_("公布（通过）日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    text = models.TextField(_("全文"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "kind", "-issued_on", "id"]
        verbose_name = _("参考文件")
        verbose_name_plural = _("参考文件")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("stats:library_document", args=[self.pk])
