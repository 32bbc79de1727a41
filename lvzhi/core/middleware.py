import functools
import ipaddress
import uuid

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from lvzhi.core import context
from lvzhi.core.errors import NotFound, ServiceError


def client_ip(request) -> str | None:
    """The client's address for throttles and the audit log: REMOTE_ADDR, unless REMOTE_ADDR is one of
    settings.TRUSTED_PROXIES; then the right-most X-Forwarded-For hop that is not a trusted proxy (a
    client can prepend anything to the header, only the hops our proxies appended are believed)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = tuple(settings.TRUSTED_PROXIES)
    if not remote or not proxies or not _is_trusted_proxy(remote, proxies):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "")[-2000:].split(",")[-20:]):
        hop = hop.strip()
        if not hop:
            continue
        if not _is_trusted_proxy(hop, proxies):
            return hop if _valid_ip(hop) else remote
    return remote


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _valid_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _is_trusted_proxy(address: str, proxies: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(proxies))


class RequestContextMiddleware:
    """Gives every request an id (echoed as X-Request-ID) and records its address for audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        request.request_id = request_id
        token = context.set_current(context.RequestContext(request_id=request_id, ip=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class ServiceErrorMiddleware:
    """A ServiceError that escapes a page view becomes a page: 404 for what the user may not
    see, 403 for what they may not do, 409/422 with the message otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/") or not isinstance(exception, ServiceError):
            return None
        if isinstance(exception, NotFound):
            raise Http404()
        return render(
            request,
            "core/error.html",
            {"message": exception.message, "status": exception.status},
            status=exception.status,
        )
