"""Session policy: absolute lifetime, forced password change, and the user's own language.

The idle timeout is the session cookie age, renewed by the user's requests — at most once every
SESSION_RENEW_SECONDS (a minute; never more than a tenth of the idle timeout), so a page does not
write its session row on every request. A
background read (`request.background_read`) never renews it; the keep-alive (`request.renew_session`)
always does.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

LOGIN_AT_KEY = "lvzhi_login_at"
RENEWED_AT_KEY = "lvzhi_renewed_at"
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
        response = self.get_response(request)
        if hasattr(request, "session"):
            renew_idle_timeout(request)
        return response


def renew_idle_timeout(request):
    """Save the session (a fresh expiry and cookie) when its last renewal is a minute old, or when the
    view asks for it; never for a background read, nor once the view has logged the user out."""
    if getattr(request, "background_read", False) or not request.user.is_authenticated:
        return
    if SESSION_KEY not in request.session:  # signed in by a bearer token, not a session: nothing to renew
        return
    now = time.time()
    due = now - request.session.get(RENEWED_AT_KEY, 0) >= renew_seconds()
    if due or getattr(request, "renew_session", False):
        request.session[RENEWED_AT_KEY] = now


def renew_seconds() -> int:
    """How old the session's last renewal must be for a request to renew it: SESSION_RENEW_SECONDS,
    but at most a tenth of the idle timeout (a short timeout is renewed by nearly every request)."""
    return min(settings.SESSION_RENEW_SECONDS, settings.SESSION_COOKIE_AGE // 10)


def browser_idle_seconds() -> int:
    """The idle time the browser counts from a page's load: the timeout less the renewal interval,
    since the page's own request may not have renewed the session."""
    return settings.SESSION_COOKIE_AGE - renew_seconds()
