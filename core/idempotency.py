"""Every create form is safe to send twice (Back, then Save; a double click; a resent request).

A create form carries a hidden `form_token` (`{% load idempotency %}{% form_token %}` inside the `<form>`): a new
random token each time the form is shown, and the same one again when the form comes back with errors. The view
creates through `create_once(request, create)`: the first time a user sends a token, `create()` runs and the
record it returns is remembered against the token (`SubmittedForm`); the same token sent again by the same user
returns that record instead, and the view redirects to it as it would after creating it. A form sent without a
token (an old page, a script) creates as before. Tokens are kept a few days (`core.retention`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.apps import apps
from django.db import IntegrityError, transaction

FIELD = "form_token"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


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


def created_before(user, token: str | None):
    """The record this user created with this token, or None (also when that record is gone since)."""
    from .models import SubmittedForm

    if not token or not getattr(user, "is_authenticated", False):
        return None
    row = SubmittedForm.objects.filter(created_by=user, token=token).first()
    if row is None:
        return None
    try:
        model = apps.get_model(row.object_type)
    except LookupError:
        return None
    return model._default_manager.filter(pk=row.object_id).first()


def already_created(request):
    """The record created by an earlier sending of the form this request sends again, or None: a view asks this
    first, and redirects to it, before checking a form whose record already exists."""
    return created_before(request.user, submitted_token(request))


def create_once(request, create: Callable[[], object]) -> tuple[object, bool]:
    """(record, created): run `create()` and remember its record against the request's token, or return the
    record created with that token before. `create()` runs in the same transaction as the remembering, so two
    copies of one form sent at once create one record: the second waits, fails on the token, and gets the first's."""
    from .models import SubmittedForm

    user, token = request.user, submitted_token(request)
    if token is None or not user.is_authenticated:
        return create(), True
    found = created_before(user, token)
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            record = create()
            SubmittedForm.objects.filter(created_by=user, token=token).delete()  # its record was deleted since
            SubmittedForm.objects.create(created_by=user, token=token, object_type=record._meta.label_lower,
                                         object_id=str(record.pk))
    except IntegrityError:
        found = created_before(user, token)
        if found is None:
            raise
        return found, False
    return record, True
