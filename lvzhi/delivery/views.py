"""The user's message settings and the committee's channel policy (pages over the same services as
the API)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lvzhi.core.errors import Invalid
from lvzhi.core.forms import apply_service_error
from lvzhi.core.permissions import can_manage
from lvzhi.core.scope import committee_model
from lvzhi.delivery import selectors, services
from lvzhi.delivery.forms import PolicyForm, SettingsForm


@login_required
def settings_edit(request):
    user = request.user
    if user.is_admin_role:
        raise PermissionDenied
    state = selectors.user_settings(user)
    initial = {"digest_hour": state["digest_hour"], "wecom_userid": state["wecom_userid"]}
    form = SettingsForm(request.POST or None, initial=initial, kinds=state["kinds"])
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preferences(
                actor=user,
                modes=form.modes(),
                digest_hour=form.cleaned_data["digest_hour"],
                wecom_userid=form.cleaned_data["wecom_userid"],
            )
        except Invalid as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("消息接收设置已保存。"))
            return redirect("delivery:settings_edit")
    return render(request, "delivery/settings.html", {"form": form, "state": state})


@login_required
def policy_edit(request):
    user = request.user
    committee = committee_model().objects.filter(pk=user.committee_id).first()
    if committee is None or not can_manage(user, committee, services.POLICY_PERMISSION):
        raise PermissionDenied
    state = selectors.policy_state(committee)
    initial = {"sms_monthly_budget": state["sms_monthly_budget"], "mandatory_kinds": state["mandatory_kinds"]}
    form = PolicyForm(request.POST or None, initial=initial, kinds=state["kinds"])
    if request.method == "POST" and form.is_valid():
        try:
            services.set_policy(
                actor=user,
                committee=committee,
                sms_monthly_budget=form.cleaned_data["sms_monthly_budget"],
                mandatory_kinds_=form.cleaned_data["mandatory_kinds"],
            )
        except Invalid as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("短信额度与必达消息已保存。"))
            return redirect("delivery:policy_edit")
    return render(request, "delivery/policy.html", {"form": form, "state": state, "committee": committee})
