import functools
import ipaddress
import re
import uuid

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from lvzhi.core import context, figure_cache
from lvzhi.core.errors import NotFound, ServiceError
from lvzhi.core.handlers import as_api_error, error_response, too_large_message

# What a client may send as its X-Request-ID: a short token that is safe in a log line and a header.
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
# Longer URLs are refused with 414 (the front server's own limit is about 4 KB too).
MAX_URL_LENGTH = 4000
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


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


def request_id_of(request) -> str:
    """The client's X-Request-ID if it is a short token of letters, digits and `._:-`; otherwise
    a fresh one (what is stored in the audit log and echoed back is never the client's raw text)."""
    given = request.headers.get("X-Request-ID", "")
    return given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())


def refusal(request):
    """The answer to a request no view should see, or None: an over-long URL (414), a NUL character
    in the path, the query or a form field (PostgreSQL cannot store one: 400, or 422 under /api/), a
    body over the size limit (413) or one that cannot be parsed (400/422). Under /api/ the answer is
    the API's JSON error; elsewhere a page in Chinese."""
    if len(request.get_full_path()) > MAX_URL_LENGTH:
        return error_response(request, 414, _("网址过长。"))
    nul = _("不能包含空字符。")
    if "\x00" in request.path or "\x00" in request.path_info:
        return error_response(request, 400, _("网址不能包含空字符。"), errors={"path": [nul]})
    if _has_nul(request.GET):
        return error_response(request, 400, _("查询参数不能包含空字符。"), errors={"query": [nul]})
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return error_response(request, 400, _("请求头 Content-Length 无效。"))
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        return error_response(request, 413, too_large_message())
    if request.method == "POST" and request.content_type in FORM_TYPES:
        try:
            request.body  # noqa: B018 - kept in memory, so that a view may still read the raw body
            form = request.POST
        except RequestDataTooBig:
            return error_response(request, 413, too_large_message())
        except (MultiPartParserError, SuspiciousOperation):
            return error_response(request, 400, _("请求体无法解析。"), errors={"__all__": [_("请求体无法解析。")]})
        if _has_nul(form):
            return error_response(request, 400, _("表单内容不能包含空字符。"), errors={"__all__": [nul]})
    return None


class RequestContextMiddleware:
    """Gives every request an id (echoed as X-Request-ID) and records its address for audit; first
    refuses what no view should see (see `refusal`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_of(request)
        request.request_id = request_id
        token = context.set_current(context.RequestContext(request_id=request_id, ip=client_ip(request)))
        request_token = context.set_request(request)
        try:
            with figure_cache.RequestScope():  # the figure cache's table versions: read once a request
                response = refusal(request) or as_api_error(request, self.get_response(request))
        finally:
            context.reset_request(request_token)
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


def missing_file_message() -> str:
    return _("该文件已不在存储中，无法下载。请联系管理员。")


class ServiceErrorMiddleware:
    """A ServiceError that escapes a page view becomes a page: 404 for what the user may not
    see, 403 for what they may not do, 409/422 with the message otherwise. A file that a record
    names but storage no longer holds is a 404 with that message, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, FileNotFoundError):  # a record's file missing from storage
            return render(request, "core/error.html", {"message": missing_file_message(), "status": 404}, status=404)
        if not isinstance(exception, ServiceError):
            return None
        if isinstance(exception, NotFound):
            raise Http404()
        return render(
            request,
            "core/error.html",
            {"message": exception.message, "status": exception.status},
            status=exception.status,
        )


class BackgroundReadMiddleware:
    """A read the page makes by itself after loading (the side menu's counts) sends no session cookie
    back: it is not the user's activity, so it does not renew the idle timeout in the browser, and a
    late answer can never put back the cookie of a session the browser has since left (a log-out, or
    another user's log-in in the same browser). Views mark such a request with
    `request.background_read = True`. Sits above SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "background_read", False):
            response.cookies.pop(settings.SESSION_COOKIE_NAME, None)
        return response
