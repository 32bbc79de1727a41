"""States and kinds of the liaison module, each with its label (and badge colour where shown)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactGroup(models.TextChoices):
    """The groups the committee keeps in touch with (统战联谊工作对象)."""

    REPRESENTATIVE = "representative", _("重要代表人士")
    INTELLECTUAL = "intellectual", _("党外知识分子")
    PRIVATE_ECONOMY = "private_economy", _("非公有制经济人士")
    NEW_STRATA = "new_strata", _("新的社会阶层人士")
    ETHNIC_RELIGIOUS = "ethnic_religious", _("民族和宗教界委员")


class EngagementKind(models.TextChoices):
    VISIT = "visit", _("走访")
    TALK = "talk", _("谈心谈话")
    ACTIVITY = "activity", _("主题活动")


class HostBody(models.TextChoices):
    NATIONAL = "national", _("全国政协")
    PROVINCIAL = "provincial", _("省政协")


class HostedKind(models.TextChoices):
    RESEARCH = "research", _("调研")
    INSPECTION = "inspection", _("视察")
    SUPERVISION = "supervision", _("监督性调研")
    OTHER = "other", _("考察")


class PartyReportKind(models.TextChoices):
    REQUEST = "request", _("请示")
    REPORT = "report", _("报告")


class PartyReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SENT = "sent", _("已报送")
    REPLIED = "replied", _("已批复")
    CLOSED = "closed", _("已办结")

    @property
    def color(self):
        return {"draft": "secondary", "sent": "warning", "replied": "success", "closed": "dark"}[self.value]


class ReplyOutcome(models.TextChoices):
    APPROVED = "approved", _("同意")
    APPROVED_IN_PRINCIPLE = "in_principle", _("原则同意")
    NOTED = "noted", _("阅知")
    DECLINED = "declined", _("不同意")
