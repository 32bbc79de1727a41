"""The project's error responses: JSON `{"code", "message"}` under /api/ (DESIGN.md's API errors),
a page in Chinese elsewhere. Django's own error views (and the middleware's early refusals) come
here, so no error answers with Django's English page."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

API_PREFIX = "/api/"
API_CODES = {
    400: "invalid",
    422: "invalid",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    414: "uri_too_long",
    500: "error",
}


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(request, status: int, message, *, errors: dict | None = None) -> HttpResponse:
    """The refusal as the caller understands it: the API's JSON error body (a bad request there is
    422 `invalid`, as every other bad input), or a plain page that needs no session or user (it
    may answer before the middleware that sets them has run)."""
    if is_api(request):
        if status == 400:
            status = 422
        body = {"code": API_CODES.get(status, "error"), "message": str(message)}
        if errors:
            body["errors"] = {k: [str(m) for m in v] for k, v in errors.items()}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    template = f"{status}.html" if status in (400, 403, 404, 413, 500) else "400.html"
    return HttpResponse(render_to_string(template, {"status": status, "message": message}), status=status)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return error_response(request, 413, too_large_message())
    return error_response(request, 400, _("请求无法处理，请检查输入后重试。"))


def too_large_message() -> str:
    return _("提交的内容过大。")


def forbidden(request, exception=None):
    if is_api(request):
        return error_response(request, 403, _("您没有权限执行此操作。"))
    if not hasattr(request, "user"):
        return error_response(request, 403, _("您没有权限访问此页面。"))
    return render(request, "core/error.html", {"status": 403, "message": _("您没有权限访问此页面。")}, status=403)


def not_found(request, exception=None):
    if is_api(request):
        return error_response(request, 404, _("未找到。"))
    if not hasattr(request, "user"):
        return error_response(request, 404, _("页面不存在，或您无权查看。"))
    return render(request, "core/error.html", {"status": 404, "message": _("页面不存在，或您无权查看。")}, status=404)


def server_error(request):
    # no context processors: whatever failed may fail again while rendering the page shell
    return error_response(request, 500, _("服务器出错了，请稍后再试。"))


def csrf_failure(request, reason=""):
    """Django's CSRF refusal (settings.CSRF_FAILURE_VIEW), in Chinese; JSON under /api/."""
    if is_api(request):
        return error_response(request, 403, _("CSRF 校验失败：会话方式调用写操作须带 X-CSRFToken 请求头。"))
    return HttpResponse(render_to_string("403_csrf.html", {"status": 403}), status=403)


API_MESSAGES = {405: gettext_lazy("不支持该请求方法。"), 413: gettext_lazy("提交的内容过大。")}


def as_api_error(request, response):
    """An error answer under /api/ that is not JSON (Django's 405 "Method not allowed", a bare
    status from a middleware) becomes the API's JSON error body with the same status."""
    if not is_api(request) or response.status_code < 400 or response.streaming:
        return response
    if response.get("Content-Type", "").startswith("application/json"):
        return response
    status = response.status_code
    message = API_MESSAGES.get(status) or _("请求无法处理。")
    answer = error_response(request, status, message)
    answer.status_code = status  # a 400 stays 400 here: it is not a refused input
    if response.has_header("Allow"):
        answer["Allow"] = response["Allow"]
    return answer
