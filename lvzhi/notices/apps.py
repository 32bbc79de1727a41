from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "lvzhi.notices"
    label = "notices"
    verbose_name = _("通知公告")

    def ready(self):
        from lvzhi.notices import module  # noqa: F401  registers menu, figures and demo data
