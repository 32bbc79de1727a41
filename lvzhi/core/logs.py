"""Log records carrying the request id (the X-Request-ID every response echoes, `core.middleware`), and
one JSON object per line when `LVZHI_LOG_FORMAT=json`, for a log collector to index."""

import datetime
import json
import logging

from lvzhi.core import context

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged too.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id", "ip"}


class RequestIdFilter(logging.Filter):
    """Adds `request_id` and `ip` of the request being served (empty outside a request)."""

    def filter(self, record):
        ctx = context.current()
        # django.request logs a 4xx/5xx answer after the middleware is done; its record has the request
        request = getattr(record, "request", None)
        record.request_id = getattr(record, "request_id", "") or ctx.request_id or getattr(request, "request_id", "")
        record.ip = getattr(record, "ip", None) or ctx.ip or ""
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if getattr(record, "ip", ""):
            entry["ip"] = record.ip
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
