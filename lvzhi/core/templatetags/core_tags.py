from django import template
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


@register.filter
def is_picker(widget) -> bool:
    """Whether a <select> widget becomes the searchable picker (core.forms.is_picker)."""
    return forms.is_picker(widget)
