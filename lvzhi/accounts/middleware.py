"""Session policy: absolute lifetime, forced password change, and the user's own language.

The idle timeout is the session cookie age, renewed by every request (SESSION_SAVE_EVERY_REQUEST).
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

LOGIN_AT_KEY = "lvzhi_login_at"
EXEMPT_PREFIXES = ("/static/", "/healthz", "/readyz", "/api/", "/i18n/")
# Pages a user who must change the password can still reach (the recovery codes are shown once, at
# the end of an administrator's first login, before the initial password is changed).
PASSWORD_PAGE_EXEMPT = (
    "accounts:password_change",
    "accounts:logout",
    "accounts:set_language",
    "accounts:recovery_codes",
)


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and hasattr(request, "session"):
            login_at = request.session.get(LOGIN_AT_KEY)
            if login_at is None or time.time() - login_at > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                if not request.path.startswith("/api/"):
                    return redirect(f"{reverse('accounts:login')}?expired=1")
            else:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
                if (
                    user.must_change_password
                    and not request.path.startswith(EXEMPT_PREFIXES)
                    and request.path not in [reverse(n) for n in PASSWORD_PAGE_EXEMPT]
                ):
                    return redirect("accounts:password_change")
        return self.get_response(request)
