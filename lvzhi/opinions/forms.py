from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DayField
from lvzhi.opinions.choices import AdoptionLevel, InstructionLevel, IssueKind, OpinionUrgency, RecipientLevel


class ReportForm(forms.Form):
    capacity = forms.ChoiceField(label=_("报送身份"))
    title = forms.CharField(label=_("标题"), max_length=200)
    category = forms.ChoiceField(label=_("类别"))
    content = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 10, "data-counter": "1"}),
        help_text=_("一事一报；建议不超过 1500 字。"),
    )
    suggestions = forms.CharField(label=_("建议"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    area = forms.CharField(label=_("涉及地区"), max_length=100, required=False)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=OpinionUrgency.choices, initial=OpinionUrgency.NORMAL)
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, capacities=(), categories=(), warn_length=1500, draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].choices = [(c.code, c.label) for c in capacities]
        if len(capacities) <= 1 or draft:
            self.fields["capacity"].widget = forms.HiddenInput()
            self.fields["capacity"].required = False
        self.fields["category"].choices = [("", "—")] + [(c, c) for c in categories]
        self.fields["content"].help_text = _("一事一报；建议不超过 %(n)s 字。") % {"n": warn_length}
        self.fields["content"].widget.attrs["data-warn"] = warn_length
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)


class EditForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 14}))
    suggestions = forms.CharField(label=_("建议"), required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class IssueForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=IssueKind.choices)
    title = forms.CharField(label=_("标题（可选）"), max_length=200, required=False)
    issued_on = DayField(label=_("编发日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )


class SettingsForm(forms.Form):
    warn_length = forms.IntegerField(label=_("字数提示线"), min_value=100, max_value=50000)
    max_length = forms.IntegerField(label=_("字数上限"), min_value=100, max_value=50000)
    feedback_days = forms.IntegerField(label=_("反馈期限（天）"), min_value=1, max_value=365)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


LEVELS = {
    "recipient": RecipientLevel.choices,
    "instruction": InstructionLevel.choices,
    "adoption": AdoptionLevel.choices,
}


class EnterForm(forms.Form):
    """The office enters a paper report on a submitter's behalf (纸质报送)."""

    submitter = forms.ChoiceField(label=_("报送人"), help_text=_("委员、参加单位或特邀信息员；录入后将通知报送人。"))
    received_on = DayField(label=_("收到日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    title = forms.CharField(label=_("标题"), max_length=200)
    category = forms.ChoiceField(label=_("类别"))
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 10}))
    suggestions = forms.CharField(label=_("建议"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    area = forms.CharField(label=_("涉及地区"), max_length=100, required=False)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=OpinionUrgency.choices, initial=OpinionUrgency.NORMAL)
    attachment = forms.FileField(label=_("附件（扫描件等）"), required=False)

    def __init__(self, *args, submitters=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitter"].choices = [("", "—"), *submitters]
        self.fields["category"].choices = [("", "—")] + [(c, c) for c in categories]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)


# --- The report's actions (lvzhi.opinions.actions) -------------------------------------------------
# The fields carry the API bodies' names; the services check and clean the values, so that a page
# and an API call get the same answer.


class _ActionForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if isinstance(field, forms.CharField):
                field.strip = False


class _ManyField(forms.Field):
    """A list of submitted values (checkboxes of one name), checked by the service."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return list(value or [])


class NoFieldsForm(_ActionForm):
    pass


class ReasonForm(_ActionForm):
    reason = forms.CharField()


class NoteForm(_ActionForm):
    note = forms.CharField()


class CombineForm(_ActionForm):
    others = _ManyField()


class PublishForm(_ActionForm):
    issue = forms.CharField(help_text=_("期刊 id，或 new：新建下一期"))
    issue_kind = forms.CharField()


class SendForm(_ActionForm):
    recipients = _ManyField()
    date = forms.CharField()


class InstructForm(_ActionForm):
    leader = forms.CharField()
    position = forms.CharField()
    level = forms.CharField()
    date = forms.CharField()
    text = forms.CharField()


class AdoptForm(_ActionForm):
    by = forms.CharField()
    body = forms.CharField()
    reference = forms.CharField()
    date = forms.CharField()


class HandleForm(_ActionForm):
    unit = forms.CharField()
    unit_name = forms.CharField()
    result = forms.CharField()
    date = forms.CharField()


class FeedbackForm(_ActionForm):
    text = forms.CharField()
