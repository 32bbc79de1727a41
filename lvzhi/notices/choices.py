from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    NOTICE = "notice", _("通知")
    ANNOUNCEMENT = "announcement", _("公告")
    BRIEFING = "briefing", _("简报")
    NEWS = "news", _("要闻")

    @property
    def color(self):
        return {"notice": "primary", "announcement": "info", "briefing": "secondary", "news": "danger"}[self.value]


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")

    @property
    def color(self):
        return {"draft": "secondary", "published": "success", "withdrawn": "dark"}[self.value]


class ReplyFieldKind(models.TextChoices):
    TEXT = "text", _("文字")
    CHOICE = "choice", _("选项")
    NUMBER = "number", _("数字")
