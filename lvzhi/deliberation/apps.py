from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "lvzhi.deliberation"
    label = "deliberation"
    verbose_name = _("网络议政")

    def ready(self):
        from lvzhi.deliberation import module  # noqa: F401  registers menu, figures and demo data
