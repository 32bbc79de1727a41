"""The API shell: authentication (the page session here; the bearer token is `accounts`' and is
passed in by the project's `lvzhi/api.py`), errors as DESIGN.md says, paging.

Errors are always JSON `{"code", "message", "errors"?}`:

- 401 `unauthorized`: no valid token or session;
- 403 `forbidden`: the caller may not do this (also a session write without its CSRF token);
- 404 `not_found`: not visible to the caller — never revealing whether it exists. A path id
  that is not a number (or is out of range) is simply not found;
- 409 `illegal_transition`: not allowed in the current state;
- 422 `invalid`: bad input, with `errors: {field: [messages]}` (also a body that is not JSON);
- 429 `throttled`: too many failed logins from one address.
"""

import datetime
import enum
import types
import typing
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.operation import Operation
from ninja.renderers import JSONRenderer
from ninja.security import APIKeyCookie
from pydantic import AfterValidator, BaseModel, BeforeValidator, create_model, field_validator
from pydantic_core import PydanticCustomError

from lvzhi.core import figure_cache
from lvzhi.core.cleaning import MAX_ID, birth_date_in_range, birth_date_range_message, date_in_range, date_range_message
from lvzhi.core.errors import Forbidden, Invalid, NotFound, ServiceError

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
MAX_PAGE_SIZE = 200
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def _share_response_models() -> None:
    """django-ninja wraps the response type of each status of each operation in a pydantic model of
    its own (`NinjaResponseSchema`: about 2,900 for this API, most of the time it takes to import
    the project — paid by every process that starts: a server's worker, a background worker, a
    command). The wrapper depends on the type alone, so one is made per type and shared; the OpenAPI
    document is the same. Applied when this module is imported, before the modules' routers are:
    each imports it first."""
    make = Operation._create_response_model
    if getattr(make, "shared", False):
        return
    made = {}

    def shared(self, response_param):
        try:
            return made[response_param]
        except KeyError:
            made[response_param] = model = make(self, response_param)
            return model
        except TypeError:  # a type that cannot be a key: its own wrapper, as before
            return make(self, response_param)

    shared.shared = True
    Operation._create_response_model = shared


_share_response_models()


class SessionAuth(APIKeyCookie):
    """The page session, so the browser can call the API too. Writes need the CSRF token
    (`X-CSRFToken` header), exactly as a form post would."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest):
        # `csrf` stays True (the docs page then sends the token), but the check runs in
        # `authenticate`, once the session is known to be logged in: an anonymous write is 401.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and not getattr(request, "_ninja_csrf_exempt", False):
            request.csrf_processing_done = False
            middleware = CsrfViewMiddleware(lambda r: None)
            middleware.process_request(request)
            if middleware.process_view(request, _no_view, (), {}) is not None:
                raise Forbidden(_("CSRF 校验失败：会话方式调用写操作须带 X-CSRFToken 请求头。"))
        if user.must_change_password:
            raise Forbidden(_("请先在页面上修改初始密码。"))
        return user


def _no_view(request):  # pragma: no cover - only its identity matters to the CSRF middleware
    return None


class Utf8JSONRenderer(JSONRenderer):
    """Chinese text as itself, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


def _refuse_nul(value):
    """PostgreSQL cannot store a NUL character; say so instead of failing with a 500."""
    if _has_nul(value):
        raise PydanticCustomError("nul_character", str(_("不能包含空字符。")))
    return value


# --- Dates: one type for every date and one for every date-time an API schema takes ----------------
#
# DESIGN.md: the platform accepts dates from DATE_MIN to DATE_MAX only; anything else is a 422 at the
# boundary, never a 500 later (a year-9999 datetime overflows when converted to local time).


def _date_text_only(value):
    """A date comes as text ("2026-03-01") or as a date; a number is not read as a timestamp."""
    if isinstance(value, (bool, int, float, Decimal)):
        raise PydanticCustomError("date_type", "date expected")
    return value


def _day_in_range(value: datetime.date) -> datetime.date:
    if not date_in_range(value):
        raise PydanticCustomError("date_out_of_range", "date out of range")
    return value


def _moment_in_range(value: datetime.datetime) -> datetime.datetime:
    # both the date as written and the date in UTC, so that no conversion to local time overflows
    if not date_in_range(value.date()):
        raise PydanticCustomError("date_out_of_range", "date out of range")
    if value.tzinfo is not None:
        try:
            in_utc = value.astimezone(datetime.UTC)
        except OverflowError:
            raise PydanticCustomError("date_out_of_range", "date out of range") from None
        if not date_in_range(in_utc.date()):
            raise PydanticCustomError("date_out_of_range", "date out of range")
    return value


Day = Annotated[
    datetime.date,
    BeforeValidator(_date_text_only),
    AfterValidator(_day_in_range),
]
Moment = Annotated[
    datetime.datetime,
    BeforeValidator(_date_text_only),
    AfterValidator(_moment_in_range),
]


class OwnRange:
    """Marks a date type that checks a range of its own (a birth date may precede 1949)."""


def _birth_date_in_range(value: datetime.date) -> datetime.date:
    if not birth_date_in_range(value):
        raise PydanticCustomError("birth_date_out_of_range", "birth date out of range")
    return value


BirthDate = Annotated[datetime.date, BeforeValidator(_date_text_only), AfterValidator(_birth_date_in_range), OwnRange()]


def _has_own_range(annotation) -> bool:
    if typing.get_origin(annotation) is Annotated:
        args = typing.get_args(annotation)
        return any(isinstance(m, OwnRange) for m in args[1:]) or _has_own_range(args[0])
    return any(_has_own_range(a) for a in typing.get_args(annotation))


def _day_text(value: str) -> str:
    text = value.strip()
    if text:
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError("date_parsing", "not a date") from None
        _day_in_range(day)
    return text


# A date filter kept as text for the selectors that read it from the page's query too ("" = none).
DayText = Annotated[str, AfterValidator(_day_text)]

# Integers a body or filter may carry: what the database's 64-bit columns hold.
INT_MAX = 2**63 - 1


def _lax_problem(annotation, value) -> str | None:
    """Why `value` is not of `annotation` without pydantic's lax coercions (0 for false, a number
    for a date, true for 1, "5" for 5, a number beyond 64 bits), or None. Unions pass if a member
    passes; nested schemas check themselves."""
    if value is None:
        return None
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _lax_problem(typing.get_args(annotation)[0], value)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        problems = [_lax_problem(a, value) for a in members]
        return None if any(p is None for p in problems) else problems[0]
    if origin in (list, set, tuple, frozenset):
        if not isinstance(value, (list, tuple)):
            return None  # pydantic says "应为列表"
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        for item in value:
            if item is None and args and not _allows_none(args[0]):
                return "none_item"
            problem = _lax_problem(args[0], item) if args else None
            if problem:
                return problem
        return None
    if annotation is bool:
        return None if isinstance(value, bool) else "bool_type"
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return "int_type"
        return None if -INT_MAX <= value <= INT_MAX else "int_too_big"
    if annotation in (float, Decimal):
        if isinstance(value, bool):
            return "number_type"
        if isinstance(value, int) and not -INT_MAX <= value <= INT_MAX:
            return "int_too_big"
        return None
    if annotation in (datetime.date, datetime.datetime):
        return "date_type" if isinstance(value, (bool, int, float, Decimal)) else None
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "enum_type" if isinstance(value, bool) else None
    return None


def _allows_none(annotation) -> bool:
    if annotation is type(None) or annotation is Any:
        return True
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _allows_none(typing.get_args(annotation)[0])
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


def _refuse_lax(cls, value, info):
    _refuse_nul(value)
    field = cls.model_fields.get(info.field_name)
    problem = _lax_problem(field.annotation, value) if field is not None else None
    if problem == "int_too_big":
        raise PydanticCustomError("less_than_equal", "too big", {"le": INT_MAX})
    if problem:
        raise PydanticCustomError(problem, problem)
    return value


def _refuse_out_of_range(cls, value, info):
    """Whatever type a field declares, no date outside the platform's range (unless its type has a
    range of its own) and no integer beyond 64 bits gets past a schema (the database could not store
    it, or a page could not show it)."""
    field = cls.model_fields.get(info.field_name)
    if field is not None and _has_own_range(field.annotation):
        return value
    for item in value if isinstance(value, (list, tuple, set, frozenset)) else (value,):
        if isinstance(item, int) and not isinstance(item, bool) and not -INT_MAX <= item <= INT_MAX:
            raise PydanticCustomError("less_than_equal", "too big", {"le": INT_MAX})
        if isinstance(item, datetime.datetime):
            _moment_in_range(item)
        elif isinstance(item, datetime.date):
            _day_in_range(item)
    return value


class In(BaseModel):
    """Base of request bodies. Plain pydantic (not ninja's Schema, which reads attributes off any
    object), so that a body which is not a JSON object is 422 rather than an empty update. Values
    are taken as JSON gives them: no NUL characters, no 0 for false, no number for a date, no true
    for 1, no integer beyond 64 bits, no null inside a list (dates use `Day` / `Moment`)."""

    _strict = field_validator("*", mode="before")(classmethod(_refuse_lax))
    _in_range = field_validator("*", mode="after")(classmethod(_refuse_out_of_range))


class QueryIn(Schema):
    """Base of query-parameter schemas (filters): text from the URL, so only NUL characters and
    integers beyond 64 bits are refused here (dates use `Day`; ints `QueryInt` or `Id`)."""

    _no_nul = field_validator("*", mode="before")(_refuse_nul)
    _in_range = field_validator("*", mode="after")(classmethod(_refuse_out_of_range))


class ErrorOut(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] | None = None


class Ref(Schema):
    id: int
    name: str


class PageParams(QueryIn):
    page: int = Field(1, ge=1, le=1_000_000, description="页码，从 1 开始")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，最多 {MAX_PAGE_SIZE}")


PageQuery = Query[PageParams]
_pages: dict = {}


def page_of(schema):
    """The list response `{"items": [schema], "count": N}` for an item schema (one per schema)."""
    if schema not in _pages:
        _pages[schema] = create_model(
            f"{schema.__name__}Page", __base__=Schema, items=(list[schema], ...), count=(int, ...)
        )
    return _pages[schema]


# The error statuses every authenticated endpoint may answer with (documented in OpenAPI).
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 409: ErrorOut}


def paginate(queryset, page: int = 1, page_size: int = 50, max_size: int = MAX_PAGE_SIZE):
    """One page of a queryset: `{"items": [...], "count": N}`."""
    page = min(max(int(page or 1), 1), 1_000_000)
    page_size = min(max(int(page_size or 50), 1), max_size)
    start = (page - 1) * page_size
    return {"items": list(queryset[start : start + page_size]), "count": figure_cache.count(queryset)}


def get_visible(queryset, user, pk: int):
    """The object with this id if `queryset.visible_to(user)` holds it, else NotFound (404)."""
    if not isinstance(pk, int) or not 0 < pk <= MAX_ID:
        raise NotFound()
    obj = queryset.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def get_in(queryset, pk: int):
    """The object with this id from an already-restricted queryset, else NotFound (404)."""
    if not isinstance(pk, int) or not 0 < pk <= MAX_ID:
        raise NotFound()
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def error_body(code: str, message, errors: dict | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": str(message)}
    if errors:
        body["errors"] = {k: [str(m) for m in v] for k, v in errors.items()}
    return body


_TYPE_TAGS = {"int", "str", "float", "bool", "none", "list", "dict", "date", "datetime", "literal"}


def _field_of(loc) -> str:
    """`("body", "payload", "membership", "role")` → `membership.role`; `("query", "page_size")` →
    `page_size`. Pydantic's union-member tags (`int`, `str`, `list[int]`, …) are left out."""
    parts = [str(p) for p in loc]
    parts = parts[2:] if parts and parts[0] == "body" else parts[1:]
    parts = [p for p in parts if p.lower() not in _TYPE_TAGS and "[" not in p and not p.startswith("function-")]
    return ".".join(parts) or "__all__"


def _message_of(err: dict) -> str:
    """Pydantic's English message, said in Chinese for the usual cases."""
    ctx = err.get("ctx") or {}
    kind = err.get("type", "")
    messages = {
        "missing": _("必填。"),
        "string_type": _("应为文字。"),
        "string_too_long": _("不能超过 %(n)s 个字符。") % {"n": ctx.get("max_length")},
        "string_too_short": _("至少 %(n)s 个字符。") % {"n": ctx.get("min_length")},
        "string_pattern_mismatch": _("格式不正确。"),
        "int_parsing": _("应为整数。"),
        "int_type": _("应为整数。"),
        "int_from_float": _("应为整数。"),
        "less_than_equal": _("不能大于 %(n)s。") % {"n": ctx.get("le")},
        "greater_than_equal": _("不能小于 %(n)s。") % {"n": ctx.get("ge")},
        "bool_parsing": _("应为 true 或 false。"),
        "bool_type": _("应为 true 或 false。"),
        "date_parsing": _("日期格式应为 YYYY-MM-DD。"),
        "date_from_datetime_parsing": _("日期格式应为 YYYY-MM-DD。"),
        "date_type": _("日期格式应为 YYYY-MM-DD。"),
        "datetime_type": _("时间格式应为 YYYY-MM-DDTHH:MM:SS+08:00。"),
        "datetime_parsing": _("时间格式应为 YYYY-MM-DDTHH:MM:SS+08:00。"),
        "datetime_from_date_parsing": _("时间格式应为 YYYY-MM-DDTHH:MM:SS+08:00。"),
        "date_out_of_range": date_range_message(),
        "birth_date_out_of_range": birth_date_range_message(),
        "number_type": _("应为数字。"),
        "float_type": _("应为数字。"),
        "float_parsing": _("应为数字。"),
        "decimal_type": _("应为数字。"),
        "decimal_parsing": _("应为数字。"),
        "none_item": _("列表中不能有空值。"),
        "enum_type": _("不是可选的值。"),
        "list_type": _("应为列表。"),
        "too_long": _("最多 %(n)s 项。") % {"n": ctx.get("max_length")},
        "dict_type": _("应为对象。"),
        "model_type": _("应为对象。"),
        "model_attributes_type": _("应为对象。"),
        "enum": _("应为以下之一：%(v)s。") % {"v": ctx.get("expected")},
        "literal_error": _("应为以下之一：%(v)s。") % {"v": ctx.get("expected")},
    }
    return str(messages.get(kind) or err.get("msg") or _("无效输入。"))


class LvzhiAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """`<app>_api_<function>` (as ninja names it), however the app's API is split into files, so
        that generated clients keep their method names when a module's endpoints move."""
        func = operation.view_func
        module = func.__module__
        if ".api." in module:
            module = module.split(".api.", 1)[0] + ".api"
        return f"{module}_{func.__name__}".replace(".", "_")


def build_api(*, auth=()) -> NinjaAPI:
    """The project's one NinjaAPI. `auth`: authentication classes tried before the page session
    (the project passes accounts' bearer token; core knows no accounts)."""
    api = LvzhiAPI(
        title="Lvzhi API",
        version="1",
        description=_(
            "履职平台 JSON API：与页面相同的权限、范围和业务规则。"
            "先以 POST /api/v1/auth/token 换取令牌，之后以 `Authorization: Bearer <token>` 调用；"
            "页面会话亦可调用，写操作须带 X-CSRFToken。"
        ),
        auth=[*auth, SessionAuth()],
        urls_namespace="api",
        renderer=Utf8JSONRenderer(),
        # ninja's own swagger-ui files (ninja is in INSTALLED_APPS); no online validator badge
        docs=Swagger(settings={"validatorUrl": None}),
        docs_url="/docs",
    )

    @api.exception_handler(ServiceError)
    def service_error(request, exc: ServiceError):
        return api.create_response(request, error_body(exc.code, exc.message, exc.errors), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        if any(err.get("loc", ("",))[0] == "path" for err in exc.errors):
            # /members/abc or /members/99999999999999999999: nothing by that id
            return api.create_response(request, error_body("not_found", NotFound.default_message), status=404)
        errors: dict[str, list[str]] = {}
        for err in exc.errors:
            messages = errors.setdefault(_field_of(err.get("loc", ())), [])
            if _message_of(err) not in messages:
                messages.append(_message_of(err))
        return api.create_response(request, error_body(Invalid.code, Invalid.default_message, errors), status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, error_body("unauthorized", _("请先登录或提供有效的令牌。")), status=401)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:  # ninja: the body could not be parsed
            errors = {"__all__": [_("请求体不是有效的 JSON。")]}
            return api.create_response(request, error_body(Invalid.code, Invalid.default_message, errors), status=422)
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 429: "throttled"}
        return api.create_response(
            request, error_body(code.get(exc.status_code, "error"), exc.message), status=exc.status_code
        )

    @api.exception_handler(FileNotFoundError)
    def missing_file(request, exc):
        message = _("该文件已不在存储中，无法下载。请联系管理员。")
        return api.create_response(request, error_body("not_found", message), status=404)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, error_body("not_found", NotFound.default_message), status=404)

    return api


__all__ = [
    "Forbidden",
    "NotFound",
    "Invalid",
    "build_api",
    "paginate",
    "page_of",
    "get_visible",
    "get_in",
    "ErrorOut",
    "Ref",
    "In",
    "QueryIn",
    "Id",
    "Day",
    "Moment",
    "DayText",
    "BirthDate",
    "PageQuery",
    "READ_ERRORS",
    "WRITE_ERRORS",
]


# --- The OpenAPI document checked against real responses (used by every module's API tests) ---

_JSON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def openapi_mismatches(document: dict, method: str, path: str, status: int, body) -> list[str]:
    """Where a real response body departs from the OpenAPI document's schema for that operation
    (`path` as in the document, e.g. "/api/v1/members/{member_id}"). Empty when it matches."""
    operation = document["paths"].get(path, {}).get(method.lower())
    if operation is None:
        return [f"{method} {path} is not in the document"]
    response = operation.get("responses", {}).get(str(status))
    if response is None:
        return [f"{method} {path} does not document status {status}"]
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return [] if body in (None, b"", "") else [f"{method} {path} {status} documents no body"]
    problems: list[str] = []
    _check(document, schema, body, "$", problems)
    return problems


def _resolve(document, schema):
    while "$ref" in schema:
        node = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _check(document, schema, value, where, problems) -> None:
    schema = _resolve(document, schema)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            attempts = []
            for option in schema[key]:
                found: list[str] = []
                _check(document, option, value, where, found)
                if not found:
                    return
                attempts.append(found)
            problems.append(f"{where}: matches none of {key} ({attempts})")
            return
    for option in schema.get("allOf", []):
        _check(document, option, value, where, problems)
    kind = schema.get("type")
    if kind:
        expected = _JSON_TYPES[kind]
        if not isinstance(value, expected) or (kind in ("integer", "number") and isinstance(value, bool)):
            problems.append(f"{where}: {value!r} is not {kind}")
            return
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{where}: required property {name!r} missing")
        for name, item in value.items():
            if name in properties:
                _check(document, properties[name], item, f"{where}.{name}", problems)
            elif properties and schema.get("additionalProperties") is False:
                problems.append(f"{where}: undocumented property {name!r}")
            elif not properties and isinstance(schema.get("additionalProperties"), dict):
                _check(document, schema["additionalProperties"], item, f"{where}.{name}", problems)
            elif properties:
                problems.append(f"{where}: undocumented property {name!r}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _check(document, schema["items"], item, f"{where}[{index}]", problems)
