import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.accounts import devices, services
from lvzhi.accounts.choices import Role
from lvzhi.accounts.forms import LoginForm, PasswordChangeForm, SecondFactorForm, TokenForm
from lvzhi.accounts.middleware import LOGIN_AT_KEY
from lvzhi.accounts.models import ApiToken, User
from lvzhi.core.errors import ServiceError
from lvzhi.core.forms import apply_service_error
from lvzhi.core.middleware import client_ip
from lvzhi.core.next_url import back_to

PENDING_KEY = "lvzhi_pending_login"
CODES_KEY = "lvzhi_recovery_codes"
ENROL_SECRET_KEY = "lvzhi_enrol_secret"
PENDING_SECONDS = 300  # the second step must follow the password within five minutes


def login_view(request):
    """Step one: name and password. An account with (or needing) a second factor goes on to the
    verification or enrolment step; the session is logged in only at the end."""
    if request.user.is_authenticated:
        return redirect("core:home")
    request.session.pop(PENDING_KEY, None)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checked = services.password_step(
                login=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
                devices=devices.read(request),
            )
        except ServiceError as exc:
            form.add_error(None, str(exc.message))
        else:
            if checked.needs_second_factor:
                request.session[PENDING_KEY] = {
                    "uid": checked.user.pk,
                    "device": checked.device,
                    "locked": checked.locked,
                    "at": time.time(),
                    "next": request.GET.get("next", ""),
                }
                if checked.user.has_second_factor:
                    return redirect("accounts:login_verify")
                return redirect("accounts:login_enrol")
            services.complete_login(checked=checked)
            return _logged_in(request, checked, request.GET.get("next", ""))
    return render(request, "accounts/login.html", {"form": form, "expired": request.GET.get("expired")})


def _logged_in(request, checked, target):
    user = checked.user
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session[LOGIN_AT_KEY] = time.time()
    response = back_to(request, target, resolve_url(settings.LOGIN_REDIRECT_URL))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
    devices.remember(request, response, user)
    return response


def _pending(request):
    """The login waiting for its second step, or None (none, expired, or the account changed)."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending.get("uid"), is_active=True).first()
    if user is None:
        return None
    checked = services.PasswordChecked(user=user, device=pending.get("device", ""), locked=pending.get("locked", False))
    return checked, pending


def login_verify(request):
    """Step two for an account with a second factor: a code from the authenticator app, or a
    recovery code."""
    state = _pending(request)
    if state is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    checked, pending = state
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = form.cleaned_data["code"]
            kind = services.verify_second_factor(user=checked.user, code=code, ip=client_ip(request))
        except ServiceError as exc:
            form.add_error("code", str(exc.message))
        else:
            request.session.pop(PENDING_KEY, None)
            services.complete_login(checked=checked, second_factor=kind)
            response = _logged_in(request, checked, pending.get("next", ""))
            if kind == "recovery code":
                left = services.recovery_codes_left(checked.user)
                messages.warning(request, _("已使用一个恢复码，还剩 %(n)d 个。") % {"n": left})
            return response
    return render(request, "accounts/login_verify.html", {"form": form})


def login_enrol(request):
    """Step two for an administrator without a second factor yet: add the authenticator app (scan
    the QR code or type the key), confirm with a code, then keep the recovery codes."""
    state = _pending(request)
    if state is None or state[0].user.has_second_factor:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    checked, pending = state
    secret = pending.get("secret") or services.new_secret()
    if pending.get("secret") != secret:
        pending["secret"] = secret
        request.session[PENDING_KEY] = pending
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.enrol_second_factor(actor=checked.user, secret=secret, code=form.cleaned_data["code"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            request.session.pop(PENDING_KEY, None)
            services.complete_login(checked=checked, second_factor="totp (enrolled)")
            response = _logged_in(request, checked, reverse("accounts:recovery_codes"))
            request.session[CODES_KEY] = codes
            return response
    return render(request, "accounts/login_enrol.html", _enrol_context(checked.user, secret, form))


def _enrol_context(user, secret, form):
    uri = services.provisioning_uri(user, secret)
    return {
        "form": form,
        "secret": secret,
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "uri": uri,
        "qr": mark_safe(segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff")),  # noqa: S308  our own SVG
    }


@login_required
def two_factor(request):
    """One's own second factor: add one (optional for non-administrators) or renew the recovery codes."""
    user = request.user
    enrolled = user.has_second_factor
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if enrolled:
                codes = services.regenerate_recovery_codes(actor=user, code=form.cleaned_data["code"])
            else:
                secret = request.session.get(ENROL_SECRET_KEY, "")
                codes = services.enrol_second_factor(actor=user, secret=secret, code=form.cleaned_data["code"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            request.session.pop(ENROL_SECRET_KEY, None)
            request.session[CODES_KEY] = codes
            return redirect("accounts:recovery_codes")
    context = {"form": form, "enrolled": enrolled, "required": user.requires_second_factor}
    if enrolled:
        context["codes_left"] = services.recovery_codes_left(user)
    else:
        secret = request.session.get(ENROL_SECRET_KEY) or services.new_secret()
        request.session[ENROL_SECRET_KEY] = secret
        context.update(_enrol_context(user, secret, form))
    return render(request, "accounts/two_factor.html", context)


@login_required
def recovery_codes(request):
    """The new recovery codes, shown once."""
    codes = request.session.pop(CODES_KEY, None)
    if not codes:
        return redirect("accounts:two_factor")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.record_logout(actor=request.user)
    logout(request)
    return redirect("accounts:login")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
                keep_session_key=request.session.session_key,
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改，其他设备上的登录已退出。"))
            return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def profile(request):
    tokens = list(ApiToken.objects.filter(user=request.user, revoked_at__isnull=True))
    new_key = request.session.pop("lvzhi_new_token", None)
    # API tokens are for staff and administrators who connect other systems; a member (who uses the
    # pages and the phone) is not shown them unless they already hold one.
    shows_tokens = bool(tokens or new_key) or not request.user.role_codes <= {str(Role.MEMBER)}
    return render(
        request,
        "accounts/profile.html",
        {"tokens": tokens, "token_form": TokenForm(), "new_key": new_key, "shows_tokens": shows_tokens},
    )


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        _token, key = services.create_api_token(actor=request.user, name=form.cleaned_data["name"])
        request.session["lvzhi_new_token"] = key
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("令牌已撤销。"))
    return redirect("accounts:profile")


@require_POST
def set_language(request):
    """Switch the interface language; remembered on the account (and in a cookie before login)."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        services.set_language(actor=request.user, language=language)
    translation.activate(language)
    response = back_to(request, request.POST.get("next"))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", max_age=365 * 86400)
    return response
