"""States and kinds of the party-building records, each with a label and a badge colour."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BranchRole(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY = "deputy", _("副书记")
    COMMITTEE = "committee", _("支部委员")
    GROUP_LEADER = "group_leader", _("党小组组长")
    MEMBER = "member", _("党员")


class MeetingKind(models.TextChoices):
    """三会一课 and the other regular forms of party life."""

    ASSEMBLY = "assembly", _("支部党员大会")
    COMMITTEE = "committee", _("支部委员会")
    GROUP = "group", _("党小组会")
    LECTURE = "lecture", _("党课")
    THEME_DAY = "theme_day", _("主题党日")
    LIFE = "life", _("组织生活会")
    REVIEW = "review", _("民主评议党员")

    @classmethod
    def three_and_one(cls):
        """三会一课: the three meetings and the party lecture."""
        return [cls.ASSEMBLY, cls.COMMITTEE, cls.GROUP, cls.LECTURE]


class PairKind(models.TextChoices):
    """两个全覆盖."""

    GROUP_TO_PARTY = "group_to_party", _("党组成员联系中共党员委员")
    PARTY_TO_NON_PARTY = "party_to_non_party", _("中共党员委员联系党外委员")


class PairState(models.TextChoices):
    ACTIVE = "active", _("联系中")
    ENDED = "ended", _("已结束")

    @property
    def color(self):
        return {"active": "success", "ended": "secondary"}[self.value]


class ContactWay(models.TextChoices):
    VISIT = "visit", _("走访")
    TALK = "talk", _("谈心交流")
    PHONE = "phone", _("电话")
    MEETING = "meeting", _("座谈")
    ONLINE = "online", _("微信或网络")
    ACTIVITY = "activity", _("共同参加活动")
    OTHER = "other", _("其他")
