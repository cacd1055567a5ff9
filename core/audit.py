"""The audit log: every service function calls `record()` inside its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

# What each recorded action is called on history pages; an action missing here shows its code.
ACTION_LABELS = {
    "practice.create": _("created"),
    "practice.update": _("edited"),
    "practice.import": _("imported"),
    "practice.submit": _("submitted for review"),
    "practice.publish": _("published"),
    "practice.return": _("returned to draft"),
    "practice.unpublish": _("unpublished"),
    "document.upload": _("uploaded"),
    "document.import": _("imported"),
    "document.import_failed": _("import failed"),
    "practice.suggest_goals": _("goals suggested"),
    "practice.accept_goal": _("suggested goal accepted"),
    "practice.reject_goal": _("suggested goal rejected"),
    "framework.create": _("created"),
    "framework.update": _("edited"),
    "framework.import": _("imported"),
    "framework.load": _("loaded from the shipped definitions"),
    "goal.create": _("goal added"),
    "goal.update": _("goal edited"),
    "goal.delete": _("goal deleted"),
    "paragraph.create": _("paragraph added"),
    "paragraph.update": _("paragraph edited"),
    "paragraph.delete": _("paragraph deleted"),
    "crosswalk.suggest": _("crosswalk links suggested"),
    "crosswalk.confirm": _("crosswalk link confirmed"),
    "crosswalk.reject": _("crosswalk link rejected"),
    "crosswalk.link": _("goals linked"),
}


def _label(obj: Any) -> tuple[str, str, str]:
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk), str(obj)[:300]
    return "", "", str(obj)[:300] if obj is not None else ""


def record(*, actor, action: str, obj: Any = None, changes: dict | None = None, request=None) -> AuditEntry:
    """Write one audit entry. `actor` may be None for system work (demo data, migrations)."""
    object_type, object_id, object_repr = _label(obj)
    remote_addr = request.META.get("REMOTE_ADDR") if request is not None else None
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes or {},
        remote_addr=remote_addr,
    )


def history(obj: models.Model):
    """The audit entries of one record, newest first."""
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related("actor")


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed, in a JSON-safe form."""
    changed = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changed[key] = [_jsonable(old), _jsonable(new)]
    return changed


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return str(value)
