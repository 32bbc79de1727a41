from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "lvzhi.search"
    label = "search"
    verbose_name = _("全文检索")

    def ready(self):
        from lvzhi.search import module, signals  # noqa: F401  registers the module; connects upkeep

        signals.connect()
