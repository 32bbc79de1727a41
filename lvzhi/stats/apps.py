from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "lvzhi.stats"
    label = "stats"
    verbose_name = _("统计")

    def ready(self):
        from lvzhi.stats import module  # noqa: F401  (registers the module)
