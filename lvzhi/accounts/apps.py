import time

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.middleware import LOGIN_AT_KEY, RENEWED_AT_KEY


def _stamp_login_time(sender, request, user, **kwargs):
    """Every login (page, test client, any backend) starts the absolute session lifetime, and counts
    as the session's last renewal (it is saved with a fresh expiry anyway)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = request.session[RENEWED_AT_KEY] = time.time()


class AccountsConfig(AppConfig):
    name = "lvzhi.accounts"
    label = "accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from lvzhi.accounts import module  # noqa: F401  registers menu and panels (models are ready only now)
        from lvzhi.accounts.models import ApiToken
        from lvzhi.core import figure_cache

        figure_cache.not_counted(ApiToken)  # its last use is recorded as a request reads; no figure counts tokens

        user_logged_in.connect(_stamp_login_time, dispatch_uid="lvzhi_login_time")
