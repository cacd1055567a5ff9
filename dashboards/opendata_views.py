"""The open-data page (`/open-data/`: what the latest package holds, its date, licence and size, each table with
its fields in the reader's language) and the dated package file itself. Both are for everyone: the package holds
only what an anonymous reader may see (`dashboards.opendata`)."""

import re

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.translation import gettext as _

from core.privacy import min_cell_size

from . import opendata

CODE = re.compile(r"`([^`]+)`")


def described(text: str) -> str:
    """A description for the page: the names in backticks (fields, tables) as code, left to right inside the
    Arabic sentence too."""
    pieces = [format_html('<bdi dir="ltr"><code>{}</code></bdi>', piece) if n % 2 else conditional_escape(piece)
              for n, piece in enumerate(CODE.split(text))]
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def page(request):
    stored = opendata.latest()
    tables = [{"table": t, "description": described(t.description()),
               "fields": [(f, described(f.description())) for f in t.fields],
               "rows": stored.rows.get(t.name) if stored else None} for t in opendata.TABLES]
    # The licence the package was published under (the setting may have changed since).
    license = (stored.license if stored and stored.license else None) or opendata.license_descriptor()
    context = {"stored": stored, "tables": tables, "license": license,
               "min_cell": min_cell_size()}
    return render(request, "dashboards/opendata/page.html", context)


def package(request, name: str):
    """The package of one day (`wiqaya-open-data-YYYY-MM-DD.zip`); a name that is not one, or a day without a
    package, is the ordinary 404 page."""
    day = opendata.parse_name(name)
    path = opendata.package_path(day) if day else None
    if path is None or not path.is_file():
        raise Http404(_("There is no open-data package of that date."))
    response = FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type="application/zip")
    response["X-Content-Type-Options"] = "nosniff"
    return response
