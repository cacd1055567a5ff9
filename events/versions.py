"""The version guard of events, minutes and recommendations: two people editing the same record at once.

The caller passes the `version` it read; the write locks the row, compares, and refuses with `StaleRecord` —
whose message says who changed the record meanwhile and when, from the audit log — or goes on and writes the
next version (`bump`). `version=None` skips the comparison (imports, system work) but still counts the write.

These helpers are not entry points (they check no permission): the services of `events/services/` call them
inside their own transaction, after their own permission check. `events.services.common` re-exports them.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import audit


class StaleRecord(Exception):
    """Someone else changed the record since the caller read it: nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
        self.messages = [message]


def _who(entry) -> str:
    if entry is None:
        return _("Someone")
    if entry.actor is not None:
        return entry.actor.get_full_name() or entry.actor.get_username()
    return _("the system")


def stale(obj) -> StaleRecord:
    """The refusal for `obj`, naming the latest change recorded for it."""
    entry = audit.history(obj).order_by("-at", "-pk").first()
    if entry is None and getattr(obj, "event_id", None):  # minutes: their writes are audited on the event
        entry = audit.history(obj.event).order_by("-at", "-pk").first()
    if entry is None:
        return StaleRecord(_("Someone changed this record in the meantime: reload it to see the change, then try "
                             "again."))
    when = formats.date_format(timezone.localtime(entry.at), "DATETIME_FORMAT")
    return StaleRecord(_("%(who)s changed this record in the meantime (%(when)s): reload it to see the change, "
                         "then try again.") % {"who": _who(entry), "when": when})


def check_version(obj, version) -> None:
    """Refuse with StaleRecord when the stored version of `obj` is no longer `version` (None skips the check).
    Call it inside the write's transaction: it locks the row until the write is done."""
    if version is None or obj.pk is None:
        return
    current = (type(obj).objects.select_for_update().filter(pk=obj.pk)
               .values_list("version", flat=True).first())
    if current is not None and current != int(version):
        raise stale(obj)


def bump(obj) -> None:
    """Set `obj.version` to the stored version + 1 (inside the transaction, before `obj.save()`)."""
    if obj.pk is None:
        return
    current = (type(obj).objects.select_for_update().filter(pk=obj.pk)
               .values_list("version", flat=True).first())
    obj.version = (current or obj.version or 0) + 1
