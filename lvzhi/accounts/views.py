import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.accounts import services
from lvzhi.accounts.forms import LoginForm, PasswordChangeForm, TokenForm
from lvzhi.accounts.middleware import LOGIN_AT_KEY
from lvzhi.accounts.models import ApiToken
from lvzhi.core.errors import ServiceError
from lvzhi.core.forms import apply_service_error
from lvzhi.core.middleware import client_ip


def login_view(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.authenticate_user(
                login=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
                request=request,
            )
        except ServiceError as exc:
            form.add_error(None, str(exc.message))
        else:
            login(request, user)
            request.session[LOGIN_AT_KEY] = time.time()
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
                target = settings.LOGIN_REDIRECT_URL
            response = redirect(target)
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            return response
    return render(request, "accounts/login.html", {"form": form, "expired": request.GET.get("expired")})


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
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    new_key = request.session.pop("lvzhi_new_token", None)
    return render(request, "accounts/profile.html", {"tokens": tokens, "token_form": TokenForm(), "new_key": new_key})


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
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = redirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", max_age=365 * 86400)
    return response
