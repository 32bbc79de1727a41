"""Kinds, states and methods of meetings and activities, each with the colour of its badge."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    PLENARY = "plenary", _("全体会议")
    STANDING_COMMITTEE = "standing_committee", _("常委会议")
    CHAIRS_MEETING = "chairs_meeting", _("主席会议")
    CONSULTATION = "consultation", _("协商活动")
    INSPECTION = "inspection", _("视察调研")
    STUDY = "study", _("学习活动")
    TRAINING = "training", _("培训")
    READING = "reading", _("读书活动")
    STUDIO = "studio", _("委员工作室活动")
    GRASSROOTS = "grassroots", _("基层协商")
    BRIEFING = "briefing", _("政策宣讲")
    WENSHI = "wenshi", _("文史活动")
    OTHER = "other", _("其他")

    @property
    def color(self):
        return {
            "plenary": "danger",
            "standing_committee": "danger",
            "chairs_meeting": "danger",
            "consultation": "primary",
            "inspection": "info",
            "study": "success",
            "training": "success",
            "reading": "secondary",
            "studio": "warning",
            "grassroots": "warning",
            "briefing": "dark",
            "wenshi": "info",
        }.get(self.value, "secondary")


# The default subkinds of each kind. A committee may configure its own list (Subkind rows); the
# codes of kinds are fixed, subkinds are named.
DEFAULT_SUBKINDS: dict[str, list[str]] = {
    "plenary": [],
    "standing_committee": [],
    "chairs_meeting": [],
    "consultation": ["专题", "双月", "界别", "对口", "常委会", "提案办理"],
    "inspection": ["视察", "调研", "监督性视察"],
    "study": ["第一议题", "党组理论学习中心组", "专题学习", "研讨"],
    "training": ["培训班"],
    "reading": ["读书分享", "荐书", "读书心得交流", "书画展"],
    "studio": ["送医", "送教", "送文化", "法律咨询", "联系界别群众", "学习交流"],
    "grassroots": ["协商议事"],
    "briefing": ["宣讲"],
    "wenshi": ["文史工作座谈会", "文史资料研讨", "口述史采集"],
    "other": [],
}


class ActivityState(models.TextChoices):
    PLANNED = "planned", _("计划中")
    FINISHED = "finished", _("已结束")
    CANCELLED = "cancelled", _("已取消")

    @property
    def color(self):
        return {"planned": "primary", "finished": "success", "cancelled": "secondary"}[self.value]


class AttendanceState(models.TextChoices):
    INVITED = "invited", _("已邀请")
    ATTENDING = "attending", _("确认参加")
    LEAVE_REQUESTED = "leave_requested", _("请假待批")
    EXCUSED = "excused", _("已准假")
    PRESENT = "present", _("已签到")
    ABSENT = "absent", _("缺席")

    @property
    def color(self):
        return {
            "invited": "secondary",
            "attending": "primary",
            "leave_requested": "warning",
            "excused": "info",
            "present": "success",
            "absent": "danger",
        }[self.value]


# Who still owes an answer or an appearance: these become absent when the activity finishes.
EXPECTED_STATES = (AttendanceState.INVITED, AttendanceState.ATTENDING, AttendanceState.LEAVE_REQUESTED)


class CheckinMethod(models.TextChoices):
    QR = "qr", _("扫码签到")
    MANUAL = "manual", _("人工签到")


class SpeechMode(models.TextChoices):
    WRITTEN = "written", _("书面发言")
    ORAL = "oral", _("口头发言")


class OutcomeKind(models.TextChoices):
    CONSULTATION = "consultation", _("协商成果")
    RESEARCH = "research", _("调研报告")
    INSPECTION = "inspection", _("视察报告")


class OutcomeState(models.TextChoices):
    DRAFT = "draft", _("起草中")
    SENT = "sent", _("已报送")
    INSTRUCTED = "instructed", _("已批示")
    ACTED = "acted", _("已落实")

    @property
    def color(self):
        return {"draft": "secondary", "sent": "primary", "instructed": "warning", "acted": "success"}[self.value]


class Answer(models.TextChoices):
    """A member's answer to an invitation."""

    ATTEND = "attend", _("参加")
    LEAVE = "leave", _("请假")


class InviteBy(models.TextChoices):
    MEMBERS = "members", _("指定委员")
    EVERYONE = "everyone", _("全体委员")
    SECTOR = "sector", _("按界别")
    PARTY = "party", _("按参加单位")
    ROLE = "role", _("按职务")
    SPECIAL_COMMITTEE = "special_committee", _("按专门委员会")
    STUDIO = "studio", _("按委员工作室")


# The activity form's fields that only some kinds use (the form shows them for these kinds only):
# the partner school of a training, and the outreach counts of activities among the people.
TRAINING_KINDS = (ActivityKind.TRAINING,)
OUTREACH_KINDS = (ActivityKind.STUDIO, ActivityKind.GRASSROOTS, ActivityKind.BRIEFING, ActivityKind.INSPECTION)
