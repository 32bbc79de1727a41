from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DayField, formfield
from lvzhi.org.audience import AudienceKind
from lvzhi.org.audience_choices import audience_choices
from lvzhi.org.choices import MemberRole
from lvzhi.org.models import Committee, Party, Sector, SpecialCommittee
from lvzhi.stats.choices import ReferenceKind, RegulationKind
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


class SummaryDraftForm(forms.Form):
    """Draft a summary from the records: committee, period, as-of date and the lines of work."""

    committee = forms.ModelChoiceField(queryset=None, label=_("委员会"), empty_label=None)
    period = forms.CharField(
        label=_("统计期间"),
        max_length=40,
        initial="year",
        help_text=_("year（统计日所在年）、term（本届以来）、year:2024、since:2024-01-01 等。"),
    )
    as_of = DayField(label=_("统计日"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    modules = forms.MultipleChoiceField(
        label=_("所用工作模块"), required=False, widget=forms.CheckboxSelectMultiple, help_text=_("不选即全部。")
    )
    title = forms.CharField(label=_("标题"), max_length=200, required=False)

    def __init__(self, *args, committees, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["modules"].choices = modules
        for name, field in self.fields.items():
            if name != "modules":
                field.widget.attrs.setdefault("class", "form-select" if name == "committee" else "form-control")


class RegulationForm(forms.ModelForm):
    formfield_callback = formfield

    committee = forms.ModelChoiceField(queryset=None, label=_("委员会"))

    class Meta:
        model = Regulation
        fields = ["committee", "title", "kind", "adopted_on", "document_number", "adopted_by", "note", "text"]
        widgets = {
            "adopted_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 16}),
        }
        help_texts = {"text": _("初次制定时的全文；以后的修订在详情页“登记修订”中连同修订后全文登记。")}

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
    adopted_by = forms.CharField(
        label=_("审议通过机关（会议）"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("如：市政协五届常委会第十次会议")}),
    )
    text = forms.CharField(
        label=_("修订后全文"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 12}),
    )


class RepealForm(forms.Form):
    repealed_on = DayField(
        label=_("废止日期"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )


class ReferenceDocumentForm(forms.Form):
    """A reference document of the library and whom it is addressed to (the service checks it)."""

    # chosen above the form (the audience lists are that committee's), carried here unseen; a
    # document being edited keeps its own
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(), label=_("委员会"), required=False, widget=forms.HiddenInput
    )
    title = forms.CharField(label=_("名称"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=ReferenceKind.choices)
    issuer = forms.CharField(label=_("制定机关"), max_length=200, required=False)
    issued_on = DayField(label=_("公布（通过）日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    document_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    text = forms.CharField(label=_("全文"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 16}))
    audience = forms.ChoiceField(label=_("阅读范围"), choices=AudienceKind.choices, initial=AudienceKind.ALL)
    include_lower = forms.BooleanField(label=_("含下级委员会"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("职务"), choices=MemberRole.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.ModelMultipleChoiceField(label=_("界别"), queryset=Sector.objects.none(), required=False)
    special_committees = forms.ModelMultipleChoiceField(
        label=_("专门委员会"), queryset=SpecialCommittee.objects.none(), required=False
    )
    parties = forms.ModelMultipleChoiceField(label=_("参加单位"), queryset=Party.objects.none(), required=False)

    def __init__(self, *args, committee, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committees is None:
            del self.fields["committee"]
        else:
            self.fields["committee"].queryset = committees
            self.fields["committee"].initial = committee.pk
        audience_choices(self, committee)

    @staticmethod
    def initial_for(document) -> dict:
        return {
            **{
                name: getattr(document, name)
                for name in ("title", "kind", "issuer", "issued_on", "document_number", "text", "audience")
            },
            "include_lower": document.include_lower,
            "roles": document.role_list,
            "sectors": list(document.sectors.all()),
            "special_committees": list(document.special_committees.all()),
            "parties": list(document.parties.all()),
        }
