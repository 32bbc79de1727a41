from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "lvzhi.liaison"
    label = "liaison"
    verbose_name = _("联谊联络与请示报告")

    def ready(self):
        from lvzhi.liaison import module  # noqa: F401  registers menu, figures, duty events and demo data
