"""Every create form is safe to send twice (Back, then Save; a double click; a resent request).

A create form carries a hidden `form_token` (`{% load idempotency %}{% form_token %}` inside the `<form>`): a new
random token each time the form is shown, and the same one again when the form comes back with errors. The view
creates through `create_once(request, create)`: the first time a user sends a token, `create()` runs and the
record it returns is remembered (`SubmittedForm`) against the token and against the form's content (its address
and fields, without the tokens). The view asks `already_created(request)` first and redirects to the record it
returns, as it would after creating it, when the user sends

- the same token again (the page kept by the browser, a double click, a resent request), or
- the same content to the same form within `REPEAT_WINDOW` (Back fetched the form afresh, with a new token, and
  Save sent what was typed before): identical records seconds apart are a mistake, not a wish.

A form sent without a token (an old page, a script) creates as before. What is remembered is kept a week
(`core.retention`, `submitted_forms`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Callable

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

FIELD = "form_token"
REPEAT_WINDOW = dt.timedelta(minutes=10)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_NOT_CONTENT = {FIELD, "csrfmiddlewaretoken"}


def new_token() -> str:
    return uuid.uuid4().hex


def submitted_token(request) -> str | None:
    """The form's token, when the request carries a well-formed one."""
    token = (request.POST.get(FIELD) or "").strip().lower() if request.method == "POST" else ""
    return token if _TOKEN.match(token) else None


def token_for(request) -> str:
    """The token a form shows: the one it was sent with (a form shown again with its errors keeps it), or a new
    one."""
    return submitted_token(request) or new_token()


def content_key(request) -> str:
    """What the form sent, without its tokens: its address, its fields and the names and sizes of its files."""
    fields = sorted((name, value) for name, values in request.POST.lists() if name not in _NOT_CONTENT
                    for value in values)
    files = sorted((name, f.name, f.size) for name, items in request.FILES.lists() for f in items)
    return hashlib.sha256(json.dumps([request.path, fields, files], ensure_ascii=False).encode()).hexdigest()


def _record(row):
    try:
        model = apps.get_model(row.object_type)
    except LookupError:
        return None
    return model._default_manager.filter(pk=row.object_id).first()


def already_created(request):
    """The record an earlier sending of this form created (same token; or same content within `REPEAT_WINDOW`),
    or None — also when that record is gone since. Only for forms that carry a token."""
    from .models import SubmittedForm

    user, token = request.user, submitted_token(request)
    if token is None or not getattr(user, "is_authenticated", False):
        return None
    rows = SubmittedForm.objects.filter(created_by=user)
    row = rows.filter(token=token).first() or rows.filter(
        token=content_key(request), at__gte=timezone.now() - REPEAT_WINDOW).first()
    return _record(row) if row is not None else None


def create_once(request, create: Callable[[], object]) -> tuple[object, bool]:
    """(record, created): run `create()` and remember its record against the request's token and content, or
    return the record an earlier sending created. `create()` runs in the same transaction as the remembering, so
    two copies of one form sent at once create one record: the second fails on the token and gets the first's."""
    from .models import SubmittedForm

    user, token = request.user, submitted_token(request)
    if token is None or not user.is_authenticated:
        return create(), True
    found = already_created(request)
    if found is not None:
        return found, False
    keys = [token, content_key(request)]
    try:
        with transaction.atomic():
            record = create()
            # A key may be left from a record deleted since, or from the same content sent long ago.
            SubmittedForm.objects.filter(created_by=user, token__in=keys).delete()
            SubmittedForm.objects.bulk_create([
                SubmittedForm(created_by=user, token=key, object_type=record._meta.label_lower,
                              object_id=str(record.pk)) for key in keys])
    except IntegrityError:
        found = already_created(request)
        if found is None:
            raise
        return found, False
    return record, True
