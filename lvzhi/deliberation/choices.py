"""States of a deliberation topic and what its outcome became, each with the colour of its badge."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已结束")
    DISTILLED = "distilled", _("已形成成果")

    @property
    def color(self):
        return {"draft": "secondary", "open": "success", "closed": "dark", "distilled": "primary"}[self.value]
