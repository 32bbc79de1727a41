"""The installable app: its manifest, its service worker (served from the site root so that its
scope is the whole site), the page shown offline, and the idle timeout's keep-alive."""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from lvzhi.accounts.middleware import browser_idle_seconds

THEME = "#a61b1b"  # lvzhi.css's --lvzhi-red
ICONS = [
    ("lvzhi/icons/icon-192.png", "192x192", "any"),
    ("lvzhi/icons/icon-512.png", "512x512", "any"),
    ("lvzhi/icons/maskable-512.png", "512x512", "maskable"),
]
# What the service worker keeps from its first visit: the shell's styles, scripts, font and icons.
SHELL_STATIC = [
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/htmx/htmx.min.js",
    "lvzhi/lvzhi.css",
    "lvzhi/lvzhi.js",
    "lvzhi/phone.css",
    "lvzhi/pwa.js",
    "lvzhi/drafts.js",
    *[icon for icon, _size, _purpose in ICONS],
]


@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request):
    """The web app manifest (installable on Android's and iOS's home screens)."""
    body = {
        "id": "/",
        "name": _("履职平台"),
        "short_name": _("履职"),
        "description": _("政协委员履职、提案、社情民意与会议活动"),
        "lang": "zh-CN",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": static(path), "sizes": size, "type": "image/png", "purpose": purpose}
            for path, size, purpose in ICONS
        ],
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json; charset=utf-8")


def shell_urls() -> list[str]:
    return [static(path) for path in SHELL_STATIC]


@require_GET
@never_cache
def service_worker(request):
    """The service worker, from the site root so that it controls every page. Its cache is named
    after the shell's files, so a new release (new hashed file names) replaces the old cache."""
    urls = [reverse("drafts:offline"), *shell_urls()]
    version = hashlib.sha256("\n".join(urls).encode()).hexdigest()[:12]
    context = {"urls_json": json.dumps(urls), "version": version, "static_prefix": settings.STATIC_URL}
    body = render_to_string("drafts/sw.js", context)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(max_age=3600, public=True)
def offline(request):
    """What the app shows when a page cannot be fetched: the same for everyone, so it may be kept."""
    return render(request, "drafts/offline.html")


@require_GET
@never_cache
@login_required
def keepalive(request):
    """A cheap request that renews the session (always; other requests at most once a minute); the
    page's idle-timeout warning calls it when the user chooses to stay logged in."""
    request.renew_session = True
    return JsonResponse({"idle_seconds": browser_idle_seconds()})
