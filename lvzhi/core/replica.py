"""Reads of dashboards, figures and exports from a read replica (`LVZHI_REPLICA_URL`), with
read-your-writes: after a user's own write, that user's reads go to the primary for
`LVZHI_REPLICA_STICKY_SECONDS` (docs/deployment.md#read-replica).

Which requests may read from the replica: GET and HEAD requests whose path starts with one of
`settings.REPLICA_PATHS` (the dashboards, the figures and their records, the big screen), and every
list export (`?export=…`). Everything else, and every write, uses the primary (`default`).

The rule after a write: a request that is not GET/HEAD/OPTIONS and answers below 400 marks its
sender as a writer — a cookie (`lvzhi_primary`, for browsers) and a mark in the shared cache under
the hash of its credential (the session cookie or the API token, for API clients that keep no
cookies). While either mark lives, that sender's reads all go to the primary, so what they have just
written is on their next page even if the replica lags behind.

Reads inside a transaction on the primary stay on the primary (a service that locks rows, an export
writing its audit entry): the replica would not see the transaction's own rows and could refuse locks.
Identity is always read from the primary (accounts, roles, API tokens, sessions): a token made a
moment ago works at once, and a role taken away is gone on the next request, whatever the lag.
"""

import contextvars
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connections

REPLICA = "replica"
COOKIE = "lvzhi_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# Apps whose rows are always read from the primary (identity and permissions).
PRIMARY_APPS = frozenset({"accounts", "sessions", "auth", "contenttypes"})

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("lvzhi_use_replica", default=False)


def enabled() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Sends reads to the replica inside a request that `ReplicaMiddleware` chose for it; every write,
    migration and read elsewhere to `default`."""

    def db_for_read(self, model, **hints):
        identity = model is not None and model._meta.app_label in PRIMARY_APPS
        if _use_replica.get() and not identity and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica copies the primary; nothing is migrated on it


def _credential_key(request) -> str | None:
    """The cache key of the sender's credential: the API token or the session cookie."""
    credential = request.headers.get("Authorization") or request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not credential:
        return None
    return "lvzhi:wrote:" + hashlib.sha256(credential.encode()).hexdigest()[:32]


def may_read_replica(request) -> bool:
    """Whether this request's reads may come from the replica."""
    if request.method not in ("GET", "HEAD"):
        return False
    if not (request.path.startswith(tuple(settings.REPLICA_PATHS)) or "export" in request.GET):
        return False
    if request.COOKIES.get(COOKIE):
        return False
    key = _credential_key(request)
    return not (key and cache.get(key))


def mark_writer(request, response) -> None:
    """After the sender's own write: their reads go to the primary for the sticky window."""
    seconds = settings.REPLICA_STICKY_SECONDS
    response.set_cookie(COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax", secure=settings.HTTPS)
    key = _credential_key(request)
    if key:
        cache.set(key, 1, timeout=seconds)


class ReplicaMiddleware:
    """Chooses the database for the view's reads (innermost in MIDDLEWARE, so the session and the
    user are always read from the primary) and marks writers. Does nothing without a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        token = _use_replica.set(may_read_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _use_replica.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            mark_writer(request, response)
        return response
