from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftsConfig(AppConfig):
    name = "lvzhi.drafts"
    label = "drafts"
    verbose_name = _("草稿与手机应用")

    def ready(self):
        from lvzhi.drafts import module  # noqa: F401  registers the module
