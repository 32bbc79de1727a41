from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.directory.services import BIO_MAX


def _style(form):
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(field, forms.ChoiceField):
            field.widget.attrs.setdefault("class", "form-select")
        else:
            field.widget.attrs.setdefault("class", "form-control")


class ProfileForm(forms.Form):
    bio = forms.CharField(
        label=_("个人简介"),
        required=False,
        max_length=BIO_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("同一委员会的委员可以看到。"),
    )
    share_mobile = forms.BooleanField(label=_("向其他委员公开手机号"), required=False)
    share_email = forms.BooleanField(label=_("向其他委员公开电子邮箱"), required=False)
    share_workplace = forms.BooleanField(label=_("向其他委员公开工作单位"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("照片"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("JPG 或 PNG，不超过 2 MB。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ChangeRequestForm(forms.Form):
    sector = forms.ChoiceField(label=_("界别"), required=False)
    title = forms.CharField(label=_("职务"), required=False, max_length=100)
    workplace = forms.CharField(label=_("工作单位"), required=False, max_length=200)
    reason = forms.CharField(
        label=_("申请说明"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, sectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("不变"))] + [(s.pk, s.name) for s in sectors]
        self.fields["title"].help_text = _("留空表示不变。")
        self.fields["workplace"].help_text = _("留空表示不变。")
        _style(self)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class RequiredNoteForm(NoteForm):
    note = forms.CharField(label=_("审核意见"), max_length=500)


class EmptyForm(forms.Form):
    pass
