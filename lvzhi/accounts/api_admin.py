"""The administrators' accounts over the API (三员分立), as on their pages: the system administrator
creates, enables and disables accounts; the security administrator grants roles and permissions and
removes a lost authenticator; both unlock. Every write goes through accounts' services, which
refuse what the role may not do; none of it shows business data."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from lvzhi.accounts import services
from lvzhi.accounts.choices import Permission, Role
from lvzhi.accounts.models import SecondFactor, User
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, In, QueryIn, Ref, page_of, paginate
from lvzhi.core.errors import Forbidden, NotFound

router = Router(tags=["users"])
USER_ADMINS = (Role.SYSADMIN, Role.SECADMIN)


class UserOut(Schema):
    id: int
    username: str
    name: str
    committee: Ref | None
    scope_descendants: bool
    member: Ref | None
    unit: Ref | None
    roles: list[str]
    permissions: list[str]
    is_active: bool
    locked_until: datetime.datetime | None
    has_second_factor: bool
    last_login: datetime.datetime | None


class UserFilter(QueryIn):
    q: str = Field("", max_length=100, description="用户名或姓名包含")
    role: Role | None = None
    is_active: bool | None = None


class UserCreateIn(In):
    username: str = Field(..., min_length=1, max_length=150)
    name: str = Field("", max_length=50)
    committee: int | None = Field(None, ge=1, le=2**63 - 1, description="所属委员会 id")
    scope_descendants: bool = False
    mobile: str = Field("", max_length=20)
    member_id_number: str = Field("", max_length=18, description="委员账号：该委员的身份证号")
    unit: int | None = Field(None, ge=1, le=2**63 - 1, description="承办单位账号：所属单位 id")
    password: str = Field(..., min_length=1, max_length=200, description="初始密码，首次登录须修改")


class UserActiveIn(In):
    is_active: bool


class RolesIn(In):
    roles: list[Role] = Field(..., max_length=len(Role.values))


class PermissionsIn(In):
    permissions: list[Permission] = Field(..., max_length=len(Permission.values))
    scope_descendants: bool | None = None


class UserStepIn(In):
    pass


def _require(user, *roles):
    if not user.has_any_role(*roles):
        raise Forbidden(_("您没有权限访问此页面。"))


def _ref(obj, label):
    return {"id": obj.pk, "name": label} if obj is not None else None


def _out(user: User) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.name,
        "committee": _ref(user.committee, user.committee.short_name if user.committee else ""),
        "scope_descendants": user.scope_descendants,
        "member": _ref(user.member, user.member.name if user.member else ""),
        "unit": _ref(user.unit, user.unit.name if user.unit else ""),
        "roles": sorted(r.role for r in user.roles.all()),
        "permissions": sorted(g.permission for g in user.grants.all()),
        "is_active": user.is_active,
        "locked_until": user.locked_until,
        "has_second_factor": user.has_authenticator,
        "last_login": user.last_login,
    }


def _users():
    return (
        User.objects.select_related("committee", "unit", "member")
        .prefetch_related("roles", "grants")
        .annotate(has_authenticator=Exists(SecondFactor.objects.filter(user=OuterRef("pk"))))
    )


def _load(actor, pk) -> User:
    _require(actor, *USER_ADMINS)
    user = _users().filter(pk=pk).first()
    if user is None:
        raise NotFound()
    return user


@router.get("/users/", response={200: page_of(UserOut), **READ_ERRORS}, operation_id="list_users")
def list_users(request, filters: Query[UserFilter], page: int = Query(1, ge=1, le=10**6), page_size: int = 50):
    _require(request.auth, *USER_ADMINS)
    qs = _users().order_by("username")
    if filters.q:
        qs = qs.filter(username__icontains=filters.q) | qs.filter(name__icontains=filters.q)
    if filters.role:
        qs = qs.filter(roles__role=filters.role)
    if filters.is_active is not None:
        qs = qs.filter(is_active=filters.is_active)
    result = paginate(qs.distinct(), page, page_size)
    return {"items": [_out(u) for u in result["items"]], "count": result["count"]}


@router.get("/users/{pk}", response={200: UserOut, **READ_ERRORS}, operation_id="get_user")
def get_user(request, pk: Id):
    return _out(_load(request.auth, pk))


@router.post("/users/", response={201: UserOut, **WRITE_ERRORS}, operation_id="create_user")
def create_user(request, payload: UserCreateIn):
    _require(request.auth, Role.SYSADMIN)
    committee, unit, member = services.account_links(
        committee_id=payload.committee, unit_id=payload.unit, member_id_number=payload.member_id_number.strip()
    )
    user = services.create_user(
        actor=request.auth,
        username=payload.username,
        name=payload.name,
        committee=committee,
        scope_descendants=payload.scope_descendants,
        password=payload.password,
        mobile=payload.mobile,
        member=member,
        unit=unit,
    )
    return Status(201, _out(_load(request.auth, user.pk)))


@router.patch("/users/{pk}", response={200: UserOut, **WRITE_ERRORS}, operation_id="update_user")
def update_user(request, pk: Id, payload: UserActiveIn):
    user = _load(request.auth, pk)
    services.set_user_active(actor=request.auth, user=user, active=payload.is_active)
    return _out(_load(request.auth, pk))


@router.post("/users/{pk}/unlock", response={200: UserOut, **WRITE_ERRORS}, operation_id="unlock_user")
def unlock_user(request, pk: Id, payload: UserStepIn | None = None):
    services.unlock_user(actor=request.auth, user=_load(request.auth, pk))
    return _out(_load(request.auth, pk))


@router.post(
    "/users/{pk}/remove-second-factor",
    response={200: UserOut, **WRITE_ERRORS},
    operation_id="remove_user_second_factor",
)
def remove_second_factor(request, pk: Id, payload: UserStepIn | None = None):
    services.remove_second_factor(actor=request.auth, user=_load(request.auth, pk))
    return _out(_load(request.auth, pk))


@router.put("/users/{pk}/roles", response={200: UserOut, **WRITE_ERRORS}, operation_id="set_user_roles")
def set_roles(request, pk: Id, payload: RolesIn):
    services.set_roles(actor=request.auth, user=_load(request.auth, pk), roles=[str(r) for r in payload.roles])
    return _out(_load(request.auth, pk))


@router.put("/users/{pk}/permissions", response={200: UserOut, **WRITE_ERRORS}, operation_id="set_user_permissions")
def set_permissions(request, pk: Id, payload: PermissionsIn):
    user = _load(request.auth, pk)
    services.set_permissions(
        actor=request.auth,
        user=user,
        permissions=[str(p) for p in payload.permissions],
        scope_descendants=payload.scope_descendants,
    )
    return _out(_load(request.auth, pk))
