"""Traces of what was withheld or refused, so that probing shows in the audit log while the reader learns nothing.

- `withheld()`: a page or the API answers 404 for a record the reader may not see — the same 404 as for one that
  does not exist. When the record does exist, an `access.withheld` entry says who asked for which record.
- `refused()`: a workflow move, an import or a change the reader tried and was refused (a message on the page,
  not a 403): an `access.refused` entry.
- `api_exception_handler`: the API's 404s go through `withheld()` too (DRF's EXCEPTION_HANDLER).
401 and 403 answers are recorded by `core.middleware.DeniedAccessAuditMiddleware`.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler

from . import audit


def _actor(request):
    return getattr(request, "user", None) or AnonymousUser()


def withheld(request, model, pk, message: str = "") -> Http404:
    """Record the withholding when a record of `model` with this key exists; return the 404 to raise."""
    try:
        exists = pk is not None and model._base_manager.filter(pk=pk).exists()
    except (ValueError, TypeError):  # a key that is not even of the right type names no record
        exists = False
    if exists:
        audit.record(actor=_actor(request), action="access.withheld",
                     changes={"type": model._meta.label_lower, "id": str(pk), "method": request.method,
                              "path": request.path[:500]}, request=request)
    return Http404(message)


def refused(request, *, what: str, obj=None, reason: str = "") -> None:
    """Record a refused move or import (the page shows its own message)."""
    audit.record(actor=_actor(request), action="access.refused", obj=obj,
                 changes={"what": what, "reason": reason[:500], "path": request.path[:500]}, request=request)


def api_exception_handler(exc, context):
    """DRF's handler, after recording a detail route's 404 for a record that exists but is not visible."""
    view, request = context.get("view"), context.get("request")
    if isinstance(exc, Http404 | exceptions.NotFound) and view is not None and request is not None:
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
        pk = getattr(view, "kwargs", {}).get(lookup)
        queryset = getattr(view, "queryset", None)
        model = queryset.model if queryset is not None else None
        if model is None and hasattr(view, "get_queryset"):
            try:
                model = view.get_queryset().model
            except Exception:  # a view that cannot build its queryset for this reader records nothing
                model = None
        if model is not None and pk is not None and lookup in {"pk", "id"}:
            withheld(request, model, pk)
    return exception_handler(exc, context)
