"""Template helpers of the support desk's pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or an empty list when the mapping has no such key (a request without clock states)."""
    if not mapping:
        return []
    return mapping.get(key, [])


@register.filter
def organisation_kind(code):
    """The type of organisation a delivery count is for, in the reader's words (the count stores its code)."""
    from accounts.choices import OrganisationKind

    return dict(OrganisationKind.choices).get(code, code)
