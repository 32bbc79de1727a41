"""States and kinds of the learning corner, each with a Chinese label and a badge colour."""

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_TOPICS = ("第一议题", "理论学习", "政策法规", "履职知识")


class MaterialKind(models.TextChoices):
    ARTICLE = "article", _("文章")
    DOCUMENT = "document", _("文件")
    VIDEO = "video", _("视频")
    AUDIO = "audio", _("音频")
    BOOK = "book", _("书籍")

    @property
    def color(self):
        return {
            "article": "primary",
            "document": "secondary",
            "video": "danger",
            "audio": "warning",
            "book": "success",
        }[self.value]


class MaterialState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")

    @property
    def color(self):
        return {"draft": "secondary", "published": "success", "withdrawn": "dark"}[self.value]


class ReflectionState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")

    @property
    def color(self):
        return {"draft": "secondary", "submitted": "success"}[self.value]


class GroupState(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")

    @property
    def color(self):
        return {"open": "success", "closed": "secondary"}[self.value]
