from django import template
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from lvzhi.core import forms
from lvzhi.core.audit_words import action_words, object_words
from lvzhi.core.confirms import action_confirms as confirm_routes

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for paging and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.inclusion_tag("core/_action_confirms.html")
def action_confirms():
    """The questions irreversible steps ask, for `confirm.js` (see `lvzhi.core.confirms`)."""
    return {"routes": confirm_routes()}


@register.filter
def audit_action(code: str) -> str:
    """An audit action in words ("transition.accept" → 状态流转：采用编辑)."""
    return action_words(code)


@register.filter
def audit_object(code: str) -> str:
    """An audited object's kind in words ("accounts.user" → 用户)."""
    return object_words(code)


SCOPE_KINDS = {"self": gettext_lazy("本级"), "tree": gettext_lazy("含下级"), "lower": gettext_lazy("下级")}
PERIOD_KINDS = {
    "term": gettext_lazy("本届以来"),
    "current": gettext_lazy("截至统计日"),
    "cumulative": gettext_lazy("累计"),
    "year": gettext_lazy("按年度"),
    "since": gettext_lazy("某日以来"),
    "range": gettext_lazy("起止日期"),
}


@register.filter
def scope_kinds(codes) -> str:
    """The scopes a figure can be counted in, in words (本级 / 含下级), never self / tree."""
    return " / ".join(str(SCOPE_KINDS.get(c, c)) for c in codes)


@register.filter
def period_kinds(codes) -> str:
    """The periods a figure can be counted for, in words (本届以来 / 按年度 …)."""
    return " / ".join(str(PERIOD_KINDS.get(c, c)) for c in codes)


@register.filter
def pinyin_keys(label) -> str:
    """A picker option's pinyin and initials ("zhangsan zs"), see core.forms.pinyin_keys."""
    return forms.pinyin_keys(str(label))


# The class a form control is drawn with when its form gives it none (django/forms/widgets/attrs.html):
# every form of every module looks the same without styling its fields itself.
_INPUT_CLASS = {"checkbox": "form-check-input", "radio": "form-check-input", "hidden": ""}


@register.filter
def control_class(widget) -> str:
    """Bootstrap's class for a widget without a class of its own: form-select for a list,
    form-check-input for a box, form-control for any other field; none for an option, a hidden field
    or a widget whose form chose a class (even an empty one)."""
    name = widget.get("template_name", "")
    if "class" in widget.get("attrs", {}) or widget.get("is_hidden") or name.endswith("_option.html"):
        return ""
    if name.endswith("select.html"):
        return "form-select"
    if name.endswith("textarea.html"):
        return "form-control"
    return _INPUT_CLASS.get(widget.get("type"), "form-control")


@register.filter
def field_errors(fields) -> bool:
    """Whether any of these bound fields has an error (a hidden field's is shown above the form)."""
    return any(field.errors for field in fields)


@register.filter
def is_picker(widget) -> bool:
    """Whether a <select> widget becomes the searchable picker (core.forms.is_picker)."""
    return forms.is_picker(widget)


OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


@register.simple_tag
def select_options(widget):
    """A <select>'s options as django/forms/widgets/select.html and select_option.html write them,
    written here: a province's form offers a thousand choices (every committee's sectors, parties,
    studios), and an option through two template includes took a tenth of a millisecond. An option
    of another template is rendered by it."""
    parts = []
    for group_name, group_choices, _group_index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(str(localize(group_name)))}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                parts.append("\n  " + render_to_string(option["template_name"], {"widget": option}))
                continue
            attrs = "".join(_attr(name, value) for name, value in option["attrs"].items() if value is not False)
            keys = forms.pinyin_keys(str(option["label"]))
            pinyin = f' data-pinyin="{conditional_escape(keys)}"' if keys else ""
            value = conditional_escape(str(option["value"]))
            label = conditional_escape(str(localize(option["label"])))
            parts.append(f'\n  <option value="{value}"{attrs}{pinyin}>{label}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 (each part escaped above)


def _attr(name, value) -> str:
    """One attribute as django/forms/widgets/attrs.html writes it (True: the name alone)."""
    if value is True:
        return f" {conditional_escape(name)}"
    return f' {conditional_escape(name)}="{conditional_escape(str(value))}"'


@register.simple_tag
def filter_options(options, chosen, spaced=False, as_text=False):
    """A list's filter options as partials/list_filters.html wrote them with a loop — `<option
    value="…"[ selected] data-pinyin="…">label</option>` — written here: a province's office sees a
    thousand units and categories in its filter bar. `spaced`: as the member and item lists wrote them,
    `value="…" [selected] data-pinyin=…`; `as_text`: the chosen value compared with each value as text
    (`v|stringformat:'s'`)."""
    parts = []
    for value, label in options:
        chosen_here = chosen == (str(value) if as_text else value)
        if spaced:
            selected = " selected " if chosen_here else "  "
        else:
            selected = " selected " if chosen_here else " "
        keys = conditional_escape(forms.pinyin_keys(str(label)))
        parts.append(f'<option value="{_text(value)}"{selected}data-pinyin="{keys}">{_text(label)}</option>')
    return mark_safe("".join(parts))  # noqa: S308 (each part escaped)


def _text(value) -> str:
    """A value as `{{ value }}` writes it: localized, then escaped."""
    return conditional_escape(str(localize(value)))
