"""States and kinds of the proposals module, each with a label and a badge colour."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审查")
    FILED = "filed", _("已立案")
    REJECTED = "rejected", _("不予立案")
    CONVERTED = "converted", _("已转办")
    MERGED = "merged", _("已并案")
    WITHDRAWN = "withdrawn", _("已撤案")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")

    @property
    def color(self):
        return {
            "draft": "secondary",
            "submitted": "warning",
            "filed": "info",
            "rejected": "danger",
            "converted": "dark",
            "merged": "dark",
            "withdrawn": "secondary",
            "assigned": "primary",
            "replied": "success",
            "closed": "success",
        }[self.value]


# Filed and later: what a member of the committee may read of others' proposals.
FILED_STATES = (ProposalState.FILED, ProposalState.ASSIGNED, ProposalState.REPLIED, ProposalState.CLOSED)
# Handled (协调办理): filed and assigned to units.
HANDLED_STATES = (ProposalState.ASSIGNED, ProposalState.REPLIED, ProposalState.CLOSED)


class ProposerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个人提案")
    JOINT = "joint", _("联名提案")
    SECTOR = "sector", _("界别（小组）提案")
    ORGANISATION = "organisation", _("党派团体提案")
    SPECIAL_COMMITTEE = "special_committee", _("专委会提案")

    @property
    def color(self):
        return "light"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("会办")
    SPLIT = "split", _("分办")

    @property
    def color(self):
        return {"lead": "primary", "co": "secondary", "split": "info"}[self.value]


class AssignmentState(models.TextChoices):
    PENDING = "pending", _("待签收")
    SIGNED = "signed", _("办理中")
    OBJECTED = "objected", _("申请调整")
    REPLIED = "replied", _("已答复")
    REASSIGNED = "reassigned", _("已改办")

    @property
    def color(self):
        return {
            "pending": "warning",
            "signed": "primary",
            "objected": "danger",
            "replied": "success",
            "reassigned": "secondary",
        }[self.value]


ACTIVE_ASSIGNMENT_STATES = (
    AssignmentState.PENDING,
    AssignmentState.SIGNED,
    AssignmentState.OBJECTED,
    AssignmentState.REPLIED,
)
OPEN_ASSIGNMENT_STATES = (AssignmentState.PENDING, AssignmentState.SIGNED)  # still to be handled
ANSWERING_ROLES = (AssignmentRole.LEAD, AssignmentRole.SPLIT)  # the units that reply


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")

    @property
    def color(self):
        return {"satisfied": "success", "basically_satisfied": "info", "unsatisfied": "danger"}[self.value]


class SupervisionKind(models.TextChoices):
    MEETING = "meeting", _("会议督办")
    ONSITE = "onsite", _("现场督办")
    WRITTEN = "written", _("书面督办")


class ConvertTarget(models.TextChoices):
    SUGGESTION = "suggestion", _("转为意见建议")
    OPINION = "opinion", _("转社情民意信息")


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("未同意")

    @property
    def color(self):
        return {"pending": "warning", "approved": "success", "refused": "danger"}[self.value]


DEFAULT_CATEGORIES = ["经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设", "党的建设", "其他"]

# The ten grounds on which a proposal is not filed (提案工作条例).
DEFAULT_REJECTION_REASONS = [
    "涉及党和国家秘密的",
    "涉及民族、宗教等敏感问题，不宜公开讨论的",
    "属于民事纠纷、司法诉讼或者行政复议范围的",
    "涉及具体人事任免、干部考核评价的",
    "属于个人或者少数人利益诉求的",
    "属于学术性探讨或者宣传推介具体产品、项目的",
    "超出本级党委和政府职权范围的",
    "内容空泛、没有具体建议的",
    "已经解决或者正在解决的",
    "其他不宜作为提案立案的",
]

DEFAULT_ANSWER_CATEGORIES = [
    ("A", "所提问题已经解决或基本解决"),
    ("B", "正在解决或已列入计划解决"),
    ("C", "因目前条件限制需今后研究解决"),
]
