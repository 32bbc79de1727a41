from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "lvzhi.supervision"
    label = "supervision"
    verbose_name = _("监督与服务发展")
