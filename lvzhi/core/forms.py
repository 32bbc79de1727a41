"""Shared form pieces: the date fields every form uses (only the platform's dates, DESIGN.md),
and how a service's refusal is shown on a form or as a page message."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from lvzhi.core.cleaning import date_in_range, date_range_message
from lvzhi.core.errors import ServiceError


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
