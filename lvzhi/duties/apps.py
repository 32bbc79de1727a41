from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "lvzhi.duties"
    label = "duties"
    verbose_name = _("履职档案")

    def ready(self):
        from lvzhi.duties import checks, module  # noqa: F401  registers menu, duty producer, demo data, checks
