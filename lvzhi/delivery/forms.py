"""Forms that only collect input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.delivery.choices import Mode

HOURS = [(h, f"{h:02d}:00") for h in range(24)]
PREFIX = "mode__"


class SettingsForm(forms.Form):
    """The user's settings: the digest hour, the 企业微信 account, and one choice per kind
    (`mode__<kind>`; a mandatory kind is shown, fixed)."""

    digest_hour = forms.TypedChoiceField(label=_("每日汇总发送时间"), choices=HOURS, coerce=int)
    wecom_userid = forms.CharField(
        label=_("企业微信/政务微信账号"),
        max_length=64,
        required=False,
        help_text=_("在企业微信/政务微信通讯录中的账号（UserID），不清楚可询问机关。"),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            field = forms.ChoiceField(label=kind["label"], choices=Mode.choices, initial=kind["mode"])
            field.disabled = kind["mandatory"]
            field.widget.attrs["class"] = "form-select"
            self.fields[PREFIX + kind["key"]] = field
        self.fields["digest_hour"].widget.attrs["class"] = "form-select"
        self.fields["wecom_userid"].widget.attrs["class"] = "form-control"

    def groups(self):
        """The kind fields grouped by module, for the template."""
        groups: dict[str, list] = {}
        for kind in self.kinds:
            groups.setdefault(kind["module"], []).append((kind, self[PREFIX + kind["key"]]))
        return list(groups.items())

    def modes(self) -> dict:
        return {kind["key"]: self.cleaned_data[PREFIX + kind["key"]] for kind in self.kinds if not kind["mandatory"]}


class PolicyForm(forms.Form):
    sms_monthly_budget = forms.IntegerField(
        label=_("每月短信额度（条）"),
        min_value=0,
        help_text=_("0 为不限。用到 80% 时提醒机关工作人员，用完即停发短信，站内消息照常。"),
    )
    mandatory_kinds = forms.MultipleChoiceField(
        label=_("必达消息"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("必达消息总是立即发送，不受个人设置、免打扰时段和频率限制的影响。"),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandatory_kinds"].choices = [(k["key"], k["label"]) for k in kinds]
        self.fields["sms_monthly_budget"].widget.attrs["class"] = "form-control"
