"""Kinds and states of the supervision and development registers, each with its badge colour."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisputeKind(models.TextChoices):
    FAMILY = "family", _("婚姻家庭纠纷")
    LOAN = "loan", _("民间借贷纠纷")
    CONTRACT = "contract", _("合同纠纷")
    LABOUR = "labour", _("劳动争议")
    NEIGHBOUR = "neighbour", _("相邻关系纠纷")
    PROPERTY = "property", _("物业服务纠纷")
    TRAFFIC = "traffic", _("交通事故纠纷")
    OTHER = "other", _("其他纠纷")


class MediationState(models.TextChoices):
    OPEN = "open", _("调解中")
    CONCLUDED = "concluded", _("已调结")
    RETURNED = "returned", _("已退回法院")

    @property
    def color(self):
        return {"open": "warning", "concluded": "success", "returned": "secondary"}[self.value]


class MediationResult(models.TextChoices):
    SUCCESSFUL = "successful", _("调解成功")
    FAILED = "failed", _("调解不成")

    @property
    def color(self):
        return {"successful": "success", "failed": "danger"}[self.value]


class ClueSource(models.TextChoices):
    PROPOSAL = "proposal", _("提案")
    OPINION = "opinion", _("社情民意信息")
    DIRECT = "direct", _("直接登记")


# A source proposal's unsubmitted state: a clue is drawn only from a submitted proposal. The value is
# the proposals module's (supervision reaches proposals only through the clue's foreign key).
PROPOSAL_DRAFT = "draft"


class ClueState(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    SENT = "sent", _("已移送检察机关")
    FILED = "filed", _("已立案")
    SUGGESTED = "suggested", _("已制发检察建议")
    DECLINED = "declined", _("不予立案")
    CLOSED = "closed", _("已办结")

    @property
    def color(self):
        return {
            "registered": "secondary",
            "sent": "info",
            "filed": "primary",
            "suggested": "warning",
            "declined": "dark",
            "closed": "success",
        }[self.value]


class PostRole(models.TextChoices):
    SUPERVISOR = "supervisor", _("特邀监督员")
    REVIEWER = "reviewer", _("特邀评议员")
    PROJECT_REVIEW = "project_review", _("项目论证")
    TRIAL = "trial", _("案件庭审")
    PLAN_REVIEW = "plan_review", _("规划评审")
    EXAM = "exam", _("考试监督")
    OTHER = "other", _("其他")


# P19 counts the first two (person-times); P25 the rest, for members of democratic parties.
SUPERVISOR_ROLES = (PostRole.SUPERVISOR, PostRole.REVIEWER)
REVIEW_ROLES = (PostRole.PROJECT_REVIEW, PostRole.TRIAL, PostRole.PLAN_REVIEW, PostRole.EXAM)


class PostState(models.TextChoices):
    ACTIVE = "active", _("在任")
    ENDED = "ended", _("已结束")

    @property
    def color(self):
        return {"active": "success", "ended": "secondary"}[self.value]


class ProblemState(models.TextChoices):
    RAISED = "raised", _("待协调")
    HANDLING = "handling", _("协调中")
    SOLVED = "solved", _("已解决")
    CLOSED = "closed", _("已终止")

    @property
    def color(self):
        return {"raised": "warning", "handling": "info", "solved": "success", "closed": "secondary"}[self.value]


class SupportKind(models.TextChoices):
    # 创城宣传示范点 are records of their own (`DemoPoint`): a typed number of points is not kept.
    RURAL_FUNDS = "rural_funds", _("乡村振兴帮扶资金")
    OTHER = "other", _("其他（自定）")


SUPPORT_UNITS = {SupportKind.RURAL_FUNDS: "万元"}


class ServiceKind(models.TextChoices):
    """What a member did for the people (为民服务): a practical matter done for someone, or a problem
    raised and solved (in a grassroots consultation, a studio's activity, …)."""

    MATTER = "matter", _("帮办实事")
    PROBLEM = "problem", _("解决问题")


class ServiceState(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已办结")

    @property
    def color(self):
        return {"open": "warning", "done": "success"}[self.value]


class PartnerKind(models.TextChoices):
    FRIENDLY = "friendly", _("友好政协")
    LINKAGE = "linkage", _("联动联谊机制")
    OTHER = "other", _("其他协作")
