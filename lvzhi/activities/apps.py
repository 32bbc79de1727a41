from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "lvzhi.activities"
    label = "activities"
    verbose_name = _("会议活动")

    def ready(self):
        from lvzhi.activities import module  # noqa: F401  registers menu, figures and demo data
