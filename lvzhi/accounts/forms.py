from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.accounts.models import org_model
from lvzhi.core.audit_words import action_words, object_words
from lvzhi.core.forms import DayField, KeyChoiceField, remote_choices
from lvzhi.core.models import AuditEntry
from lvzhi.core.pickers import choice_source


class BootstrapMixin:
    """Gives every widget its Bootstrap class (small controls for filter bars)."""

    small = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size = "-sm" if self.small else ""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", f"form-select form-select{size}")
            else:
                widget.attrs.setdefault("class", f"form-control form-control{size}")


class LoginForm(BootstrapMixin, forms.Form):
    username = forms.CharField(
        label=_("用户名或手机号"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("密码"), max_length=200, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class SecondFactorForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("动态验证码"),
        max_length=32,
        help_text=_("身份验证器应用显示的 6 位数字；手机不在身边时可填写一个恢复码。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class PasswordChangeForm(BootstrapMixin, forms.Form):
    old_password = forms.CharField(
        label=_("原密码"), max_length=200, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label=_("新密码"), max_length=200, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password2 = forms.CharField(
        label=_("确认新密码"), max_length=200, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=100, required=False)


# --- Administrator pages ----------------------------------------------------------------------


def _committee_choices(blank_label):
    rows = org_model("committee").objects.only("id", "name", "level").order_by("path")
    return [("", blank_label)] + [(str(c.pk), ("— " if c.level == "county" else "") + c.name) for c in rows]


class UserFilterForm(BootstrapMixin, forms.Form):
    """The user list's filter; also drives its xlsx export."""

    small = True

    STATES = [
        ("", _("全部状态")),
        ("active", _("启用")),
        ("inactive", _("停用")),
        ("locked", _("已锁定")),
    ]

    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    committee = forms.ChoiceField(label=_("委员会"), required=False)
    role = forms.ChoiceField(label=_("角色"), required=False)
    state = forms.ChoiceField(label=_("状态"), required=False, choices=STATES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = _committee_choices(_("全部委员会"))
        self.fields["role"].choices = [("", _("全部角色")), ("none", _("未分配角色")), *Role.choices]
        self.fields["q"].widget.attrs["placeholder"] = _("用户名、姓名或手机号")


def _unit_label(unit) -> str:
    return f"{unit.committee.short_name} · {unit.name}"


@choice_source(label=_unit_label)
def every_unit():
    """The units of every committee, by committee: whom a unit account may belong to."""
    return org_model("unit").objects.select_related("committee").order_by("committee__path", "name")


class UserCreateForm(BootstrapMixin, forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    committee = forms.ChoiceField(label=_("所属委员会"), required=False)
    scope_descendants = forms.BooleanField(label=_("含下级委员会"), required=False)
    mobile = forms.CharField(label=_("手机号"), max_length=20, required=False, help_text=_("可用手机号登录。"))
    member_id_number = forms.CharField(
        label=_("关联委员（身份证号）"),
        max_length=18,
        required=False,
        help_text=_("委员账号填写该委员的身份证号，用于关联委员档案。"),
    )
    unit = KeyChoiceField(
        queryset=None,
        label=_("关联承办单位"),
        required=False,
        empty_label=_("（无）"),
        help_text=_("承办单位账号选择其所属单位。"),
    )
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput,
        max_length=200,
        help_text=_("用户首次登录时须修改初始密码。"),
    )
    password2 = forms.CharField(label=_("确认初始密码"), widget=forms.PasswordInput, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = _committee_choices(_("（无）"))
        remote_choices(self.fields["unit"], every_unit)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class RolesForm(BootstrapMixin, forms.Form):
    roles = forms.MultipleChoiceField(label=_("角色"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = Role.choices


class PermissionsForm(BootstrapMixin, forms.Form):
    permissions = forms.MultipleChoiceField(label=_("模块权限"), required=False, widget=forms.CheckboxSelectMultiple)
    scope_descendants = forms.BooleanField(label=_("含下级委员会"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permissions"].choices = Permission.choices


class AuditFilterForm(BootstrapMixin, forms.Form):
    """The audit log's filter; also drives its xlsx export."""

    small = True

    start = DayField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = DayField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("动作"), required=False)
    object_type = forms.ChoiceField(label=_("对象类型"), required=False)
    result = forms.ChoiceField(label=_("结果"), required=False)
    committee = forms.ChoiceField(label=_("委员会"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        distinct = AuditEntry.objects.order_by()
        actions = sorted(distinct.values_list("action", flat=True).distinct())
        types = sorted(t for t in distinct.values_list("object_type", flat=True).distinct() if t)
        # the codes are the values; the auditor reads words (lvzhi.core.audit_words)
        self.fields["action"].choices = [("", _("全部动作"))] + [(a, action_words(a)) for a in actions]
        self.fields["object_type"].choices = [("", _("全部对象类型"))] + [(t, object_words(t)) for t in types]
        self.fields["result"].choices = [("", _("全部结果")), *AuditEntry.Result.choices]
        self.fields["committee"].choices = _committee_choices(_("全部委员会"))
        self.fields["actor"].widget.attrs["placeholder"] = _("账号")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data
