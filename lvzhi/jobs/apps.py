from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "lvzhi.jobs"
    label = "jobs"
    verbose_name = _("后台任务")

    def ready(self):
        from lvzhi.jobs import module  # noqa: F401  registers the module and its download task
