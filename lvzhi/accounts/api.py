"""The caller's own account over the API: tokens and /me."""

import datetime

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBearer

from lvzhi.accounts import devices, services
from lvzhi.accounts.models import ApiToken
from lvzhi.accounts.services import LoginRefused, Throttled
from lvzhi.core.api import READ_ERRORS, ErrorOut, Id, In, Ref, error_body, get_in, paginate
from lvzhi.core.errors import Forbidden, IllegalTransition
from lvzhi.core.middleware import client_ip
from lvzhi.core.models import Notification
from lvzhi.core.notifications import mark_notifications_read, unread_count

router = Router(tags=["auth"])
UTF8 = {"ensure_ascii": False}


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>` from POST /api/v1/auth/token. No CSRF: nothing is implicit.
    The project's `lvzhi/api.py` hands it to `core.api.build_api`."""

    def authenticate(self, request: HttpRequest, token: str):
        user = services.user_for_token(token.strip())
        if user is not None:
            request.user = user
        return user


class TokenIn(In):
    username: str = Field(..., max_length=150, description="用户名或手机号")
    password: str = Field(..., max_length=1000)
    name: str = Field("", max_length=100, description="令牌名称，便于日后辨认和撤销")
    otp: str = Field("", max_length=32, description="动态验证码或恢复码：管理员及已启用双因素认证的账号必填")


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime


class TokenInfo(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    expires_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    is_valid: bool


class TokenList(Schema):
    items: list[TokenInfo]
    count: int


class CommitteeRef(Schema):
    id: int
    code: str
    name: str


class MeOut(Schema):
    username: str
    name: str
    roles: list[str]
    permissions: list[str]
    committee: CommitteeRef | None
    scope_descendants: bool
    member: Ref | None
    unit: Ref | None
    language: str


class SecondFactorRequired(LoginRefused):
    code = "second_factor_required"


@router.post(
    "/auth/token", auth=None, response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut}
)
def issue_token(request: HttpRequest, payload: TokenIn):
    """Exchange a username (or mobile) and password — and, for an administrator or an account with
    a second factor, `otp` (the authenticator's code or a recovery code) — for a bearer token,
    shown once.

    Every refused password answers the same 401 `login_failed` (unknown name, wrong password,
    locked or deactivated account alike) and counts towards the lockout (docs/security.md); a right
    password without the code answers 401 `second_factor_required`; an administrator who has not
    enrolled yet answers 403 (enrol on the login page first); an address that has failed too often
    answers 429 with `Retry-After`."""
    ip = client_ip(request)
    try:
        checked = services.password_step(
            login=payload.username, password=payload.password, ip=ip, devices=devices.read(request)
        )
        second_factor = ""
        if checked.needs_second_factor:
            if not checked.user.has_second_factor:
                raise Forbidden(_("请先在登录页面上启用双因素认证。"))
            if not payload.otp.strip():
                raise SecondFactorRequired(_("请填写动态验证码（otp）。"))
            second_factor = services.verify_second_factor(user=checked.user, code=payload.otp, ip=ip)
    except Throttled as exc:
        response = JsonResponse(error_body(exc.code, exc.message), status=exc.status, json_dumps_params=UTF8)
        if exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response
    if checked.user.must_change_password:
        raise Forbidden(_("请先在页面上修改初始密码。"))
    user = services.complete_login(checked=checked, second_factor=second_factor)
    token, key = services.create_api_token(actor=user, name=payload.name or "API")
    return {"token": key, "expires_at": token.expires_at}


class SecondFactorOut(Schema):
    enrolled: bool
    required: bool
    recovery_codes_left: int


class NewSecretOut(Schema):
    secret: str
    uri: str


class EnrolIn(In):
    secret: str = Field(..., min_length=16, max_length=64, description="GET /auth/second-factor/new-secret 给出的密钥")
    code: str = Field(..., max_length=32, description="身份验证器显示的 6 位验证码")


class CodeIn(In):
    code: str = Field(..., max_length=32, description="身份验证器显示的 6 位验证码")


class RecoveryCodesOut(Schema):
    recovery_codes: list[str]


@router.get("/auth/second-factor", response={200: SecondFactorOut, 401: ErrorOut})
def second_factor_status(request: HttpRequest):
    """Whether the caller has a second factor, must have one, and how many recovery codes are left."""
    user = request.auth
    return {
        "enrolled": user.has_second_factor,
        "required": user.requires_second_factor,
        "recovery_codes_left": services.recovery_codes_left(user),
    }


@router.get("/auth/second-factor/new-secret", response={200: NewSecretOut, 401: ErrorOut, 409: ErrorOut})
def second_factor_new_secret(request: HttpRequest):
    """A fresh TOTP key and its otpauth:// URI for an authenticator app (nothing is stored until
    POST /auth/second-factor confirms it with a code). 409 when the caller already has one."""
    if request.auth.has_second_factor:
        raise IllegalTransition(_("已启用双因素认证；更换验证器须由安全管理员移除原验证器。"))
    secret = services.new_secret()
    return {"secret": secret, "uri": services.provisioning_uri(request.auth, secret)}


@router.post(
    "/auth/second-factor", response={201: RecoveryCodesOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut}
)
def enrol_second_factor(request: HttpRequest, payload: EnrolIn):
    """Add the authenticator holding `secret`, confirmed with its current code; returns the ten
    recovery codes, shown once."""
    if request.auth.has_second_factor:
        raise IllegalTransition(_("已启用双因素认证；更换验证器须由安全管理员移除原验证器。"))
    codes = services.enrol_second_factor(actor=request.auth, secret=payload.secret.strip(), code=payload.code)
    return Status(201, {"recovery_codes": codes})


@router.post(
    "/auth/second-factor/recovery-codes", response={200: RecoveryCodesOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
)
def renew_recovery_codes(request: HttpRequest, payload: CodeIn):
    """Ten new recovery codes (the old ones stop working), confirmed with a current code."""
    return {"recovery_codes": services.regenerate_recovery_codes(actor=request.auth, code=payload.code)}


@router.get("/auth/tokens", response={200: TokenList, **READ_ERRORS})
def list_tokens(request: HttpRequest):
    """The caller's own tokens (never their keys), newest first."""
    tokens = list(ApiToken.objects.filter(user=request.auth).order_by("-created_at", "-pk"))
    return {"items": tokens, "count": len(tokens)}


def _revoke(request, token_id: int):
    token = get_in(ApiToken.objects.filter(user=request.auth), token_id)
    if token.revoked_at is None:
        services.revoke_api_token(actor=request.auth, token=token)
    return token


@router.post("/auth/tokens/{token_id}/revoke", response={200: TokenInfo, **READ_ERRORS})
def revoke_token(request: HttpRequest, token_id: Id):
    """Revoke one of the caller's tokens; it stops working at once. Another user's token is 404."""
    return _revoke(request, token_id)


@router.delete("/auth/tokens/{token_id}", response={200: TokenInfo, **READ_ERRORS})
def delete_token(request: HttpRequest, token_id: Id):
    """The same as POST …/revoke (the row stays, revoked, for the record)."""
    return _revoke(request, token_id)


@router.get("/me", response={200: MeOut, 401: ErrorOut}, tags=["me"])
def me(request: HttpRequest):
    """The caller: roles, committee, and the member or unit the account stands for."""
    user = request.auth
    return {
        "username": user.username,
        "name": user.name,
        "roles": sorted(user.role_codes),
        "permissions": sorted(user.permission_codes),
        "committee": user.committee,
        "scope_descendants": user.scope_descendants,
        "member": {"id": user.member.pk, "name": user.member.name} if user.member_id else None,
        "unit": {"id": user.unit.pk, "name": user.unit.name} if user.unit_id else None,
        "language": user.language,
    }


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    count: int
    unread: int


class MarkedOut(Schema):
    marked: int


@router.get("/me/notifications", response={200: NotificationPage, **READ_ERRORS}, tags=["me"])
def my_notifications(request: HttpRequest, page: int = 1, page_size: int = 20):
    """The caller's inbox, newest first, with the unread count."""
    result = paginate(Notification.objects.filter(user=request.auth), page, page_size)
    return {**result, "unread": unread_count(request.auth)}


@router.post("/me/notifications/read", response={200: MarkedOut, 401: ErrorOut, 403: ErrorOut}, tags=["me"])
def read_my_notifications(request: HttpRequest):
    """Mark every unread notification of the caller read."""
    return {"marked": mark_notifications_read(actor=request.auth)}
