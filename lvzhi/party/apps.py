from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "lvzhi.party"
    label = "party"
    verbose_name = _("机关党建")

    def ready(self):
        from lvzhi.party import module  # noqa: F401  registers menu, figures, duty events and demo data
