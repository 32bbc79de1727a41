"""Forms of the duty-record pages. They only shape input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DayField
from lvzhi.duties import ledger
from lvzhi.duties.choices import Grade


class ReportForm(forms.Form):
    text = forms.CharField(label=_("述职报告"), widget=forms.Textarea(attrs={"rows": 18}), max_length=50_000)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), required=False, max_length=500)


class AdjustForm(forms.Form):
    grade = forms.ChoiceField(label=_("调整为"), choices=Grade.choices)
    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class TalkForm(forms.Form):
    held_on = DayField(label=_("约谈日期"), widget=forms.DateInput(attrs={"type": "date"}))
    held_by = forms.CharField(label=_("约谈人"), max_length=100)
    notes = forms.CharField(label=_("约谈情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)


class TargetForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kinds = forms.MultipleChoiceField(label=_("计入的履职事件"), widget=forms.CheckboxSelectMultiple)
    required = forms.IntegerField(label=_("每年至少次数"), min_value=1, max_value=1000, initial=1)
    sort = forms.IntegerField(label=_("排序"), min_value=0, max_value=1000, initial=0, required=False)

    def __init__(self, *args, extra_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(ledger.kinds().items())
        choices += [(k, k) for k in extra_kinds if k not in dict(choices)]
        self.fields["kinds"].choices = choices


NARROW = {"step": "0.1", "class": "form-control form-control-sm minw-5r"}


class SchemeForm(forms.Form):
    """Thresholds and, per registered event kind, points and an optional yearly cap."""

    excellent_min = forms.DecimalField(label=_("优秀（不低于）"), max_digits=6, decimal_places=1)
    competent_min = forms.DecimalField(label=_("称职（不低于）"), max_digits=6, decimal_places=1)
    basic_min = forms.DecimalField(label=_("基本称职（不低于）"), max_digits=6, decimal_places=1)
    reports_from_all = forms.BooleanField(label=_("要求全体委员述职（不勾选时只要求常委及以上）"), required=False)
    note = forms.CharField(label=_("修订说明"), max_length=500, required=False)

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = []
        for kind, rule in rules.items():
            self.fields[f"points__{kind}"] = forms.DecimalField(
                label=rule.label,
                max_digits=6,
                decimal_places=1,
                initial=rule.points,
                min_value=-1000,
                max_value=1000,
                widget=forms.NumberInput(attrs=NARROW),
            )
            self.fields[f"cap__{kind}"] = forms.DecimalField(
                label=_("上限"),
                max_digits=7,
                decimal_places=1,
                initial=rule.cap,
                required=False,
                min_value=0.1,
                widget=forms.NumberInput(attrs=NARROW),
            )
            self.kinds.append((kind, rule.label))

    def rows(self):
        return [(kind, label, self[f"points__{kind}"], self[f"cap__{kind}"]) for kind, label in self.kinds]

    def service_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in ("excellent_min", "competent_min", "basic_min", "reports_from_all")}
        data["note"] = self.cleaned_data.get("note") or ""
        data["rules"] = {
            kind: {"points": self.cleaned_data[f"points__{kind}"], "cap": self.cleaned_data.get(f"cap__{kind}")}
            for kind, _label in self.kinds
        }
        return data
