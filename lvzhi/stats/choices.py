"""Kinds of the statistics module's own records, each with the colour of its badge."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulationKind(models.TextChoices):
    MECHANISM = "mechanism", _("工作机制")
    SYSTEM = "system", _("制度")

    @property
    def color(self):
        return {"mechanism": "primary", "system": "secondary"}[self.value]


class ReferenceKind(models.TextChoices):
    """Reference documents of the library (not the committee's own rules)."""

    LAW = "law", _("法律法规")
    REGULATIONS = "regulations", _("条例")
    CHARTER = "charter", _("章程")
    OTHER = "other", _("其他文件")

    @property
    def color(self):
        return {"law": "danger", "regulations": "warning", "charter": "success", "other": "light"}[self.value]


class Rounding(models.TextChoices):
    """How a placeholder writes its number (see lvzhi.stats.summary)."""

    EXACT = "exact", _("精确")
    ABOVE = "余", _("……余（取整后加“余”）")
    MORE = "多", _("……多（取整后加“多”）")
    NEAR = "近", _("近……（略高的整数）")
    WAN = "万", _("……万（以万为单位）")
