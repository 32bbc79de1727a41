"""States and kinds of social-conditions and public-opinion reports (社情民意信息)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

OTHER_CATEGORY = "其他"  # where an item goes when its category is not one of the committee's
DEFAULT_CATEGORIES = ["经济发展", "社会民生", "生态环境", "文化教育", "医疗卫生", "社会治理", OTHER_CATEGORY]


class OpinionState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("编辑中")
    REJECTED = "rejected", _("不采用")
    COMBINED = "combined", _("已合并")
    PUBLISHED = "published", _("已编发")
    SENT = "sent", _("已报送")
    CLOSED = "closed", _("已反馈")

    @property
    def color(self):
        return {
            "draft": "secondary",
            "submitted": "primary",
            "accepted": "info",
            "rejected": "danger",
            "combined": "light",
            "published": "warning",
            "sent": "success",
            "closed": "dark",
        }[self.value]


# Items the office has used: published into an issue, and what came after.
USED_STATES = (OpinionState.PUBLISHED, OpinionState.SENT, OpinionState.CLOSED)


class SubmitterKind(models.TextChoices):
    MEMBER = "member", _("委员")
    ORGANISATION = "organisation", _("参加单位")
    OFFICER = "officer", _("特邀信息员")
    COMMITTEE = "committee", _("下级政协")


class OpinionUrgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    VERY_URGENT = "very_urgent", _("特急")


class IssueKind(models.TextChoices):
    REGULAR = "regular", _("《社情民意》")
    SPECIAL = "special", _("专报")


class RecipientLevel(models.TextChoices):
    """Who receives what the office sends: the local party committee, government and departments
    (市委、市政府、市级部门) or the CPPCC above (省政协、全国政协)."""

    PARTY_COMMITTEE = "party_committee", _("党委（如市委）")
    GOVERNMENT = "government", _("政府（如市政府）")
    DEPARTMENT = "department", _("本级部门")
    PROVINCIAL = "provincial", _("省政协")
    NATIONAL = "national", _("全国政协")
    OTHER = "other", _("其他")


# 向市委及市级相关部门报送 (W14): the local party committee, government and departments.
LOCAL_LEVELS = (RecipientLevel.PARTY_COMMITTEE, RecipientLevel.GOVERNMENT, RecipientLevel.DEPARTMENT)


class InstructionLevel(models.TextChoices):
    NATIONAL = "national", _("中央领导")
    PROVINCIAL = "provincial", _("省级领导")
    CITY = "city", _("市级领导")
    COUNTY = "county", _("县级领导")


class AdoptionLevel(models.TextChoices):
    NATIONAL = "national", _("全国政协")
    PROVINCIAL = "provincial", _("省政协")
    CITY = "city", _("市政协")


class PointEvent(models.TextChoices):
    """What earns information points (信息积分); the points of each are set per committee."""

    SUBMITTED = "submitted", _("报送一条")
    USED = "used", _("编发采用一条")
    INSTRUCTED_NATIONAL = "instructed_national", _("获中央领导批示")
    INSTRUCTED_PROVINCIAL = "instructed_provincial", _("获省级领导批示")
    INSTRUCTED_CITY = "instructed_city", _("获市级领导批示")
    INSTRUCTED_COUNTY = "instructed_county", _("获县级领导批示")
    ADOPTED_NATIONAL = "adopted_national", _("被全国政协采用")
    ADOPTED_PROVINCIAL = "adopted_provincial", _("被省政协采用")
    ADOPTED_CITY = "adopted_city", _("被市政协采用")


DEFAULT_POINTS = {
    "submitted": 1,
    "used": 3,
    "instructed_national": 30,
    "instructed_provincial": 15,
    "instructed_city": 8,
    "instructed_county": 4,
    "adopted_national": 20,
    "adopted_provincial": 10,
    "adopted_city": 5,
}

DEFAULT_RECIPIENTS = [
    ("市委办公室", RecipientLevel.PARTY_COMMITTEE),
    ("市政府办公室", RecipientLevel.GOVERNMENT),
    ("省政协办公厅", RecipientLevel.PROVINCIAL),
    ("全国政协办公厅", RecipientLevel.NATIONAL),
]
