"""A form's unsubmitted text, kept on the server while the user types (see docs/drafts.md).

One row per user and form: `key` names the form (its page path and its place on the page, as
drafts.js computes it), `fields` holds the typed values by field name. Private to its author: no
other user, office or administrator reads it, and it is deleted when the form is submitted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

KEY_MAX = 300
PATH_MAX = 300


class DraftQuerySet(models.QuerySet):
    def of(self, user):
        """The user's own drafts: the only ones anybody may read."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class Draft(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    key = models.CharField(_("表单"), max_length=KEY_MAX)
    path = models.CharField(_("页面"), max_length=PATH_MAX)
    fields = models.JSONField(_("内容"), default=dict)
    size = models.PositiveIntegerField(_("字节数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("保存时间"), auto_now=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("草稿")
        verbose_name_plural = _("草稿")
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="drafts_one_per_user_and_form")]

    def __str__(self):
        return f"{self.user} · {self.key}"
