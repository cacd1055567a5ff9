"""The search page: one box over everything the reader may see, facets with counts, highlighted snippets."""

from django.utils.http import urlencode

from core.htmx import render_page

from . import engine

PAGE_SIZE = 20


def read_filters(params) -> dict[str, list[str]]:
    return {name: [v for v in params.getlist(name) if v][:20] for name in engine.FACETS if params.getlist(name)}


def search_page(request):
    query = request.GET.get("q", "")
    mode = request.GET.get("mode", "hybrid")
    filters = read_filters(request.GET)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    asked = bool(query.strip()) or "q" in request.GET
    results = engine.search(request.user, query, filters=filters, mode=mode, offset=(page - 1) * PAGE_SIZE,
                            limit=PAGE_SIZE) if asked else None
    if results and results.total and not results.hits:  # a page past the end: show the last one
        page = (results.total - 1) // PAGE_SIZE + 1
        results = engine.search(request.user, query, filters=filters, mode=mode, offset=(page - 1) * PAGE_SIZE,
                                limit=PAGE_SIZE)
    base = [("q", query)] + ([("mode", mode)] if mode != "hybrid" else []) + [
        (name, value) for name, values in filters.items() for value in values]
    facets = []
    if results:
        for name in engine.FACETS:
            values = results.facets.get(name) or []
            if values:
                facets.append({"name": name, "label": engine.FACET_NAMES[name], "values": values})
    context = {
        "query": query, "mode": mode, "modes": engine.MODES, "results": results, "facets": facets,
        "page": page, "has_next": bool(results and results.total > page * PAGE_SIZE), "has_previous": page > 1,
        "next_query": urlencode(base + [("page", page + 1)]), "previous_query": urlencode(base + [("page", page - 1)]),
        "first": (page - 1) * PAGE_SIZE + 1, "last": min(page * PAGE_SIZE, results.total if results else 0),
    }
    return render_page(request, "search/page.html", "search/_results.html", context)
