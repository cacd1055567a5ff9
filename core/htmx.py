"""HTMX the NetBox way: one URL, one view, two renderings (the full page, or only the partial)."""

from django.shortcuts import render


def render_page(request, template: str, partial: str, context: dict):
    """Render `partial` alone for an HTMX request that targets it, else the full `template`."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, partial, context)
    return render(request, template, context)
