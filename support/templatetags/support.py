"""Template helpers of the support desk's pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or an empty list when the mapping has no such key (a request without clock states)."""
    if not mapping:
        return []
    return mapping.get(key, [])
