"""What administrators set for the follow-up (`FollowUpSettings`, one row), written from the admin: after how many
days without an update a recommendation is stale, how many days before its due date owners are reminded, and by how
many points progress may trail the time elapsed before a recommendation is behind."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit

from .. import permissions
from ..models import FollowUpSettings

SETTINGS_FIELDS = ["stale_after_days", "remind_before_days", "behind_margin"]


def _state(row: FollowUpSettings | None) -> dict:
    return {} if row is None else {name: getattr(row, name) for name in SETTINGS_FIELDS}


def save_settings(*, actor, settings: FollowUpSettings, **fields) -> FollowUpSettings:
    """Save the follow-up settings (administrators, or the system): `settings` with `fields` applied. There is one
    row: saving a new one changes the row already there."""
    if not permissions.can(actor, "manage_settings"):
        raise PermissionDenied(_("Only administrators change the follow-up settings."))
    for name, value in fields.items():
        if name not in SETTINGS_FIELDS:
            raise ValueError(f"{name} is not a follow-up setting")
        setattr(settings, name, value)
    with transaction.atomic():
        stored = FollowUpSettings.objects.select_for_update().order_by("pk").first()
        if stored is not None:
            settings.pk = stored.pk
            settings._state.adding = False
        settings.full_clean(validate_unique=False, validate_constraints=False)
        settings.save()
        audit.record(actor=actor, action="events.settings.update", obj=settings,
                     changes=audit.diff(_state(stored), _state(settings)))
    return settings
