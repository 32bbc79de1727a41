"""Tags of core.listing's list pages: `{% list_head listing %}` renders the header row."""

from django import template

register = template.Library()


@register.inclusion_tag("partials/list_head.html")
def list_head(listing):
    return {"headers": listing.headers()}


@register.filter
def list_query_page(listing, number):
    """The list's query string on page `number`."""
    return listing.query(page=number)


@register.filter
def list_keep(listing, names):
    """(name, value) of the list's parameters but `names` (comma-separated), for hidden fields."""
    return listing.keep(exclude=tuple(n for n in str(names).split(",") if n))
