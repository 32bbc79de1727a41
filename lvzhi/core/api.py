"""The API shell: authentication (bearer token or session), errors as DESIGN.md says, paging."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from lvzhi.core.errors import Forbidden, NotFound, ServiceError


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        from lvzhi.accounts.services import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The page session (with CSRF on writes), so the browser can call the API too."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


class ErrorOut(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] | None = None


class Page(Schema):
    count: int


def paginate(queryset, page: int = 1, page_size: int = 50, max_size: int = 200):
    page = max(int(page or 1), 1)
    page_size = min(max(int(page_size or 50), 1), max_size)
    start = (page - 1) * page_size
    return {"items": list(queryset[start : start + page_size]), "count": queryset.count()}


def error_body(code: str, message, errors: dict | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": str(message)}
    if errors:
        body["errors"] = {k: [str(m) for m in v] for k, v in errors.items()}
    return body


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Lvzhi API",
        version="1",
        description=_("履职平台 JSON API：与页面相同的权限、范围和业务规则。"),
        auth=[BearerAuth(), SessionAuth(csrf=True)],
        urls_namespace="api",
        docs_url="/docs",
    )

    @api.exception_handler(ServiceError)
    def service_error(request, exc: ServiceError):
        return api.create_response(request, error_body(exc.code, exc.message, exc.errors), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for err in exc.errors:
            loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "form")]
            errors.setdefault(".".join(loc) or "__all__", []).append(err.get("msg", _("无效输入。")))
        return api.create_response(request, error_body("invalid", _("输入有误，请检查后重试。"), errors), status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, error_body("unauthorized", _("请先登录。")), status=401)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "error"
        )
        return api.create_response(request, error_body(code, exc.message), status=exc.status_code)

    add_not_found_handler(api)
    return api


__all__ = ["Forbidden", "NotFound", "build_api", "paginate", "ErrorOut"]


def add_not_found_handler(api: NinjaAPI) -> None:
    from django.http import Http404

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, error_body("not_found", _("未找到。")), status=404)
