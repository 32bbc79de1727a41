import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import ADMIN_ROLES, Permission, Role


class User(AbstractUser):
    """An account. Tied to a committee; a member user to their Member, a unit user to their Unit."""

    name = models.CharField(_("姓名"), max_length=50, blank=True)
    committee = models.ForeignKey(
        "org.Committee",
        verbose_name=_("所属委员会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    scope_descendants = models.BooleanField(_("含下级委员会"), default=False)
    member = models.OneToOneField(
        "org.Member", verbose_name=_("委员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("承办单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    mobile_hash = models.CharField(max_length=64, blank=True, db_index=True)
    language = models.CharField(_("界面语言"), max_length=10, default="zh-hans")
    must_change_password = models.BooleanField(_("须修改初始密码"), default=False)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    password_changed_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        roles, permissions = self._codes()
        self.__dict__.setdefault("permission_codes", permissions)  # read in the same query
        return roles

    @cached_property
    def permission_codes(self) -> frozenset[str]:
        roles, permissions = self._codes()
        self.__dict__.setdefault("role_codes", roles)  # read in the same query
        return permissions

    def _codes(self) -> tuple[frozenset[str], frozenset[str]]:
        """The user's roles and module permissions, read together in one query (every page asks for both)."""
        if not self.pk:
            return frozenset(), frozenset()
        roles = self.roles.annotate(kind=models.Value("r")).values_list("kind", "role")
        grants = self.grants.annotate(kind=models.Value("p")).values_list("kind", "permission")
        rows = list(roles.union(grants, all=True))
        return (
            frozenset(code for kind, code in rows if kind == "r"),
            frozenset(code for kind, code in rows if kind == "p"),
        )

    def has_role(self, role) -> bool:
        return self.is_active and str(role) in self.role_codes

    def has_any_role(self, *roles) -> bool:
        return any(self.has_role(r) for r in roles)

    def has_module_perm(self, permission) -> bool:
        """Staff holding a module permission. Leaders read everything in scope but write nothing."""
        return self.has_role(Role.STAFF) and str(permission) in self.permission_codes

    def can_read_module(self, permission) -> bool:
        return self.has_module_perm(permission) or self.has_role(Role.LEADER)

    @property
    def is_admin_role(self) -> bool:
        return bool(self.role_codes & {str(r) for r in ADMIN_ROLES})

    @property
    def is_locked(self) -> bool:
        return bool(self.locked_until and self.locked_until > timezone.now())

    @property
    def requires_second_factor(self) -> bool:
        """Administrators (sysadmin, secadmin, auditor) log in with two factors (GB/T 22239 level 3)."""
        return self.is_admin_role

    @cached_property
    def has_second_factor(self) -> bool:
        return bool(self.pk) and SecondFactor.objects.filter(user=self).exists()


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="userrole_unique")]


class UserPermission(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    permission = models.CharField(_("权限"), max_length=16, choices=Permission.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "permission"], name="userpermission_unique")]


class LoginFailure(models.Model):
    """One failed login step. Counted per account (from unknown browsers), per trusted browser, per
    address and, for second-factor codes, per account — see docs/security.md."""

    class Step(models.TextChoices):
        PASSWORD = "password", _("密码")
        SECOND_FACTOR = "second_factor", _("动态验证码")

    username = models.CharField(max_length=150, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    step = models.CharField(max_length=16, choices=Step.choices, default=Step.PASSWORD)
    device = models.CharField(max_length=32, blank=True, default="")


class SecondFactor(models.Model):
    """A confirmed TOTP authenticator (RFC 6238). The secret is stored encrypted; `last_step` is the
    last 30-second step accepted, so a code is never accepted twice."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="second_factor")
    secret_encrypted = models.TextField()
    confirmed_at = models.DateTimeField(_("启用时间"), default=timezone.now)
    last_step = models.BigIntegerField(default=0)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)


class RecoveryCode(models.Model):
    """A one-time recovery code; only its keyed hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"], name="recoverycode_unique")]


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


def org_model(field: str):
    """The model a user's `committee`, `member` or `unit` points at. accounts sits below org and never
    imports it: it reaches org's models through its own relations."""
    return User._meta.get_field(field).related_model
