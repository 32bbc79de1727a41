from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("委员")
    STAFF = "staff", _("工作人员")
    LEADER = "leader", _("领导")
    UNIT = "unit", _("承办单位")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITOR = "auditor", _("审计管理员")


ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})
BUSINESS_ROLES = frozenset({Role.MEMBER, Role.STAFF, Role.LEADER, Role.UNIT})


class Permission(models.TextChoices):
    """Module permissions of staff officers."""

    PROPOSALS = "proposals", _("提案")
    OPINIONS = "opinions", _("社情民意")
    ACTIVITIES = "activities", _("会议活动")
    MEMBERS = "members", _("委员与组织")
    SUPERVISION = "supervision", _("监督与服务发展")
    STATISTICS = "statistics", _("统计")
    PARTY = "party", _("机关党建")
    VIEW_PII = "view_pii", _("查看个人信息")
