from django import template

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
