"""Shared form pieces: the date fields every form uses (only the platform's dates, DESIGN.md),
the searchable picker every long or multiple choice becomes, and how a service's refusal is shown
on a form or as a page message."""

import re
from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from pypinyin import Style, lazy_pinyin

from lvzhi.core.cleaning import as_id, date_in_range, date_range_message
from lvzhi.core.errors import ServiceError
from lvzhi.core.pickers import plain_args, search_url, source_of

# A single choice among more options than this is a searchable picker; a multiple choice always is
# (the project's lvzhi/templates/django/forms/widgets/select.html asks `is_picker`).
PICKER_MIN_OPTIONS = 20
# A choice of a registered source (`remote_choices`) among more records than this renders only what
# is chosen and searches the server as the user types (core.pickers; docs/architecture.md, the kit).
REMOTE_PICKER_MIN = 300
# Without script, a remote picker's form offers a text field of this suffix for names (`RemoteChoices`).
NAMES_SUFFIX = "__names"
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
    if attrs.get("multiple") or attrs.get("data-picker-url"):
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


class RemoteChoices:
    """A <select> of a model choice whose records come from a registered source (`remote_choices`).
    One query reads at most REMOTE_PICKER_MIN + 1 of its records: as many or fewer, they are the
    options as ever; more, the select renders only the chosen options (one more query when any are
    chosen), the empty one of a single choice, and `data-picker-url` (lvzhi/static/lvzhi/widgets.js
    searches it as the user types) — the same queries however many records there are. Without
    script the page shows a text field for names instead (<noscript>): each name that is exactly one
    record of the field's queryset counts as chosen; a name of none or of several is sent as it is,
    and the field refuses it with its own message."""

    picker_source = None  # (source key, arguments), set by remote_choices
    shared = None  # {} shared by fields choosing among the same records (`share_options`)
    _remote = False
    _rows = None

    def get_context(self, name, value, attrs):
        queryset = getattr(self.choices, "queryset", None)
        self._remote, self._rows = False, None
        if self.picker_source and queryset is not None:
            source = repr(self.picker_source)
            if self.shared is not None and source in self.shared:
                rows = self.shared[source]
            else:
                rows = list(queryset[: REMOTE_PICKER_MIN + 1])
                if self.shared is not None:
                    self.shared[source] = rows
            self._remote = len(rows) > REMOTE_PICKER_MIN
            self._rows = None if self._remote else rows
        context = super().get_context(name, value, attrs)
        if self._remote:
            context["widget"]["attrs"]["data-picker-url"] = search_url(*self.picker_source)
            context["widget"]["names_field"] = f"{name}{NAMES_SUFFIX}"
        return context

    def optgroups(self, name, value, attrs=None):
        if not self._remote and self._rows is None:
            return super().optgroups(name, value, attrs)
        field, groups = self.choices.field, []
        chosen = {str(v) for v in value if v not in ("", None)}
        if not self.allow_multiple_selected and field.empty_label is not None:
            groups.append((None, [self.create_option(name, "", field.empty_label, not chosen, 0)], 0))
        records = self._rows
        if self._remote:
            key = field.to_field_name or "pk"
            try:
                records = list(self.choices.queryset.filter(**{f"{key}__in": chosen})) if chosen else []
            except (ValueError, TypeError, ValidationError):
                records = []
        for obj in records:
            option_value, label = self.choices.choice(obj)
            index = len(groups)
            selected = str(option_value) in chosen
            groups.append((None, [self.create_option(name, option_value, label, selected, index)], index))
        return groups

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        typed = str(data.get(f"{name}{NAMES_SUFFIX}") or "").strip()
        if not typed or not self.picker_source:
            return value
        source = source_of(self.picker_source[0])
        names = [n for n in re.split(r"[,，、;；\s]+", typed) if n]
        if source is None or not names:
            return value
        queryset, key = self.choices.queryset, self.choices.field.to_field_name or "pk"
        found: dict[str, list] = {}
        for record_key, text in queryset.filter(**{f"{source.text}__in": names}).values_list(key, source.text):
            found.setdefault(text, []).append(str(record_key))
        resolved = [found[n][0] if len(found.get(n, ())) == 1 else n for n in names]
        if not self.allow_multiple_selected:
            return resolved[0]
        return [*(value or []), *resolved]


class RemoteSelect(RemoteChoices, forms.Select):
    pass


class RemoteSelectMultiple(RemoteChoices, forms.SelectMultiple):
    pass


class KeyChoiceField(forms.ModelChoiceField):
    """A model choice whose cleaned value is the chosen record's key as text ("" for none), as a
    ChoiceField of (key, label) pairs gives: a form that hands keys to its service chooses among a
    queryset (and so can search it remotely) without changing what it hands on."""

    def clean(self, value):
        record = super().clean(value)
        return "" if record is None else str(record.pk)


class KeysChoiceField(forms.ModelMultipleChoiceField):
    """The many of `KeyChoiceField`: the chosen keys as text, in the order they were sent."""

    def clean(self, value):
        super().clean(value)
        return list(dict.fromkeys(str(v) for v in value or ()))


def filter_choices(build, *args, chosen="") -> tuple[list, str]:
    """A list page's filter <select> among a registered source's records (core.pickers.choice_source),
    outside a form: with at most REMOTE_PICKER_MIN records they are its options, as ever; with more,
    only the chosen one, and the address the picker searches as the user types (`data-picker-url`,
    widgets.js) — so a province's thousands of units cost a page one query, not thousands of options.
    Answers (records, address or "")."""
    key = getattr(build, "choice_source_key", None)
    if key is None:
        raise TypeError(f"{build!r} is not a registered choice source (core.pickers.choice_source)")
    queryset = build(*args)
    rows = list(queryset[: REMOTE_PICKER_MIN + 1])
    if len(rows) <= REMOTE_PICKER_MIN:
        return rows, ""
    picked = list(queryset.filter(pk=as_id(chosen))) if as_id(chosen) else []
    return picked, search_url(key, plain_args(args))


def remote_choices(field, build, *args) -> None:
    """The field chooses among `build(*args)`, a builder registered with core.pickers.choice_source;
    long, it searches the server (`RemoteChoices`). Validation is the field's own, against that
    queryset. The form calls the builder with its arguments as given (records, ids, words); the
    search calls it with each record replaced by its id, so a builder takes either."""
    key = getattr(build, "choice_source_key", None)
    if key is None:
        raise TypeError(f"{build!r} is not a registered choice source (core.pickers.choice_source)")
    source = source_of(key)
    if source.label is not str:  # the options and the search's matches read the same
        field.label_from_instance = source.label
    widget = field.widget
    if not isinstance(widget, RemoteChoices):
        remote = (RemoteSelectMultiple if widget.allow_multiple_selected else RemoteSelect)(attrs=widget.attrs)
        remote.is_required = widget.is_required
        field.widget = remote
    field.widget.picker_source = (key, plain_args(args))
    field.queryset = build(*args)


def share_options(*fields) -> None:
    """Fields of one form that choose among the same source's records with the same arguments (an
    assignment's lead, co- and split units) read them once: the first rendered reads them for all."""
    shared: dict = {}
    for field in fields:
        field.widget.shared = shared


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
