from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "lvzhi.delivery"
    label = "delivery"
    verbose_name = _("消息渠道")

    def ready(self):
        from lvzhi.delivery import module  # noqa: F401  registers its menu entry and notification kinds
