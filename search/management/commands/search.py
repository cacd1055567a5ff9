"""`wiqaya search QUERY [--json] [--limit N]`: search as an anonymous reader (published records only)."""

import html
import json
import re

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand

from core.words import count
from search import engine


def plain(fragment: str, *, marks: bool) -> str:
    """A snippet's HTML as terminal text: matched words between » and «, or unmarked."""
    text = fragment.replace("<mark>", "»" if marks else "").replace("</mark>", "«" if marks else "")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


class Command(BaseCommand):
    help = "Search the library as an anonymous reader (published records), in Arabic or English."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="+", help="Words to search for.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--limit", type=int, default=10, help="How many results (default 10, at most 100).")
        parser.add_argument("--mode", choices=engine.MODES, default="hybrid")

    def handle(self, *args, query, limit, mode, **options):
        text = " ".join(query)
        limit = max(1, min(limit, 100))
        results = engine.search(AnonymousUser(), text, mode=mode, limit=limit)
        if options["json"]:
            self.stdout.write(json.dumps({
                "query": results.query, "mode": results.mode, "total": results.total, "messages": results.messages,
                "results": [
                    {"kind": h.kind, "id": h.object_id, "title": h.title, "lang": h.lang, "url": h.url,
                     "score": h.score, "snippet": plain(h.snippet_html, marks=False)}
                    for h in results.hits
                ],
                "facets": {name: [{"value": v.value, "label": str(v.label), "count": v.count} for v in values]
                           for name, values in results.facets.items()},
            }, ensure_ascii=False, indent=2))
            return
        for message in results.messages:
            self.stdout.write(message)
        if results.total:
            self.stdout.write(f"{count(results.total, 'result')} for “{results.query}”:")
        for n, hit in enumerate(results.hits, start=1):
            self.stdout.write(f"{n:>3}. [{hit.kind} {hit.object_id}, {hit.lang}] {hit.title}  ({hit.url}, score {hit.score:.3f})")
            self.stdout.write(f"     {plain(hit.snippet_html, marks=True)}")
