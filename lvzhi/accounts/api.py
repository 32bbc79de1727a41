import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from lvzhi.accounts import services
from lvzhi.core.api import ErrorOut
from lvzhi.core.middleware import client_ip

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    name: str = ""


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime


class Ref(Schema):
    id: int
    name: str


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


@router.post("/auth/token", auth=None, response={200: TokenOut, 401: ErrorOut, 429: ErrorOut})
def issue_token(request: HttpRequest, payload: TokenIn):
    """Exchange a username (or mobile) and password for a bearer token. Failures count for lockout."""
    user = services.authenticate_user(login=payload.username, password=payload.password, ip=client_ip(request))
    if user.must_change_password:
        from lvzhi.core.errors import Forbidden

        raise Forbidden(_("请先在页面上修改初始密码。"))
    token, key = services.create_api_token(actor=user, name=payload.name or "API")
    return {"token": key, "expires_at": token.expires_at}


@router.get("/me", response=MeOut, tags=["me"])
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
