"""HTMX the NetBox way: one URL, one view, two renderings (the full page, or only the partial)."""

from django.core.paginator import Paginator
from django.shortcuts import render


def render_page(request, template: str, partial: str, context: dict):
    """Render `partial` alone for an HTMX request that targets it, else the full `template`."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, partial, context)
    return render(request, template, context)


def paginate(request, queryset, per_page: int) -> dict:
    """The list context every filtered page shares: the page of `queryset` that `?page=` asks for, the other
    query parameters for the page links (templates/components/_pagination.html), the total, and whether any
    filter is set (for the empty state's wording)."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode(), "total": page.paginator.count,
            "is_filtered": any(v for k, v in request.GET.items() if k != "page")}
