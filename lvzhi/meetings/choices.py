"""Kinds and states of the meeting services (会务), each with the colour of its badge."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Half(models.TextChoices):
    MORNING = "morning", _("上午")
    AFTERNOON = "afternoon", _("下午")
    EVENING = "evening", _("晚上")


class RegistrationMethod(models.TextChoices):
    QR = "qr", _("扫码报到")
    SEARCH = "search", _("工作人员查找报到")
    BULK = "bulk", _("批量报到")


class VoteState(models.TextChoices):
    DRAFT = "draft", _("未开始")
    OPEN = "open", _("表决中")
    CLOSED = "closed", _("已结束")

    @property
    def color(self):
        return {"draft": "secondary", "open": "danger", "closed": "success"}[self.value]


class VoteChoice(models.TextChoices):
    YES = "yes", _("赞成")
    NO = "no", _("反对")
    ABSTAIN = "abstain", _("弃权")


class VoteBase(models.TextChoices):
    """Whose number the quorum and the majority are counted of."""

    PRESENT = "present", _("出席（已报到）人数")
    ALL = "all", _("应到（全体参会）人数")


class Ratio(models.TextChoices):
    NONE = "none", _("不设要求")
    HALF = "half", _("过半数")
    TWO_THIRDS = "two_thirds", _("三分之二以上")


class VoteMode(models.TextChoices):
    OPEN = "open", _("记名表决")
    ANONYMOUS = "anonymous", _("无记名表决")
