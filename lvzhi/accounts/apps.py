import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _stamp_login_time(sender, request, user, **kwargs):
    """Every login (page, test client, any backend) starts the absolute session lifetime."""
    from lvzhi.accounts.middleware import LOGIN_AT_KEY

    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = time.time()


class AccountsConfig(AppConfig):
    name = "lvzhi.accounts"
    label = "accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from lvzhi.accounts import module  # noqa: F401  registers menu entries

        user_logged_in.connect(_stamp_login_time, dispatch_uid="lvzhi_login_time")
