"""Lvzhi settings: one file, read from environment variables with safe defaults.

Every variable is listed in docs/configuration.md.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from lvzhi.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("LVZHI_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The key from LVZHI_SECRET_KEY, or one generated once into var/ and reused."""
    key = env_str("LVZHI_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Key for personal information at rest (ID numbers, mobiles). Defaults to one derived from
# SECRET_KEY; set it separately in production so that rotating one does not lose the other.
PII_KEY = env_str("LVZHI_PII_KEY", SECRET_KEY)
DEBUG = env_bool("LVZHI_DEBUG", False)
HTTPS = env_bool("LVZHI_HTTPS", False)

ALLOWED_HOSTS = env_list("LVZHI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("LVZHI_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "lvzhi.core.handlers.csrf_failure"  # in Chinese; the JSON error body under /api/

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # Django's own widget templates, behind the project's (FORM_RENDERER)
    "template_partials",
    "ninja",  # serves /api/v1/docs from its own static files, not from a CDN
    "django_tasks",
    "django_tasks_db",  # the database backend of django-tasks and its `db_worker` command
    "lvzhi.core",
    "lvzhi.accounts",
    "lvzhi.org",
    "lvzhi.delivery",  # message channels: SMS, 企业微信/政务微信, e-mail; preferences, digests, delivery log
    "lvzhi.drafts",  # drafts kept while typing, the installable app (manifest, service worker)
    "lvzhi.proposals",
    "lvzhi.activities",
    "lvzhi.opinions",
    "lvzhi.supervision",
    "lvzhi.notices",
    "lvzhi.learning",
    "lvzhi.deliberation",
    "lvzhi.meetings",  # after activities: its demo builds on their meetings
    "lvzhi.wenshi",
    "lvzhi.liaison",  # liaison with representative figures, hosted visits, 请示报告
    "lvzhi.party",  # 机关党建: the office's party members, meetings, talks, 两个全覆盖
    "lvzhi.stats",
    "lvzhi.duties",
    "lvzhi.directory",
    "lvzhi.jobs",  # background jobs: retries, dead letters, progress, result files (menu: near the end)
    "lvzhi.search",  # last: its demo step builds the index from every module's records
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "lvzhi.core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lvzhi.core.middleware.RequestContextMiddleware",
    "lvzhi.core.metrics.MetricsMiddleware",  # request latency and SQL per route (Prometheus, /metrics)
    "lvzhi.core.middleware.BackgroundReadMiddleware",  # before sessions: drops their cookie
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lvzhi.accounts.middleware.SessionPolicyMiddleware",
    "lvzhi.org.middleware.RememberSeatsMiddleware",  # a read request reads the member's seats once
    "django.contrib.messages.middleware.MessageMiddleware",
    "lvzhi.drafts.middleware.PurgeSubmittedDraftsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lvzhi.core.middleware.ServiceErrorMiddleware",
    "lvzhi.core.replica.ReplicaMiddleware",  # innermost: only the view's reads may use the replica
]

ROOT_URLCONF = "lvzhi.urls"
WSGI_APPLICATION = "lvzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lvzhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lvzhi.core.context_processors.shell",
            ],
        },
    }
]

# Widgets render through the project's templates first: lvzhi/templates/django/forms/widgets/ marks
# every multiple or long <select> as a searchable picker (lvzhi/static/lvzhi/picker.js) and gives its
# options their pinyin, and every date input the date picker.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite under var/ by default, PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lvzhi.sqlite3'}")


def _database(url: str) -> dict:
    # A worker keeps its connection for a minute (checked before reuse) instead of opening one per request.
    db = dj_database_url.parse(url, conn_max_age=env_int("LVZHI_DB_CONN_MAX_AGE", 60), conn_health_checks=True)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # Django's, with the local day of a moment computed by SQLite itself (lvzhi/core/sqlite/base.py)
        db["ENGINE"] = "lvzhi.core.sqlite"
        db["OPTIONS"] = {
            # IMMEDIATE: a transaction takes the write lock at its start, so concurrent writers wait
            # for each other (busy timeout) instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    elif db["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: the application's statements are short, and compiling the search's
        # candidates statement (a branch per kind) cost 300–450 ms of server CPU for a statement
        # that runs in 15–50 ms (docs/search.md). Sent with the connection's start-up, no round trip;
        # behind a pooler that refuses start-up options set it on the role instead and empty this
        # (docs/deployment.md).
        options = db.setdefault("OPTIONS", {})
        extra = env_str("LVZHI_PG_OPTIONS", "-c jit=off")
        options["options"] = f"{options.get('options', '')} {extra}".strip()
    return db


DATABASES = {"default": _database(DATABASE_URL)}
# A read replica for dashboards, figures and exports (lvzhi/core/replica.py): GET requests under
# REPLICA_PATHS and list exports read from it, unless the sender wrote something in the last
# REPLICA_STICKY_SECONDS (read-your-writes). Without LVZHI_REPLICA_URL everything uses `default`.
REPLICA_URL = env_str("LVZHI_REPLICA_URL")
REPLICA_PATHS = env_list(
    "LVZHI_REPLICA_PATHS",
    ["/stats/", "/api/v1/figures/", "/proposals/dashboard/", "/duties/"],
)
REPLICA_STICKY_SECONDS = env_int("LVZHI_REPLICA_STICKY_SECONDS", 15)
if REPLICA_URL:
    DATABASES["replica"] = _database(REPLICA_URL)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["lvzhi.core.replica.ReplicaRouter"]
# Test databases; LVZHI_TEST_DB_SUFFIX lets several test runs share one machine. A SQLite test
# database is a file under var/, one per test process unless a suffix is given.
_test_suffix = env_str("LVZHI_TEST_DB_SUFFIX")
if DATABASES["default"]["ENGINE"] == "lvzhi.core.sqlite":
    _test_suffix = _test_suffix or f"_{os.getpid()}"
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test{_test_suffix}.sqlite3")}
elif _test_suffix:
    DATABASES["default"]["TEST"] = {"NAME": f"test_lvzhi{_test_suffix}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state for several app servers (docs/deployment.md): the cache (LVZHI_CACHE_URL: empty for
# this process's memory, `redis://host:6379/0` for Redis, `db` for a table made by
# `manage.py createcachetable`) and the sessions (LVZHI_SESSIONS: `db`, `cache` or `cached_db`).
# Login failures and lockouts are rows in the database, shared by every instance already.
CACHE_URL = env_str("LVZHI_CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "db":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lvzhi_cache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHES["default"]["KEY_PREFIX"] = env_str("LVZHI_CACHE_PREFIX", "lvzhi")
SESSION_ENGINE = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
    "cached_db": "django.contrib.sessions.backends.cached_db",
}[env_str("LVZHI_SESSIONS", "db")]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["lvzhi.accounts.backends.UsernameOrMobileBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "lvzhi.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "lvzhi.accounts.passwords.CharacterClassValidator"},
    {"NAME": "lvzhi.accounts.passwords.NotContainingUsernameValidator"},
    {"NAME": "lvzhi.accounts.passwords.CommonPasswordValidator"},
]
PASSWORD_HASHERS = env_list("LVZHI_PASSWORD_HASHERS", ["django.contrib.auth.hashers.PBKDF2PasswordHasher"])

# Login throttling: an account is locked after LOCKOUT_FAILURES failures within LOCKOUT_WINDOW
# minutes, for LOCKOUT_MINUTES. A source address is slowed only past IP_FAILURES in the window.
LOCKOUT_FAILURES = env_int("LVZHI_LOCKOUT_FAILURES", 5)
LOCKOUT_WINDOW_MINUTES = env_int("LVZHI_LOCKOUT_WINDOW_MINUTES", 15)
LOCKOUT_MINUTES = env_int("LVZHI_LOCKOUT_MINUTES", 30)
IP_FAILURES = env_int("LVZHI_IP_FAILURES", 100)
# Past IP_FAILURES an address waits LOGIN_DELAY_SECONDS, doubling with each further failure, at most
# LOGIN_DELAY_MAX_SECONDS; a browser the account has logged in from (a signed device cookie kept
# DEVICE_COOKIE_DAYS) is not slowed. Second-factor codes: OTP_FAILURES wrong codes in the window.
LOGIN_DELAY_SECONDS = env_int("LVZHI_LOGIN_DELAY_SECONDS", 5)
LOGIN_DELAY_MAX_SECONDS = env_int("LVZHI_LOGIN_DELAY_MAX_SECONDS", 60)
DEVICE_COOKIE_DAYS = env_int("LVZHI_DEVICE_COOKIE_DAYS", 180)
OTP_FAILURES = env_int("LVZHI_OTP_FAILURES", 5)
OTP_ISSUER = env_str("LVZHI_OTP_ISSUER", "履职")
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs); none by default.
TRUSTED_PROXIES = [str(ipaddress.ip_network(p, strict=False)) for p in env_list("LVZHI_TRUSTED_PROXIES", [])]

# Sessions: idle timeout and absolute lifetime.
SESSION_IDLE_MINUTES = env_int("LVZHI_SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_int("LVZHI_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# The session row is written at most once a minute (accounts.middleware.renew_idle_timeout), not on
# every request; the browser's idle timer counts from a page's load less that minute (drafts' pwa.js).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = env_int("LVZHI_SESSION_RENEW_SECONDS", 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The idle-timeout warning comes this many seconds before the session ends (drafts' pwa.js).
SESSION_WARN_SECONDS = env_int("LVZHI_SESSION_WARN_SECONDS", 60)
API_TOKEN_DAYS = env_int("LVZHI_API_TOKEN_DAYS", 30)

# Production behind HTTPS (LVZHI_HTTPS=1): secure cookies, HSTS, redirect.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and data only from
# this origin (Bootstrap, htmx and ECharts are local files), no inline script, style element or style
# attribute, no eval (htmx is told so in base.html's htmx-config), no plugins, never framed. Styles
# set through the CSSOM by htmx, Bootstrap and ECharts are allowed by CSP. `data:` images are
# Bootstrap's SVG icons inside its CSS (select arrows, close buttons, check marks).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (lvzhi.core.headers): browser features no page uses are off; the camera is
# left to this origin alone, for scanning check-in QR codes in the browser.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "bluetooth": [],
    "midi": [],
    "display-capture": [],
    "browsing-topics": [],
}
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "lvzhi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
    ("vendor/flatpickr", BASE_DIR / "node_modules" / "flatpickr" / "dist"),
    ("", BASE_DIR / "lvzhi" / "static"),  # the project's own CSS (lvzhi/lvzhi.css)
]
STATICFILES_DIRS = [entry for entry in STATICFILES_DIRS if entry[1].exists()]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("LVZHI_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("LVZHI_MEDIA_DIR", str(VAR_DIR / "media")))
# Uploaded files: on this machine's disk (`local`: MEDIA_ROOT, which may be a shared filesystem) or in
# an S3-compatible object store (`s3`: MinIO, Ceph, a cloud's OSS) through django-storages. Files
# are always served through the application (permission checks), never by the store's own URLs.
FILE_STORAGE = env_str("LVZHI_FILE_STORAGE", "local")
if FILE_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("LVZHI_S3_BUCKET", "lvzhi"),
            "endpoint_url": env_str("LVZHI_S3_ENDPOINT_URL") or None,
            "access_key": env_str("LVZHI_S3_ACCESS_KEY") or None,
            "secret_key": env_str("LVZHI_S3_SECRET_KEY") or None,
            "region_name": env_str("LVZHI_S3_REGION") or None,
            "location": env_str("LVZHI_S3_PREFIX"),
            "addressing_style": env_str("LVZHI_S3_ADDRESSING", "path"),
            "file_overwrite": False,  # a second file of the same name gets a suffix, as on disk
            "default_acl": None,
        },
    }

# Attachments
ATTACHMENT_MAX_BYTES = env_int("LVZHI_ATTACHMENT_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_BYTES + 1024 * 1024

# Notifications: the sender beyond the inbox. The default routes each message through the message
# channels below by the users' preferences (lvzhi.delivery; docs/configuration.md).
NOTIFICATION_SENDER = env_str("LVZHI_NOTIFICATION_SENDER", "lvzhi.delivery.router.Router")
# The channels this deployment sends on besides the inbox: any of sms, wecom, email (none by default).
CHANNELS = env_list("LVZHI_CHANNELS", [])
SITE_URL = env_str("LVZHI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # for links in messages
# SMS through an HTTP gateway (template id + parameters, HMAC-signed requests)
SMS_BASE_URL = env_str("LVZHI_SMS_BASE_URL", "")
SMS_ACCESS_KEY = env_str("LVZHI_SMS_ACCESS_KEY", "")
SMS_ACCESS_SECRET = env_str("LVZHI_SMS_ACCESS_SECRET", "")
SMS_SIGN_NAME = env_str("LVZHI_SMS_SIGN_NAME", "")
SMS_TEMPLATE_MESSAGE = env_str("LVZHI_SMS_TEMPLATE_MESSAGE", "")
SMS_TEMPLATE_DIGEST = env_str("LVZHI_SMS_TEMPLATE_DIGEST", "")
# 企业微信 / 政务微信 application messages
WECOM_BASE_URL = env_str("LVZHI_WECOM_BASE_URL", "https://qyapi.weixin.qq.com").rstrip("/")
WECOM_CORP_ID = env_str("LVZHI_WECOM_CORP_ID", "")
WECOM_SECRET = env_str("LVZHI_WECOM_SECRET", "")
WECOM_AGENT_ID = env_int("LVZHI_WECOM_AGENT_ID", 0)
# E-mail over SMTP (Django's mail)
EMAIL_HOST = env_str("LVZHI_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("LVZHI_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("LVZHI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("LVZHI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LVZHI_EMAIL_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("LVZHI_EMAIL_FROM", "lvzhi@localhost")
# No SMS in these hours (local time) except mandatory messages; deferred to the end of them.
QUIET_HOURS = (env_int("LVZHI_QUIET_FROM", 22), env_int("LVZHI_QUIET_UNTIL", 7))
# At most this many messages per user and channel in an hour (mandatory ones excepted); the rest
# wait for the daily digest.
CHANNEL_RATE_LIMITS = {
    "sms": env_int("LVZHI_RATE_SMS_PER_HOUR", 5),
    "wecom": env_int("LVZHI_RATE_WECOM_PER_HOUR", 30),
    "email": env_int("LVZHI_RATE_EMAIL_PER_HOUR", 30),
}
SMS_MONTHLY_BUDGET = env_int("LVZHI_SMS_MONTHLY_BUDGET", 0)  # per committee when it sets none; 0 = no limit
# Drafts of long forms kept on the server while the user types (lvzhi.drafts): the size of one,
# how many one user may keep, and how often the page sends what was typed.
DRAFT_MAX_KB = env_int("LVZHI_DRAFT_MAX_KB", 256)
DRAFT_MAX_PER_USER = env_int("LVZHI_DRAFT_MAX_PER_USER", 50)
DRAFT_SAVE_SECONDS = env_int("LVZHI_DRAFT_SAVE_SECONDS", 5)

AUDIT_RETENTION_DAYS = env_int("LVZHI_AUDIT_RETENTION_DAYS", 180)

# Background tasks (django-tasks): the database backend by default, run by `manage.py db_worker`
# (./run starts one). `immediate` runs a task inside the request that enqueues it (no worker);
# a dotted path names any other django-tasks backend.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
_task_backend = env_str("LVZHI_TASKS_BACKEND", "database")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_task_backend, _task_backend), "QUEUES": []}}
TASK_MAX_ATTEMPTS = env_int("LVZHI_TASK_MAX_ATTEMPTS", 5)  # a task's runs before it is a dead letter
TASK_BACKOFF_SECONDS = env_int("LVZHI_TASK_BACKOFF_SECONDS", 30)  # first wait; doubles every retry
EXPORT_BACKGROUND_ROWS = env_int("LVZHI_EXPORT_BACKGROUND_ROWS", 2000)  # larger list exports: a job
DOCUMENT_BACKGROUND_ITEMS = env_int("LVZHI_DOCUMENT_BACKGROUND_ITEMS", 100)  # longer docx compilations: a job
# What `manage.py scheduler` (one per deployment; ./run starts it) queues, and how often (seconds).
PERIODIC_TASKS = [
    ("lvzhi.delivery.tasks.send_due_deliveries", env_int("LVZHI_SEND_DUE_SECONDS", 120)),  # deferred, retried
    ("lvzhi.delivery.tasks.send_digests", 900),  # the daily digests whose hour has come (each once a day)
    ("lvzhi.jobs.tasks.recover_stuck_jobs", 3600),  # jobs whose worker was killed
]

# Metrics (lvzhi/core/metrics.py) at /metrics, for these addresses or networks only; none by default
# (every other address gets 404). Behind a proxy, LVZHI_TRUSTED_PROXIES decides the client address.
METRICS_ALLOWED = [str(ipaddress.ip_network(n, strict=False)) for n in env_list("LVZHI_METRICS_ALLOWED", [])]

# Logs on the console, each record with the request id (X-Request-ID); LVZHI_LOG_FORMAT=json writes
# one JSON object per line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "lvzhi.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "lvzhi.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env_str("LVZHI_LOG_FORMAT", "plain") == "json" else "plain",
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LVZHI_LOG_LEVEL", "INFO")},
}

NINJA_PAGINATION_PER_PAGE = 50
