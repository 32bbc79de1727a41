from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WenshiConfig(AppConfig):
    name = "lvzhi.wenshi"
    label = "wenshi"
    verbose_name = _("文史资料")

    def ready(self):
        from lvzhi.wenshi import module  # noqa: F401  registers menu, figures, duty events and demo data
