from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "lvzhi.supervision"
    label = "supervision"
    verbose_name = _("监督与服务发展")

    def ready(self):
        from lvzhi.supervision import module  # noqa: F401  registers menu, figures, duty events and demo data
