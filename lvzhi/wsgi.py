"""The WSGI application gunicorn serves (gunicorn.conf.py).

The URLconf — every module's routes and the API with its schemas — and the default language's
catalogue are loaded here, when a worker starts (or once in gunicorn's master, which then forks its
workers: `preload_app`), not by a worker's first request: that request took about a second of CPU,
and a burst of QR check-ins paid it once per worker (docs/performance.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
application = get_wsgi_application()


def _load_at_start():
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 — imports the URLconf and the modules it routes to
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("")


_load_at_start()
