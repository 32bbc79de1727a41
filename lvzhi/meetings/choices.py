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


class SpeechState(models.TextChoices):
    """A plenary speech draft (大会发言) from submission to the office's decision."""

    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    ORAL = "oral", _("采用为大会口头发言")
    WRITTEN = "written", _("采用为书面发言")
    NOT_ADOPTED = "not_adopted", _("未采用")
    WITHDRAWN = "withdrawn", _("已撤回")

    @property
    def color(self):
        return {
            "submitted": "primary",
            "returned": "warning",
            "oral": "success",
            "written": "info",
            "not_adopted": "secondary",
            "withdrawn": "light",
        }[self.value]


ADOPTED = (SpeechState.ORAL, SpeechState.WRITTEN)


class SpeakerState(models.TextChoices):
    """A request to speak on an agenda item (发言名单)."""

    WAITING = "waiting", _("等候发言")
    SPEAKING = "speaking", _("正在发言")
    DONE = "done", _("已发言")
    WITHDRAWN = "withdrawn", _("已取消")


class ElectionKind(models.TextChoices):
    EQUAL = "equal", _("等额选举")
    COMPETITIVE = "competitive", _("差额选举")


class ElectionState(models.TextChoices):
    DRAFT = "draft", _("未开始")
    OPEN = "open", _("投票中")
    COUNTING = "counting", _("计票中")
    ENTERED = "entered", _("待复核")
    CONFIRMED = "confirmed", _("已确认")

    @property
    def color(self):
        return {
            "draft": "secondary",
            "open": "danger",
            "counting": "warning",
            "entered": "info",
            "confirmed": "success",
        }[self.value]


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("起草中")
    APPROVED = "approved", _("已审定")
    PUBLISHED = "published", _("已印发")

    @property
    def color(self):
        return {"draft": "secondary", "approved": "info", "published": "success"}[self.value]
