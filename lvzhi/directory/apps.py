from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "lvzhi.directory"
    label = "directory"
    verbose_name = _("委员风采")

    def ready(self):
        from lvzhi.directory import module  # noqa: F401  registers menu, figures and demo data
