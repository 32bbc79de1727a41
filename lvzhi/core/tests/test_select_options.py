"""A <select>'s options written by `select_options` are what the option templates wrote, byte for byte:
values, labels and attributes escaped, the chosen ones selected, groups, pinyin for the picker."""

from django import forms
from django.template import Context, Template

THE_TEMPLATES = Template(
    "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
    '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
    "  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n"
    "  </optgroup>{% endif %}{% endfor %}"
)
THE_TAG = Template("{% load core_tags %}{% select_options widget %}")


class Choices(forms.Form):
    sectors = forms.MultipleChoiceField(
        choices=[("1", "经济界"), ("2", '"文艺" & <体育>'), ("3", "Annual"), (4, 2025)], required=False
    )
    unit = forms.ChoiceField(
        choices=[("", "—"), ("单位", [("a", "凉州区农业农村局"), ("b", "民革")]), ("其他", [("c", "<b>x</b>")])]
    )
    radio = forms.ChoiceField(choices=[("x", "甲"), ("y", "乙")], widget=forms.RadioSelect)


def test_the_options_are_written_as_the_templates_wrote_them():
    form = Choices(data={"sectors": ["2", "4"], "unit": "b", "radio": "y"})
    for name in ("sectors", "unit", "radio"):
        widget = form[name].field.widget
        context = widget.get_context(name, form[name].value(), {"id": f"id_{name}"})
        assert THE_TAG.render(Context(context)) == THE_TEMPLATES.render(Context(context)), name
    unit = Choices(data={"unit": "b"})["unit"]
    context = unit.field.widget.get_context("unit", "b", {})
    html = THE_TAG.render(Context(context))
    assert '<optgroup label="单位">' in html
    assert '<option value="b" selected data-pinyin="minge mg">民革</option>' in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html


def test_a_lists_filter_options_are_written_as_the_loop_wrote_them():
    loop = Template(
        '{% load core_tags %}{% for v, l in options %}<option value="{{ v }}"{% if chosen == v %} selected{% endif %}'
        ' data-pinyin="{{ l|pinyin_keys }}">{{ l }}</option>{% endfor %}'
    )
    tag = Template("{% load core_tags %}{% filter_options options chosen %}")
    options = [("1", "经济界"), ("a&b", '"文艺" <体育>'), (3, "Annual"), ("2025", 2025)]
    for chosen in ("", "a&b", 3, "2025", None):
        context = {"options": options, "chosen": chosen}
        assert tag.render(Context(context)) == loop.render(Context(context)), chosen


def test_the_member_lists_filter_options_are_written_as_its_loops_wrote_them():
    """`spaced`: `value="…" [selected] data-pinyin=…`; `as_text`: compared as `v|stringformat:'s'`."""
    loops = {
        False: Template(
            '{% load core_tags %}{% for v, l in options %}<option value="{{ v }}" {% if chosen == v %}selected'
            '{% endif %} data-pinyin="{{ l|pinyin_keys }}">{{ l }}</option>{% endfor %}'
        ),
        True: Template(
            '{% load core_tags %}{% for v, l in options %}<option value="{{ v }}" {% if chosen == v|stringformat:'
            "'s' %}selected{% endif %} data-pinyin=\"{{ l|pinyin_keys }}\">{{ l }}</option>{% endfor %}"
        ),
    }
    options = [(1, "经济界"), (12, '"文艺" <体育>'), ("chair", "主席")]
    for as_text, loop in loops.items():
        tag = Template(f"{{% load core_tags %}}{{% filter_options options chosen spaced=True as_text={as_text} %}}")
        for chosen in ("", "12", 12, "chair", None):
            context = {"options": options, "chosen": chosen}
            assert tag.render(Context(context)) == loop.render(Context(context)), (as_text, chosen)
