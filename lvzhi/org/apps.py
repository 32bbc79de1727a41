from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "lvzhi.org"
    label = "org"
    verbose_name = _("组织")

    def ready(self):
        from lvzhi.org import module  # noqa: F401  registers menu, figures and demo data
