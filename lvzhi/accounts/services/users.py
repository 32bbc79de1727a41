"""Accounts: passwords, users, roles, grants, API tokens."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import ADMIN_ROLES, Permission, Role
from lvzhi.accounts.models import ApiToken, LoginFailure, User, UserPermission, UserRole, org_model
from lvzhi.core import audit, pii
from lvzhi.core.errors import Forbidden, Invalid


def validate_new_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise Invalid(errors={"new_password": [str(m) for m in exc.messages]}) from None


def change_password(*, actor: User, old_password: str, new_password: str, keep_session_key: str | None = None) -> None:
    """Change one's own password. Ends the user's other sessions and revokes their API tokens."""
    if not actor.check_password(old_password or ""):
        raise Invalid(errors={"old_password": [_("原密码不正确。")]})
    if old_password == new_password:
        raise Invalid(errors={"new_password": [_("新密码不能与原密码相同。")]})
    validate_new_password(new_password, actor)
    with transaction.atomic():
        actor.set_password(new_password)
        actor.must_change_password = False
        actor.password_changed_at = timezone.now()
        actor.save(update_fields=["password", "must_change_password", "password_changed_at"])
        end_other_sessions(actor, keep_session_key)
        ApiToken.objects.filter(user=actor, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit.record("password.change", actor=actor, obj=actor)


def end_other_sessions(user: User, keep_session_key: str | None) -> int:
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _require(actor, role):
    if not (actor and actor.has_role(role)):
        raise Forbidden()


def create_user(
    *,
    actor: User,
    username: str,
    name: str = "",
    committee=None,
    password: str,
    scope_descendants: bool = False,
    member=None,
    unit=None,
    mobile: str = "",
) -> User:
    """System administrators create accounts; the initial password must be changed at first login."""
    _require(actor, Role.SYSADMIN)
    username = (username or "").strip()
    errors = {}
    if not username:
        errors["username"] = [_("请填写用户名。")]
    elif User.objects.filter(username=username).exists():
        errors["username"] = [_("用户名已存在。")]
    if mobile:
        try:
            mobile = pii.validate_mobile(mobile)
        except ValidationError as exc:
            errors["mobile"] = list(exc.messages)
    if errors:
        raise Invalid(errors=errors)
    user = User(
        username=username,
        name=name,
        committee=committee,
        scope_descendants=scope_descendants,
        member=member,
        unit=unit,
        must_change_password=True,
        mobile_hash=pii.keyed_hash(mobile) if mobile else "",
    )
    validate_new_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        audit.record("user.create", actor=actor, obj=user, committee=committee, after=audit.snapshot(user))
    return user


def account_links(*, committee_id=None, unit_id=None, member_id_number: str = ""):
    """The committee, handling unit and member a new account is tied to, from the administrator's
    choices (ids, and the member's ID number — matched through its keyed hash, never listed). A
    member account belongs to the member's committee, a unit account to the unit's."""
    committee = org_model("committee").objects.filter(pk=committee_id).first() if committee_id else None
    if committee_id and committee is None:
        raise Invalid(errors={"committee": [_("没有找到该委员会。")]})
    unit = org_model("unit").objects.filter(pk=unit_id).first() if unit_id else None
    if unit_id and unit is None:
        raise Invalid(errors={"unit": [_("没有找到该承办单位。")]})
    member = None
    if member_id_number:
        try:
            number = pii.validate_id_number(member_id_number)
        except ValidationError as exc:
            raise Invalid(errors={"member_id_number": list(exc.messages)}) from None
        member = org_model("member").objects.filter(id_number_hash=pii.keyed_hash(number)).first()
        if member is None:
            raise Invalid(errors={"member_id_number": [_("没有找到该身份证号对应的委员。")]})
        if User.objects.filter(member=member).exists():
            raise Invalid(errors={"member_id_number": [_("该委员已有账号。")]})
    if unit is not None and committee is not None and unit.committee_id != committee.pk:
        raise Invalid(errors={"unit": [_("承办单位不属于所选委员会。")]})
    committee = committee or (unit.committee if unit else member.committee if member else None)
    return committee, unit, member


def set_user_active(*, actor: User, user: User, active: bool) -> User:
    _require(actor, Role.SYSADMIN)
    if actor.pk == user.pk:
        raise Forbidden(_("不能停用或启用自己的账号。"))
    before = {"is_active": user.is_active}
    with transaction.atomic():
        user.is_active = active
        if active:
            user.locked_until = None
        user.save(update_fields=["is_active", "locked_until"])
        audit.record(
            "user.activate" if active else "user.deactivate",
            actor=actor,
            obj=user,
            before=before,
            after={"is_active": active},
        )
    return user


def unlock_user(*, actor: User, user: User) -> User:
    """An administrator lifts a lock; the account's failures (password and second factor) no
    longer count."""
    if not (actor.has_role(Role.SYSADMIN) or actor.has_role(Role.SECADMIN)):
        raise Forbidden()
    with transaction.atomic():
        before = {"locked_until": user.locked_until.isoformat() if user.locked_until else None}
        user.locked_until = None
        user.save(update_fields=["locked_until"])
        LoginFailure.objects.filter(user=user).delete()
        audit.record("account.unlock", actor=actor, obj=user, before=before, note="administrator")
    return user


def set_roles(*, actor: User, user: User, roles: list[str]) -> User:
    """Security administrators grant roles. The three administrator roles exclude each other and
    every business role (三员分立); nobody changes their own roles."""
    _require(actor, Role.SECADMIN)
    if actor.pk == user.pk:
        raise Forbidden(_("不能修改自己的角色。"))
    wanted = {str(r) for r in roles}
    unknown = wanted - set(Role.values)
    if unknown:
        raise Invalid(errors={"roles": [_("未知角色：%(r)s") % {"r": ", ".join(sorted(unknown))}]})
    admin = wanted & {str(r) for r in ADMIN_ROLES}
    if len(admin) > 1 or (admin and wanted - admin):
        raise Invalid(errors={"roles": [_("系统管理员、安全管理员、审计管理员三者互斥，且不能兼任业务角色。")]})
    if Role.MEMBER in wanted and not user.member_id:
        raise Invalid(errors={"roles": [_("委员角色须关联委员档案。")]})
    if Role.UNIT in wanted and not user.unit_id:
        raise Invalid(errors={"roles": [_("承办单位角色须关联承办单位。")]})
    if wanted & {"staff", "leader", "member"} and not user.committee_id:
        raise Invalid(errors={"roles": [_("该角色须指定所属委员会。")]})
    with transaction.atomic():
        before = sorted(user.role_codes)
        UserRole.objects.filter(user=user).exclude(role__in=wanted).delete()
        for role in wanted - set(before):
            UserRole.objects.create(user=user, role=role)
        user.__dict__.pop("role_codes", None)
        audit.record("user.roles", actor=actor, obj=user, before={"roles": before}, after={"roles": sorted(wanted)})
    return user


def set_permissions(*, actor: User, user: User, permissions: list[str], scope_descendants: bool | None = None) -> User:
    _require(actor, Role.SECADMIN)
    if actor.pk == user.pk:
        raise Forbidden(_("不能修改自己的权限。"))
    wanted = {str(p) for p in permissions}
    unknown = wanted - set(Permission.values)
    if unknown:
        raise Invalid(errors={"permissions": [_("未知权限：%(p)s") % {"p": ", ".join(sorted(unknown))}]})
    if wanted and not user.has_role(Role.STAFF):
        raise Invalid(errors={"permissions": [_("只有工作人员可以授予模块权限。")]})
    with transaction.atomic():
        before = {"permissions": sorted(user.permission_codes), "scope_descendants": user.scope_descendants}
        UserPermission.objects.filter(user=user).exclude(permission__in=wanted).delete()
        for code in wanted - set(before["permissions"]):
            UserPermission.objects.create(user=user, permission=code)
        if scope_descendants is not None:
            user.scope_descendants = scope_descendants
            user.save(update_fields=["scope_descendants"])
        user.__dict__.pop("permission_codes", None)
        audit.record(
            "user.permissions",
            actor=actor,
            obj=user,
            before=before,
            after={"permissions": sorted(wanted), "scope_descendants": user.scope_descendants},
        )
    return user


def create_api_token(*, actor: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for the actor; the clear key is returned once and never stored."""
    key = "lvz_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=(name or "")[:100],
            prefix=key[:12],
            key_hash=ApiToken.hash_key(key),
            expires_at=timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS),
        )
        audit.record(
            "token.create",
            actor=actor,
            obj=token,
            object_type="accounts.apitoken",
            after={"name": token.name, "prefix": token.prefix},
        )
    return token, key


def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise Forbidden()
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("token.revoke", actor=actor, obj=token, object_type="accounts.apitoken")


def user_for_token(key: str) -> User | None:
    """The token's user, with the user's roles and permissions read in the same query: every API
    call asks for them, and a burst of phone ballots makes it worth the one statement less. The use
    is recorded at most once per five minutes."""
    if not key:
        return None
    rows = list(
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key))
        .annotate(user_role=F("user__roles__role"), user_grant=F("user__grants__permission"))
        .order_by()
    )
    token = rows[0] if rows else None
    if token is None or not token.is_valid or not token.user.is_active or token.user.is_locked:
        return None  # a deactivated or locked account's tokens stop working (401)
    # what `User.role_codes` and `User.permission_codes` (cached properties) would read with a query
    # of their own (a row per role and permission: a user has a few of each)
    token.user.__dict__["role_codes"] = frozenset(row.user_role for row in rows if row.user_role)
    token.user.__dict__["permission_codes"] = frozenset(row.user_grant for row in rows if row.user_grant)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def set_language(*, actor: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise Invalid(errors={"language": [_("不支持的语言。")]})
    if actor.language != language:
        actor.language = language
        actor.save(update_fields=["language"])
        audit.record("user.language", actor=actor, obj=actor, after={"language": language})
