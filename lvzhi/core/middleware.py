import uuid

from django.http import Http404
from django.shortcuts import render

from lvzhi.core import context
from lvzhi.core.errors import NotFound, ServiceError


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


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
