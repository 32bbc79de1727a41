from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DayField, formfield
from lvzhi.stats.choices import RegulationKind
from lvzhi.stats.models import Regulation, SummaryTemplate


class SummaryTemplateForm(forms.ModelForm):
    formfield_callback = formfield

    committee = forms.ModelChoiceField(queryset=None, label=_("委员会"))

    class Meta:
        model = SummaryTemplate
        fields = ["committee", "slug", "title", "subtitle", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "class": "font-monospace"})}

    def __init__(self, *args, committees=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        if editing:
            del self.fields["committee"]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-select" if name == "committee" else "form-control")
            if name == "body":
                field.widget.attrs["class"] = "form-control font-monospace"

    def validate_unique(self):  # the service checks the slug and says so in Chinese
        pass


class RegulationForm(forms.ModelForm):
    formfield_callback = formfield

    committee = forms.ModelChoiceField(queryset=None, label=_("委员会"))

    class Meta:
        model = Regulation
        fields = ["committee", "title", "kind", "adopted_on", "document_number", "note"]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, committees=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["kind"].choices = RegulationKind.choices
        if editing:
            del self.fields["committee"]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-select" if name in ("committee", "kind") else "form-control")


# The step forms only shape input: no field is required here, so the service's own messages (a missing
# or too early date) reach the user, as they reach the API's caller.


class RevisionForm(forms.Form):
    revised_on = DayField(
        label=_("修订日期"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    note = forms.CharField(
        label=_("修订说明"),
        required=False,
        strip=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class RepealForm(forms.Form):
    repealed_on = DayField(
        label=_("废止日期"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
