from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(label=_("用户名或手机号"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, max_length=200)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("原密码"), widget=forms.PasswordInput, max_length=200)
    new_password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput, max_length=200)
    new_password2 = forms.CharField(label=_("确认新密码"), widget=forms.PasswordInput, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=100, required=False)
