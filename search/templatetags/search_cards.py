"""What a search card says besides its title and extract: `{% facet_label hit "organisation_type" %}`, the
reader's-language name of one of the hit's facet values (an organisation's type), through its type's labels."""

from django import template

from search import registry

register = template.Library()


@register.simple_tag
def facet_label(hit, name: str) -> str:
    values = (hit.facets or {}).get(name) or []
    indexed = registry.get(hit.kind)
    resolver = indexed.facet_labels.get(name) if indexed else None
    if not values or resolver is None:
        return ""
    return str(resolver(values[:1]).get(values[0], ""))
