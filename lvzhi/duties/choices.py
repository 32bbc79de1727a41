"""Grades, report and assessment states of the duty records, each with the colour of its badge."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")

    @property
    def color(self):
        return {"excellent": "success", "competent": "primary", "basic": "warning", "incompetent": "danger"}[self.value]


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已通过")

    @property
    def color(self):
        return {"draft": "secondary", "submitted": "warning", "returned": "danger", "accepted": "success"}[self.value]


# Who must write an annual report (述职) unless the committee's scheme says everyone.
REPORTING_ROLES = ("chair", "vice_chair", "secretary_general", "standing")

# The event kind of a submitted annual report (this module's own producer).
ANNUAL_REPORT_KIND = "duties.annual_report"

DEFAULT_THRESHOLDS = {"excellent_min": 90, "competent_min": 70, "basic_min": 60}

# The default baseline targets (履职基本要求): name, kinds ("prefix.*" matches every kind of a
# prefix), how many events of those kinds a year.
DEFAULT_TARGETS = [
    (_("出席全体会议"), ["activities.attended.plenary"], 1),
    (_("提交提案至少 1 件"), ["proposals.first", "proposals.co"], 1),
    (_("报送社情民意信息至少 1 篇"), ["opinions.*"], 1),
    (_("参加协商活动至少 1 次"), ["activities.attended.consultation"], 1),
    (_("参加视察或调研至少 1 次"), ["activities.attended.inspection"], 1),
    (
        _("参加委员工作室或基层协商活动至少 1 次"),
        ["activities.attended.studio", "activities.attended.grassroots", "activities.organised_studio"],
        1,
    ),
    (_("参加学习或培训至少 1 次"), ["activities.attended.study", "activities.attended.training"], 1),
    (_("提交年度述职报告"), [ANNUAL_REPORT_KIND], 1),
]
