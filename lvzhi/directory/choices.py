from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeState(models.TextChoices):
    """A request to change official data (界别、职务、工作单位), decided by the office."""

    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已同意")
    REJECTED = "rejected", _("未同意")
    WITHDRAWN = "withdrawn", _("已撤回")

    @property
    def color(self):
        return {"pending": "warning", "approved": "success", "rejected": "danger", "withdrawn": "secondary"}[self.value]


class ChangeField(models.TextChoices):
    """The official fields a member may ask the office to change."""

    SECTOR = "sector", _("界别")
    TITLE = "title", _("职务")
    WORKPLACE = "workplace", _("工作单位")


class Contact(models.TextChoices):
    """The contact fields a member may choose to show to colleagues (none by default)."""

    MOBILE = "mobile", _("手机号")
    EMAIL = "email", _("电子邮箱")
    WORKPLACE = "workplace", _("工作单位")
