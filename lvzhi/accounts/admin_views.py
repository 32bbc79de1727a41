"""The administrator pages (三员分立): accounts for the system administrator, roles and grants for
the security administrator, the audit log for the auditor. None of them shows business data."""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.accounts import services
from lvzhi.accounts.choices import Permission, Role
from lvzhi.accounts.forms import AuditFilterForm, PermissionsForm, RolesForm, UserCreateForm, UserFilterForm
from lvzhi.accounts.models import LoginFailure, SecondFactor, User, UserRole, org_model
from lvzhi.core import pii
from lvzhi.core.errors import Forbidden, Invalid, NotFound, ServiceError
from lvzhi.core.exports import Column, choice_label
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.models import AuditEntry

USER_ADMINS = (Role.SYSADMIN, Role.SECADMIN)
PAGE_SIZE = 50


def role_required(*roles):
    """Deny by default: only the named administrator roles reach the view (others get 403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_any_role(*roles):
                raise Forbidden(_("您没有权限访问此页面。"))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def get_user_or_404(pk) -> User:
    user = User.objects.select_related("committee", "unit", "member").filter(pk=pk).first()
    if user is None:
        raise NotFound()
    return user


# --- Users --------------------------------------------------------------------------------------


def filter_users(form: UserFilterForm):
    qs = User.objects.select_related("committee").prefetch_related("roles").order_by("username")
    if not form.is_valid():
        return qs.none()
    data = form.cleaned_data
    if data["q"]:
        q = data["q"].strip()
        match = Q(username__icontains=q) | Q(name__icontains=q)
        mobile = pii.normalise_mobile(q)
        if mobile.isascii() and mobile.isdigit() and len(mobile) == 11:
            match |= Q(mobile_hash=pii.keyed_hash(mobile))
        qs = qs.filter(match)
    if data["committee"]:
        qs = qs.filter(committee_id=data["committee"])
    if data["role"] == "none":
        qs = qs.filter(~Exists(UserRole.objects.filter(user=OuterRef("pk"))))
    elif data["role"]:
        qs = qs.filter(roles__role=data["role"])
    if data["state"] == "active":
        qs = qs.filter(is_active=True)
    elif data["state"] == "inactive":
        qs = qs.filter(is_active=False)
    elif data["state"] == "locked":
        qs = qs.filter(locked_until__gt=timezone.now())
    return qs


def _roles_text(user):
    return "、".join(str(Role(r.role).label) for r in user.roles.all())


def _state_text(user):
    if not user.is_active:
        return _("停用")
    if user.is_locked:
        return _("已锁定")
    return _("启用")


USER_COLUMNS = [
    Column(_("用户名"), lambda u: u.username, 18),
    Column(_("姓名"), lambda u: u.name, 12),
    Column(_("所属委员会"), lambda u: u.committee.name if u.committee else "", 20),
    Column(_("含下级委员会"), lambda u: _("是") if u.scope_descendants else _("否"), 12),
    Column(_("角色"), _roles_text, 20),
    Column(_("状态"), _state_text, 10),
    Column(
        _("最近登录"), lambda u: timezone.localtime(u.last_login).strftime("%Y-%m-%d %H:%M") if u.last_login else "", 18
    ),
]


USERS = Listing(
    key="accounts.users",
    columns=(
        ListColumn(_("用户名"), "username"),
        ListColumn(_("姓名"), "name", css="d-none d-md-table-cell"),
        ListColumn(_("所属委员会"), "committee", order=("committee__path",)),
        ListColumn(_("角色")),
        ListColumn(_("状态"), "active", order=("is_active",)),
        ListColumn(_("最近登录"), "login", order=("last_login",), css="d-none d-lg-table-cell"),
    ),
    default_sort="username",
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
    export_name=_("用户"),
    export_columns=tuple(USER_COLUMNS),
)


@role_required(*USER_ADMINS)
def user_list(request):
    form = UserFilterForm(request.GET)
    users = filter_users(form)
    filters = {k: v for k, v in request.GET.items() if k not in ("export", "page", "sort") and v}
    listing = USERS.run(request, users, filters=filters)
    if listing.response:
        return listing.response
    return render(
        request,
        "accounts/admin/user_list.html",
        {
            "form": form,
            "listing": listing,
            "page": listing.page,
            "is_sysadmin": request.user.has_role(Role.SYSADMIN),
        },
    )


@role_required(Role.SYSADMIN)
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            committee, unit = _committee(data["committee"]), _unit(data["unit"])
            member = _member_by_id_number(data["member_id_number"])
            if unit is not None and committee is not None and unit.committee_id != committee.pk:
                raise Invalid(errors={"unit": [_("承办单位不属于所选委员会。")]})
            user = services.create_user(
                actor=request.user,
                username=data["username"],
                name=data["name"],
                committee=committee or (unit.committee if unit else member.committee if member else None),
                scope_descendants=data["scope_descendants"],
                password=data["password"],
                mobile=data["mobile"],
                member=member,
                unit=unit,
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("用户 %(u)s 已创建，首次登录须修改初始密码。") % {"u": user.username})
            return redirect("admin:user_detail", pk=user.pk)
    return render(request, "accounts/admin/user_create.html", {"form": form})


def _committee(value):
    return org_model("committee").objects.filter(pk=value).first() if value else None


def _unit(value):
    return org_model("unit").objects.filter(pk=value).first() if value else None


def _member_by_id_number(value):
    """The member named by an ID number (matched through its keyed hash; never listed)."""
    if not value:
        return None
    try:
        number = pii.validate_id_number(value)
    except ValidationError as exc:
        raise Invalid(errors={"member_id_number": list(exc.messages)}) from None
    member = org_model("member").objects.filter(id_number_hash=pii.keyed_hash(number)).first()
    if member is None:
        raise Invalid(errors={"member_id_number": [_("没有找到该身份证号对应的委员。")]})
    if User.objects.filter(member=member).exists():
        raise Invalid(errors={"member_id_number": [_("该委员已有账号。")]})
    return member


@role_required(*USER_ADMINS)
def user_detail(request, pk):
    user = get_user_or_404(pk)
    since = timezone.now() - datetime.timedelta(days=1)
    failures = LoginFailure.objects.filter(user=user, at__gte=since).aggregate(n=Count("id"))["n"]
    return render(
        request,
        "accounts/admin/user_detail.html",
        {
            "subject": user,
            "roles": [Role(r).label for r in sorted(user.role_codes)],
            "permissions": [Permission(p).label for p in sorted(user.permission_codes)],
            "failures": failures,
            "has_second_factor": SecondFactor.objects.filter(user=user).exists(),
            "can_remove_second_factor": request.user.has_role(Role.SECADMIN) and user.pk != request.user.pk,
            "can_edit_account": request.user.has_role(Role.SYSADMIN) and user.pk != request.user.pk,
            "can_grant": request.user.has_role(Role.SECADMIN) and user.pk != request.user.pk,
        },
    )


@role_required(Role.SYSADMIN)
@require_POST
def user_set_active(request, pk):
    user = get_user_or_404(pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_user_active(actor=request.user, user=user, active=active)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("账号已启用。") if active else _("账号已停用。"))
    return redirect("admin:user_detail", pk=user.pk)


@role_required(*USER_ADMINS)
@require_POST
def user_unlock(request, pk):
    user = get_user_or_404(pk)
    services.unlock_user(actor=request.user, user=user)
    messages.success(request, _("账号已解锁。"))
    return redirect("admin:user_detail", pk=user.pk)


@role_required(Role.SECADMIN)
@require_POST
def user_remove_second_factor(request, pk):
    """A lost phone: the security administrator removes the user's authenticator and recovery codes;
    an administrator enrols again at the next login."""
    user = get_user_or_404(pk)
    try:
        services.remove_second_factor(actor=request.user, user=user)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已移除该账号的双因素认证。"))
    return redirect("admin:user_detail", pk=user.pk)


@role_required(Role.SECADMIN)
def user_grants(request, pk):
    """Roles and module permissions of one user; every refusal (三员分立) is shown on the form."""
    user = get_user_or_404(pk)
    if user.pk == request.user.pk:
        raise Forbidden(_("不能修改自己的角色和权限。"))
    roles_form = RolesForm(initial={"roles": sorted(user.role_codes)})
    perms_form = PermissionsForm(
        initial={"permissions": sorted(user.permission_codes), "scope_descendants": user.scope_descendants}
    )
    if request.method == "POST" and request.POST.get("form") == "roles":
        roles_form = RolesForm(request.POST)
        if roles_form.is_valid():
            try:
                services.set_roles(actor=request.user, user=user, roles=roles_form.cleaned_data["roles"])
            except ServiceError as exc:
                apply_service_error(roles_form, exc)
            else:
                messages.success(request, _("角色已保存。"))
                return redirect("admin:user_grants", pk=user.pk)
    elif request.method == "POST" and request.POST.get("form") == "permissions":
        perms_form = PermissionsForm(request.POST)
        if perms_form.is_valid():
            try:
                services.set_permissions(
                    actor=request.user,
                    user=user,
                    permissions=perms_form.cleaned_data["permissions"],
                    scope_descendants=perms_form.cleaned_data["scope_descendants"],
                )
            except ServiceError as exc:
                apply_service_error(perms_form, exc)
            else:
                messages.success(request, _("模块权限已保存。"))
                return redirect("admin:user_grants", pk=user.pk)
    return render(
        request,
        "accounts/admin/user_grants.html",
        {"subject": user, "roles_form": roles_form, "perms_form": perms_form, "is_staff": user.has_role(Role.STAFF)},
    )


# --- Audit log ----------------------------------------------------------------------------------


def filter_audit(form: AuditFilterForm):
    qs = AuditEntry.objects.select_related("committee")
    if form.is_bound and not form.is_valid():
        return qs.none()
    data = form.cleaned_data if form.is_bound else {}
    tz = timezone.get_current_timezone()
    if data.get("start"):
        qs = qs.filter(at__gte=datetime.datetime.combine(data["start"], datetime.time.min, tzinfo=tz))
    if data.get("end"):
        qs = qs.filter(
            at__lt=datetime.datetime.combine(data["end"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        )
    if data.get("actor"):
        qs = qs.filter(actor_name__iexact=data["actor"].strip())
    for field in ("action", "object_type", "result"):
        if data.get(field):
            qs = qs.filter(**{field: data[field]})
    if data.get("committee"):
        qs = qs.filter(committee_id=data["committee"])
    return qs


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


AUDIT_COLUMNS = [
    Column(_("时间"), lambda e: _local(e.at), 20),
    Column(_("操作人账号"), lambda e: e.actor_name, 16),
    Column(_("动作"), lambda e: e.action, 18),
    Column(_("对象类型"), lambda e: e.object_type, 18),
    Column(_("对象编号"), lambda e: e.object_id, 10),
    Column(_("对象"), lambda e: e.object_repr, 20),
    Column(_("委员会"), lambda e: e.committee.name if e.committee else "", 16),
    Column(_("结果"), lambda e: str(choice_label(e, "result")), 8),
    Column(_("IP 地址"), lambda e: e.ip or "", 16),
    Column(_("请求编号"), lambda e: e.request_id, 34),
    Column(_("说明"), lambda e: e.note, 20),
    Column(_("修改前"), lambda e: "" if e.before is None else str(e.before), 30),
    Column(_("修改后"), lambda e: "" if e.after is None else str(e.after), 30),
]


AUDIT = Listing(
    key="core.auditentry",
    columns=(
        ListColumn(_("时间"), "at"),
        ListColumn(_("操作人"), "actor", order=("actor_name",)),
        ListColumn(_("动作"), "action"),
        ListColumn(_("对象"), "object", order=("object_type", "object_id")),
        ListColumn(_("委员会"), "committee", order=("committee__path",)),
        ListColumn(_("结果"), "result"),
        ListColumn(_("IP 地址"), "ip"),
        ListColumn(_("说明")),
    ),
    default_sort="-at",
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
    export_name=_("审计日志"),
    export_columns=tuple(AUDIT_COLUMNS),
)


@role_required(Role.AUDITOR)
def audit_list(request):
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    form = AuditFilterForm(params or None)
    entries = filter_audit(form)
    params.pop("sort", None)
    listing = AUDIT.run(request, entries, filters={k: v for k, v in params.items() if v})
    if listing.response:
        return listing.response
    return render(request, "accounts/admin/audit_list.html", {"form": form, "listing": listing, "page": listing.page})
