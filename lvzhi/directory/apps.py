from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry


class DirectoryConfig(AppConfig):
    name = "lvzhi.directory"
    label = "directory"
    verbose_name = _("委员风采")

    def ready(self):
        from lvzhi.directory import attachments, module  # noqa: F401  registers menu, figures and demo data

        registry.register_file_holders(*attachments.FILE_HOLDERS)  # who may open its records' files
