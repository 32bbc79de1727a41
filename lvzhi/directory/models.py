"""The member directory (委员风采): a member's own profile (photo, biography, which contact fields
colleagues may see) and their requests to change official data, which the office decides."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.scope import ScopedQuerySet, committee_ids
from lvzhi.directory.choices import ChangeState


class Profile(models.Model):
    """What a member shows of themselves; one per member, created on their first edit. Contact fields
    stay hidden unless the member shares them."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    member = models.OneToOneField(
        "org.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="directory_profile"
    )
    photo = models.ForeignKey(
        "core.Attachment", verbose_name=_("照片"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(_("个人简介"), blank=True)
    share_mobile = models.BooleanField(_("公开手机号"), default=False)
    share_email = models.BooleanField(_("公开电子邮箱"), default=False)
    share_workplace = models.BooleanField(_("公开工作单位"), default=False)
    completed_at = models.DateTimeField(_("完善时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["member_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | ~Q(bio=""), name="directory_profile_completed_has_bio"
            ),
        ]
        verbose_name = _("委员风采")
        verbose_name_plural = _("委员风采")

    def __str__(self):
        return str(self.member)


class ChangeRequestQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The office and leaders: their committees' requests; a member: their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = Q(pk__in=[])
        if user.has_role("staff") or user.has_role("leader"):
            condition |= Q(committee_id__in=committee_ids(user))
        if user.member_id and user.has_role("member"):
            condition |= Q(member_id=user.member_id)
        return self.filter(condition)


class ProfileChangeRequest(models.Model):
    """A member asks the office to change their sector, title or workplace. `changes` holds the
    requested values ({"sector": id, "title": "…", "workplace": "…"}), `before` what they were."""

    committee = models.ForeignKey("org.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "org.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="profile_change_requests"
    )
    membership = models.ForeignKey("org.Membership", verbose_name=_("任职"), on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(_("申请变更"), default=dict)
    before = models.JSONField(_("变更前"), default=dict)
    reason = models.CharField(_("申请说明"), max_length=500, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=ChangeState.choices, default=ChangeState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(state="pending"), name="directory_one_pending_request"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "withdrawn"]) | Q(decided_at__isnull=False),
                name="directory_decided_has_time",
            ),
        ]
        indexes = [models.Index(fields=["committee", "state"])]
        verbose_name = _("资料变更申请")
        verbose_name_plural = _("资料变更申请")

    def __str__(self):
        return _("%(name)s的资料变更申请") % {"name": self.member}

    @property
    def state_color(self):
        return ChangeState(self.state).color
