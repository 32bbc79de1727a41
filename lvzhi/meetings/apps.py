from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lvzhi.core import registry


class MeetingsConfig(AppConfig):
    name = "lvzhi.meetings"
    label = "meetings"
    verbose_name = _("会务")

    def ready(self):
        from lvzhi.meetings import attachments, module  # noqa: F401  registers menu, action tables, duty events and demo data

        registry.register_file_holders(*attachments.FILE_HOLDERS)  # who may open its records' files
