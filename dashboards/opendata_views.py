"""The open-data page (`/open-data/`: what the latest package holds, its date, licence and size, each table with
its fields in the reader's language) and the dated package file itself. Both are for everyone: the package holds
only what an anonymous reader may see (`dashboards.opendata`)."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.privacy import min_cell_size

from . import opendata


def page(request):
    stored = opendata.latest()
    tables = [{"table": t, "rows": stored.rows.get(t.name) if stored else None} for t in opendata.TABLES]
    context = {"stored": stored, "tables": tables, "license": opendata.license_descriptor(),
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
