"""Per-request context (request id, address) for the audit log, set by middleware."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None


_EMPTY = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("lvzhi_request_context", default=None)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def set_current(ctx: RequestContext):
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)


# The request being answered, for what renders without it at hand (a form's remote picker binds its
# search address to the user who was shown the form: core.pickers; an export too large for a request
# hands itself to a background job: core.exports). Its `user` is read when asked
# for: the authentication middleware sets it after this context is opened.
_request: contextvars.ContextVar = contextvars.ContextVar("lvzhi_request", default=None)


def set_request(request):
    return _request.set(request)


def reset_request(token) -> None:
    _request.reset(token)


def current_request():
    """The request being answered, or None outside a request (a background job, a command)."""
    return _request.get()


def current_user():
    """The user of the request being answered, or None outside a request."""
    return getattr(_request.get(), "user", None)
