"""Prometheus metrics: request latency by route, SQL statements and time per request, the task queue's
depth and age, check-ins and login failures; served at `/metrics` to the monitoring network only
(`LVZHI_METRICS_ALLOWED`, docs/deployment.md#monitoring).

Under gunicorn every worker is a process of its own: `scripts/serve.sh` sets PROMETHEUS_MULTIPROC_DIR
(an empty directory per server), prometheus_client then keeps each process's values in files there,
and a scrape sums them (`multiprocess.MultiProcessCollector`); `gunicorn.conf.py` marks the files of a
worker that ends. Without the variable (tests, `manage.py runserver`) the values live in this process.

The task queue is read from the database at scrape time, so any instance reports the whole queue.
"""

import ipaddress
import os
import time
from contextlib import ExitStack

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count, Min
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from lvzhi.core.middleware import client_ip

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30)
QUERY_BUCKETS = (0, 1, 2, 5, 10, 15, 20, 30, 50, 100, 200, 500)
UNMATCHED = "<unmatched>"

REQUEST_SECONDS = Histogram(
    "lvzhi_request_duration_seconds",
    "Time from the request reaching Django to its response, by route pattern and method.",
    ["route", "method"],
    buckets=LATENCY_BUCKETS,
)
REQUESTS = Counter(
    "lvzhi_requests", "Requests answered, by route pattern, method and status class.", ["route", "method", "status"]
)
REQUEST_QUERIES = Histogram(
    "lvzhi_request_queries", "SQL statements one request ran, by route pattern.", ["route"], buckets=QUERY_BUCKETS
)
REQUEST_SQL_SECONDS = Histogram(
    "lvzhi_request_sql_duration_seconds",
    "Time one request spent in SQL statements, by route pattern.",
    ["route"],
    buckets=LATENCY_BUCKETS,
)
CHECKINS = Counter("lvzhi_checkins", "Members checked in to an activity (QR scans and by hand).")
LOGIN_FAILURES = Counter(
    "lvzhi_login_failures", "Refused logins (wrong password, locked, throttled), by step.", ["step"]
)

# Audit actions that are counted as events, and how (see `count_audit`).
_CHECKIN_ACTIONS = {"transition.check_in", "transition.manual_check_in"}


def count_audit(action: str, object_type: str, result: str) -> None:
    """Called by `audit.record` for every entry: the entries that stand for a check-in or a refused
    login are counted once their transaction commits (a rolled-back check-in counts nothing)."""
    if action in _CHECKIN_ACTIONS and object_type == "activities.attendance":
        transaction.on_commit(CHECKINS.inc)
    elif action == "login.failed":
        transaction.on_commit(LOGIN_FAILURES.labels(step="password").inc)
    elif action == "2fa.verify" and result != "ok":
        transaction.on_commit(LOGIN_FAILURES.labels(step="second_factor").inc)


class _SqlTally:
    """An execute wrapper that counts the statements of a request and the time they take."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - start


def route_of(request) -> str:
    """The URL pattern that served the request (`proposals/<int:pk>/`), never the path itself: one series
    per route, whatever the ids."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNMATCHED
    return "/" + (match.route or match.view_name or UNMATCHED).lstrip("/")


class MetricsMiddleware:
    """Times every request and counts its SQL statements on every database alias."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tally = _SqlTally()
        start = time.perf_counter()
        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(tally))
            response = self.get_response(request)
        elapsed = time.perf_counter() - start
        if request.path == "/metrics":
            return response
        route, method = route_of(request), request.method
        REQUEST_SECONDS.labels(route=route, method=method).observe(elapsed)
        REQUESTS.labels(route=route, method=method, status=f"{response.status_code // 100}xx").inc()
        REQUEST_QUERIES.labels(route=route).observe(tally.count)
        REQUEST_SQL_SECONDS.labels(route=route).observe(tally.seconds)
        return response


class TaskQueueCollector:
    """The background task queue, read from django-tasks' database table when scraped: tasks ready to
    run and running, and how long the oldest ready task has waited (a growing age means the workers do
    not keep up)."""

    def collect(self):
        from django_tasks_db.models import DBTaskResult  # the app registry is ready by scrape time

        depth = GaugeMetricFamily(
            "lvzhi_task_queue_depth", "Background tasks by queue and status.", labels=["queue", "status"]
        )
        age = GaugeMetricFamily(
            "lvzhi_task_queue_oldest_age_seconds",
            "Seconds the oldest task ready to run has been waiting, by queue (0 when none waits).",
            labels=["queue"],
        )
        now = timezone.now()
        queues: dict[str, dict] = {"default": {"READY": 0, "RUNNING": 0, "oldest": None}}
        rows = (
            DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
            .values("queue_name", "status")
            .annotate(n=Count("id"), oldest=Min("enqueued_at"))
            .order_by()
        )
        for row in rows:  # one row per queue and status: a GROUP BY, however long the queue
            q = queues.setdefault(row["queue_name"], {"READY": 0, "RUNNING": 0, "oldest": None})
            q[row["status"]] = row["n"]
            if row["status"] == "READY":
                q["oldest"] = row["oldest"]
        for name, q in queues.items():
            depth.add_metric([name, "ready"], q["READY"])
            depth.add_metric([name, "running"], q["RUNNING"])
            age.add_metric([name], (now - q["oldest"]).total_seconds() if q["oldest"] else 0.0)
        yield depth
        yield age


def _allowed(request) -> bool:
    ip = client_ip(request)
    if not ip:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED)


@never_cache
def metrics(request):
    """The metrics in Prometheus' text format, to the monitoring network only: from any other address
    the route does not exist (404)."""
    if not _allowed(request):
        raise Http404()
    queue = CollectorRegistry(auto_describe=True)
    queue.register(TaskQueueCollector())
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
        body = generate_latest(processes)
    else:
        body = generate_latest(REGISTRY)
    return HttpResponse(body + generate_latest(queue), content_type=CONTENT_TYPE_LATEST)
