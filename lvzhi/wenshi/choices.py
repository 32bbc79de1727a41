from django.db import models
from django.utils.translation import gettext_lazy as _


class ManuscriptKind(models.TextChoices):
    CLUE = "clue", _("文史线索")
    MANUSCRIPT = "manuscript", _("稿件")

    @property
    def color(self):
        return {"clue": "info", "manuscript": "primary"}[self.value]


class AuthorKind(models.TextChoices):
    MEMBER = "member", _("委员")
    EXPERT = "expert", _("文史专家")
    OUTSIDE = "outside", _("社会作者")


class ManuscriptForm(models.TextChoices):
    TEXT = "text", _("文字稿")
    SCAN = "scan", _("扫描件")
    PHOTO = "photo", _("照片")
    ORAL = "oral", _("口述史")


class ManuscriptState(models.TextChoices):
    SUBMITTED = "submitted", _("待初审")
    REVIEWING = "reviewing", _("待复审")
    ADOPTED = "adopted", _("采用")
    RETURNED = "returned", _("退改")
    REJECTED = "rejected", _("不用")

    @property
    def color(self):
        return {
            "submitted": "warning",
            "reviewing": "info",
            "adopted": "success",
            "returned": "secondary",
            "rejected": "dark",
        }[self.value]


class CallState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已截止")

    @property
    def color(self):
        return {"draft": "secondary", "published": "success", "closed": "dark"}[self.value]


class PublicationKind(models.TextChoices):
    VOLUME = "volume", _("丛书分辑")
    BOOK = "book", _("专辑图书")


class ItemKind(models.TextChoices):
    BOOK = "book", _("图书")
    DOCUMENT = "document", _("文献档案")
    PHOTO = "photo", _("照片")
    OBJECT = "object", _("实物")
    RECORDING = "recording", _("音像")


class CirculationKind(models.TextChoices):
    LOAN = "loan", _("借阅")
    GIFT = "gift", _("赠送")
    EXCHANGE = "exchange", _("互赠")

    @property
    def color(self):
        return {"loan": "secondary", "gift": "primary", "exchange": "success"}[self.value]


EXCHANGED_KINDS = (CirculationKind.GIFT, CirculationKind.EXCHANGE)
