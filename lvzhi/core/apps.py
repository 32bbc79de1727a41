from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.utils.translation import gettext_lazy as _

from lvzhi.core import figure_cache, form_messages, panels, registry


class CoreConfig(AppConfig):
    name = "lvzhi.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self):
        from lvzhi.core import listing  # needs the models: imported once the apps are ready

        figure_cache.install()  # figure values cached until a table they read is written
        form_messages.install()  # "标题不能超过200字" on every form, not Django's generic message
        registry.register(registry.Module(key="core", label=_("首页"), home_panels=panels.PANELS))
        # A user's remembered list filters come into the session at login and are kept at logout.
        user_logged_in.connect(listing.load_remembered, dispatch_uid="lvzhi.core.listing.load_remembered")
        user_logged_out.connect(listing.save_remembered, dispatch_uid="lvzhi.core.listing.save_remembered")
