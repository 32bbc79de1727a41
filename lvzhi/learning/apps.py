from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "lvzhi.learning"
    label = "learning"
    verbose_name = _("学习园地")

    def ready(self):
        from lvzhi.learning import module  # noqa: F401  registers menu, figures and demo data
