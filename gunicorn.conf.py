"""gunicorn's settings for ./run (gunicorn reads ./gunicorn.conf.py from the checkout it starts in).

The address, port and number of workers come from LVZHI_HOST, LVZHI_PORT and LVZHI_WORKERS
(docs/configuration.md). With LVZHI_LOG_FORMAT=json the access log is one JSON object per request,
with the request id the application echoed (X-Request-ID). A worker that ends has its Prometheus
metric files marked (PROMETHEUS_MULTIPROC_DIR, set by scripts/serve.sh). gunicorn's `Server` header
names the product only, `gunicorn`, never its version; the security headers (Content-Security-Policy,
Permissions-Policy, Referrer-Policy, X-Content-Type-Options, X-Frame-Options) come from the Django
application behind it.
"""

import json
import os

bind = f"{os.environ.get('LVZHI_HOST', '127.0.0.1')}:{os.environ.get('LVZHI_PORT', '8000')}"
# Three, on the two cores ./run is measured on, with the database beside them: enough that a
# request waiting for PostgreSQL leaves the cores to another. More cost every request CPU (the
# province's load benchmark, the workers' CPU per request: 2 workers 15.2 ms, 3 15.2–16.4, 4 17.6,
# 5 17.4–18.5; docs/performance.md).
workers = int(os.environ.get("LVZHI_WORKERS", "3"))
# The application (and its URLconf: lvzhi/wsgi.py) is loaded once, before the workers are forked: each
# starts ready, its first request costs no second of imports, and the imported code's pages are shared.
# Code changes need a restart of the server (a HUP reloads the configuration, not the code).
preload_app = True
timeout = 120
accesslog = "-"
# Request lines and headers no browser needs are refused before they reach Django.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

if os.environ.get("LVZHI_LOG_FORMAT") == "json":
    access_log_format = json.dumps(
        {
            "time": "%(t)s",
            "logger": "gunicorn.access",
            "remote": "%(h)s",
            "method": "%(m)s",
            "path": "%(U)s",
            "status": "%(s)s",
            "bytes": "%(B)s",
            "duration_ms": "%(M)s",
            "request_id": "%({x-request-id}o)s",
        }
    )


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
