"""Field problems in the office's words: "标题不能超过200字", "标题必填。", not Django's generic
"确保该值不超过 200 个字符（它有 230 个）" or "这个字段是必填项。", which do not say which field.

Every form of the platform gets them — a form that sets its own message for a field keeps it. Django
fills a field's message from `field.error_messages[code]` when a validator fails with that code, so
setting the three codes on each form instance's fields is enough; `install()` (from the core app's
`ready()`) does this in `BaseForm.__init__`, once for all forms rather than in each of them."""

from django import forms
from django.forms.utils import pretty_name
from django.utils.translation import gettext as _

_DEFAULT_REQUIRED = forms.Field.default_error_messages["required"]


def _label(name: str, field: forms.Field) -> str:
    return str(field.label if field.label is not None else pretty_name(name)).rstrip("：:")


def name_fields(form: forms.BaseForm) -> None:
    """Put the field's label and limit into its length and required messages."""
    for name, field in form.fields.items():
        label = _label(name, field)
        messages = field.error_messages
        if str(messages.get("required")) == str(_DEFAULT_REQUIRED):
            messages["required"] = _("%(label)s必填。") % {"label": label}
        limit = getattr(field, "max_length", None)
        if limit is not None and "max_length" not in messages:
            messages["max_length"] = _("%(label)s不能超过%(limit)s字") % {"label": label, "limit": limit}
        least = getattr(field, "min_length", None)
        if least is not None and "min_length" not in messages:
            messages["min_length"] = _("%(label)s不能少于%(limit)s字") % {"label": label, "limit": least}


def install() -> None:
    """Every form names its field in these messages (idempotent)."""
    if getattr(forms.BaseForm.__init__, "_lvzhi_names_fields", False):
        return
    original = forms.BaseForm.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        name_fields(self)

    __init__._lvzhi_names_fields = True
    forms.BaseForm.__init__ = __init__
