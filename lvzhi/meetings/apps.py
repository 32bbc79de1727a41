from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "lvzhi.meetings"
    label = "meetings"
    verbose_name = _("会务")

    def ready(self):
        from lvzhi.meetings import module  # noqa: F401  registers menu, action tables, duty events and demo data
