"""Shared form pieces: the date fields every form uses (only the platform's dates, DESIGN.md),
the searchable picker every long or multiple choice becomes, and how a service's refusal is shown
on a form or as a page message."""

import re
from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from pypinyin import Style, lazy_pinyin

from lvzhi.core.cleaning import date_in_range, date_range_message
from lvzhi.core.errors import ServiceError

# A single choice among more options than this is a searchable picker; a multiple choice always is
# (the project's lvzhi/templates/django/forms/widgets/select.html asks `is_picker`).
PICKER_MIN_OPTIONS = 20
_HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=8192)
def pinyin_keys(label: str) -> str:
    """What a picker's search matches besides the label itself: the full pinyin and the initials
    ("zhangsan zs" for 张三), empty for a label without Chinese characters."""
    label = str(label or "")
    if not _HAN.search(label):
        return ""
    full = "".join(lazy_pinyin(label)).lower()
    initials = "".join(lazy_pinyin(label, style=Style.FIRST_LETTER)).lower()
    return f"{re.sub(r'[^a-z0-9]', '', full)} {re.sub(r'[^a-z0-9]', '', initials)}"


def is_picker(widget: dict) -> bool:
    """Whether a rendered <select> (its widget context) becomes the searchable picker: a multiple
    choice, or a single choice among more than PICKER_MIN_OPTIONS options; `data-picker="off"` in
    its attrs keeps a plain select."""
    attrs = widget.get("attrs") or {}
    if attrs.get("data-picker") == "off":
        return False
    if attrs.get("multiple"):
        return True
    return sum(len(options) for _name, options, _index in widget.get("optgroups", ())) > PICKER_MIN_OPTIONS


def show_only_for(field, control: str, values) -> None:
    """Show a form field only while the form's `control` field has one of `values` (the field's row in
    core/_form.html carries data-show-when/data-show-for; lvzhi/static/lvzhi/widgets.js hides it
    otherwise). Without script every field shows. A hidden field is still sent as it is, so that an
    edit never loses a value the API set; the service decides what a value means for the kind."""
    field.show_when = control
    field.show_for = " ".join(str(v) for v in values)


class BulkPicker(forms.SelectMultiple):
    """A multiple choice of people with bulk choices: each option carries the groups it belongs to
    (`groups`: {value: ["sector:3", "studio:7", ...]}), and the picker offers to add a whole group
    (`bulk`: [(kind, kind label, [(key, label), ...]), ...]) or everyone at once."""

    template_name = "core/widgets/bulk_picker.html"

    def __init__(self, *args, groups=None, bulk=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups or {}
        self.bulk = bulk

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        keys = self.groups.get(getattr(value, "value", value))
        if keys:
            option["attrs"]["data-groups"] = " ".join(keys)
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["bulk"] = [(kind, label, list(choices)) for kind, label, choices in self.bulk if choices]
        return context


def _refuse_out_of_range(day) -> None:
    if day is not None and not date_in_range(day):
        raise ValidationError(date_range_message(), code="date_range")


class DayField(forms.DateField):
    """A date between core.cleaning's DATE_MIN and DATE_MAX; anything else is the field's error."""

    def to_python(self, value):
        day = super().to_python(value)
        _refuse_out_of_range(day)
        return day


class MomentField(forms.DateTimeField):
    """A date and time whose date lies within the platform's dates (so that converting it to
    another time zone cannot overflow)."""

    def to_python(self, value):
        try:
            moment = super().to_python(value)
        except OverflowError:
            raise ValidationError(date_range_message(), code="date_range") from None
        _refuse_out_of_range(moment.date() if moment is not None else None)
        return moment


def formfield(db_field, **kwargs):
    """`formfield_callback` for model forms: a model's date and datetime fields become `DayField`
    and `MomentField` (keeping their widgets where the form sets them)."""
    if isinstance(db_field, models.DateTimeField):
        return db_field.formfield(form_class=MomentField, **kwargs)
    if isinstance(db_field, models.DateField):
        return db_field.formfield(form_class=DayField, **kwargs)
    return db_field.formfield(**kwargs)


def apply_service_error(form, exc: ServiceError) -> None:
    """Show a service's field errors on the form (unknown fields as form errors)."""
    if not exc.errors:
        form.add_error(None, str(exc.message))
        return
    for field, messages in exc.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, str(message))


def error_line(exc: ServiceError) -> str:
    """A refusal as one line for a page message: the refusal, then each field's problem
    ("输入有误，请检查后重试：标题必填；日期格式应为 YYYY-MM-DD。"), without doubled punctuation."""
    details = [str(m).rstrip("。；") for problems in exc.errors.values() for m in problems]
    if not details:
        return str(exc.message)
    return f"{str(exc.message).rstrip('。')}：{'；'.join(details)}。"
