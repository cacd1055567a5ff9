"""`{% load links %}{% related_links obj %}`: the related records other apps register for a record (`core.links`)."""

from django import template

from core import links

register = template.Library()


@register.inclusion_tag("components/_related.html", takes_context=True)
def related_links(context, obj):
    """The groups `attach_related` left on `obj`, or, for a record shown alone, asked for now."""
    groups = getattr(obj, links.ATTRIBUTE, None)
    if groups is None:
        request = context.get("request")
        user = getattr(request, "user", None) or context.get("user")
        groups = links.related_groups(user, obj) if user is not None else []
    return {"groups": groups, "obj": obj}
