from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "lvzhi.proposals"
    label = "proposals"
    verbose_name = _("提案")

    def ready(self):
        from lvzhi.proposals import module  # noqa: F401  registers menu, figures and demo data
