from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lvzhi.core import panels, registry


class CoreConfig(AppConfig):
    name = "lvzhi.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self):
        registry.register(registry.Module(key="core", label=_("首页"), home_panels=panels.PANELS))
