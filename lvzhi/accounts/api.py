"""The caller's own account over the API: tokens and /me."""

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.security import HttpBearer

from lvzhi.accounts import services
from lvzhi.accounts.models import ApiToken
from lvzhi.core.api import READ_ERRORS, ErrorOut, Id, In, Ref, get_in, paginate
from lvzhi.core.errors import Forbidden
from lvzhi.core.middleware import client_ip
from lvzhi.core.models import Notification
from lvzhi.core.notifications import mark_notifications_read, unread_count

router = Router(tags=["auth"])


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


@router.post(
    "/auth/token", auth=None, response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut}
)
def issue_token(request: HttpRequest, payload: TokenIn):
    """Exchange a username (or mobile) and password for a bearer token, shown once.

    Bad credentials answer 401 and count towards the account's lockout (5 failures in 15 minutes
    lock it for 30); a locked account answers 401 with that message; an address with very many
    failures answers 429."""
    user = services.authenticate_user(login=payload.username, password=payload.password, ip=client_ip(request))
    if user.must_change_password:
        raise Forbidden(_("请先在页面上修改初始密码。"))
    token, key = services.create_api_token(actor=user, name=payload.name or "API")
    return {"token": key, "expires_at": token.expires_at}


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


@router.get("/me/notifications", response={200: NotificationPage, 401: ErrorOut}, tags=["me"])
def my_notifications(request: HttpRequest, page: int = 1, page_size: int = 20):
    """The caller's inbox, newest first, with the unread count."""
    result = paginate(Notification.objects.filter(user=request.auth), page, page_size)
    return {**result, "unread": unread_count(request.auth)}


@router.post("/me/notifications/read", response={200: MarkedOut, 401: ErrorOut, 403: ErrorOut}, tags=["me"])
def read_my_notifications(request: HttpRequest):
    """Mark every unread notification of the caller read."""
    return {"marked": mark_notifications_read(actor=request.auth)}
