from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县区级")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("主席")
    VICE_CHAIR = "vice_chair", _("副主席")
    SECRETARY_GENERAL = "secretary_general", _("秘书长")
    STANDING = "standing", _("常委")
    MEMBER = "member", _("委员")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("在任")
    RESIGNED = "resigned", _("辞任")
    REMOVED = "removed", _("撤销")

    @property
    def color(self):
        return {"active": "success", "resigned": "secondary", "removed": "danger"}[self.value]


class PartyKind(models.TextChoices):
    CPC = "cpc", _("中国共产党")
    DEMOCRATIC = "democratic", _("民主党派")
    NON_PARTY = "non_party", _("无党派人士")
    FEDERATION = "federation", _("工商联")
    ORGANISATION = "organisation", _("人民团体")
    OTHER = "other", _("其他")


class BranchKind(models.TextChoices):
    BRANCH = "branch", _("党支部")
    GROUP = "group", _("党小组")


class StudioLevel(models.TextChoices):
    CITY = "city", _("市级")
    COUNTY = "county", _("县区级")
    TOWN = "town", _("乡镇（街道）")


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party", _("党委部门")
    GOVERNMENT = "government", _("政府部门")
    COURT = "judicial", _("司法机关")
    ORGANISATION = "organisation", _("群团组织")
    ENTERPRISE = "enterprise", _("企事业单位")
    OTHER = "other", _("其他")


class AffiliationKind(models.TextChoices):
    """Why a member seated in a higher committee takes part in this committee's work."""

    RESIDENT = "resident", _("居住在本地")
    LIAISON = "liaison", _("联系本地")
