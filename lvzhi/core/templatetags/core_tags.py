from django import template

from lvzhi.core import forms

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for paging and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def pinyin_keys(label) -> str:
    """A picker option's pinyin and initials ("zhangsan zs"), see core.forms.pinyin_keys."""
    return forms.pinyin_keys(str(label))


@register.filter
def is_picker(widget) -> bool:
    """Whether a <select> widget becomes the searchable picker (core.forms.is_picker)."""
    return forms.is_picker(widget)
