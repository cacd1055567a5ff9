"""The audit log: every service function calls `record()` inside its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import pgettext_lazy

from .actors import is_system
from .models import AuditEntry

# What each recorded action is called on history pages; an action missing here shows its code.
ACTION_LABELS = {
    "practice.create": pgettext_lazy("audit action", "created"),
    "practice.update": pgettext_lazy("audit action", "edited"),
    "practice.import": pgettext_lazy("audit action", "imported"),
    "practice.submit": pgettext_lazy("audit action", "submitted for review"),
    "practice.publish": pgettext_lazy("audit action", "published"),
    "practice.return": pgettext_lazy("audit action", "returned to draft"),
    "practice.unpublish": pgettext_lazy("audit action", "unpublished"),
    "document.upload": pgettext_lazy("audit action", "uploaded"),
    "document.import": pgettext_lazy("audit action", "imported"),
    "document.import_failed": pgettext_lazy("audit action", "import failed"),
    "practice.suggest_goals": pgettext_lazy("audit action", "goals suggested"),
    "practice.accept_goal": pgettext_lazy("audit action", "suggested goal accepted"),
    "practice.reject_goal": pgettext_lazy("audit action", "suggested goal rejected"),
    "framework.create": pgettext_lazy("audit action", "created"),
    "framework.update": pgettext_lazy("audit action", "edited"),
    "framework.import": pgettext_lazy("audit action", "imported"),
    "framework.load": pgettext_lazy("audit action", "loaded from the shipped definitions"),
    "goal.create": pgettext_lazy("audit action", "goal added"),
    "goal.update": pgettext_lazy("audit action", "goal edited"),
    "goal.delete": pgettext_lazy("audit action", "goal deleted"),
    "paragraph.create": pgettext_lazy("audit action", "paragraph added"),
    "paragraph.update": pgettext_lazy("audit action", "paragraph edited"),
    "paragraph.delete": pgettext_lazy("audit action", "paragraph deleted"),
    "crosswalk.suggest": pgettext_lazy("audit action", "crosswalk links suggested"),
    "crosswalk.confirm": pgettext_lazy("audit action", "crosswalk link confirmed"),
    "crosswalk.reject": pgettext_lazy("audit action", "crosswalk link rejected"),
    "crosswalk.link": pgettext_lazy("audit action", "goals linked"),
    "plan.create": pgettext_lazy("audit action", "created"),
    "plan.update": pgettext_lazy("audit action", "edited"),
    "plan.import": pgettext_lazy("audit action", "imported from a spreadsheet"),
    "plan.publicity": pgettext_lazy("audit action", "public summary changed"),
    "plan.submit": pgettext_lazy("audit action", "submitted for approval"),
    "plan.request_changes": pgettext_lazy("audit action", "changes requested"),
    "plan.approve": pgettext_lazy("audit action", "approved"),
    "plan.start": pgettext_lazy("audit action", "implementation started"),
    "plan.complete": pgettext_lazy("audit action", "completed"),
    "plan.delete": pgettext_lazy("audit action", "deleted"),
    "action.create": pgettext_lazy("audit action", "action added"),
    "action.update": pgettext_lazy("audit action", "action edited"),
    "action.delete": pgettext_lazy("audit action", "action deleted"),
    "action.status": pgettext_lazy("audit action", "action status changed"),
    "action.suggest_goals": pgettext_lazy("audit action", "goals suggested"),
    "action.accept_goal": pgettext_lazy("audit action", "suggested goal accepted"),
    "action.reject_goal": pgettext_lazy("audit action", "suggested goal rejected"),
    "indicator.create": pgettext_lazy("audit action", "indicator added"),
    "indicator.update": pgettext_lazy("audit action", "indicator edited"),
    "indicator.delete": pgettext_lazy("audit action", "indicator deleted"),
    "progress.create": pgettext_lazy("audit action", "progress reported"),
    "progress.update": pgettext_lazy("audit action", "progress update edited"),
    "progress.delete": pgettext_lazy("audit action", "progress update deleted"),
    "network_membership.add": pgettext_lazy("audit action", "network membership added"),
    "network_membership.status": pgettext_lazy("audit action", "network membership status changed"),
    "retention.purge": pgettext_lazy("audit action", "records past their retention period purged"),
    "access.denied": pgettext_lazy("audit action", "access denied"),
    "login.failed": pgettext_lazy("audit action", "failed login"),
    "login.locked": pgettext_lazy("audit action", "login locked after repeated failures"),
    "token.create": pgettext_lazy("audit action", "API token created"),
    "token.revoke": pgettext_lazy("audit action", "API token revoked"),
    "user.disable": pgettext_lazy("audit action", "account disabled"),
    "totp.enable": pgettext_lazy("audit action", "two-factor login turned on"),
    "totp.disable": pgettext_lazy("audit action", "two-factor login turned off"),
    "totp.confirm_failed": pgettext_lazy("audit action", "wrong two-factor code"),
    "totp.disable_failed": pgettext_lazy("audit action", "wrong two-factor code"),
}


def _label(obj: Any) -> tuple[str, str, str]:
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk), str(obj)[:300]
    return "", "", str(obj)[:300] if obj is not None else ""


def record(*, actor, action: str, obj: Any = None, changes: dict | None = None, request=None) -> AuditEntry:
    """Write one audit entry. `actor` is a user (anonymous for a refused visitor) or `core.actors.system(...)`."""
    object_type, object_id, object_repr = _label(obj)
    remote_addr = request.META.get("REMOTE_ADDR") if request is not None else None
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        system_reason=actor.reason if is_system(actor) else "",
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
