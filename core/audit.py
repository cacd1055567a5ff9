"""The audit log: every service function calls `record()` inside its transaction.

Every entry carries the client's address (`core.net.client_address`): the request's when one is given, else
the address of the request being served (`RequestAddressMiddleware` binds it), so a write deep in a service
is traced to where it came from. Work outside any request (the worker, commands) has no address.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.db.models import Count, Max, Min
from django.utils import timezone

from .actors import is_system
from .models import AuditEntry
from .net import client_address

_current_address: ContextVar[str | None] = ContextVar("audit_address", default=None)


def bind_address(address: str | None):
    """Make `address` the one recorded by entries written until `unbind(token)` (one request's lifetime)."""
    return _current_address.set(address)


def unbind(token) -> None:
    _current_address.reset(token)


def _label(obj: Any) -> tuple[str, str, str]:
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk), str(obj)[:300]
    return "", "", str(obj)[:300] if obj is not None else ""


def record(*, actor, action: str, obj: Any = None, changes: dict | None = None, request=None) -> AuditEntry:
    """Write one audit entry. `actor` is a user (anonymous for a refused visitor) or `core.actors.system(...)`."""
    object_type, object_id, object_repr = _label(obj)
    remote_addr = client_address(request) if request is not None else _current_address.get()
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


# What an attempt to reach what one may not leaves behind (core.access, core.middleware, accounts.login).
PROBE_ACTIONS = ("access.denied", "access.withheld", "access.refused", "login.failed", "login.locked")


def probe_summary(*, days: int = 30, now=None) -> list[dict]:
    """One row per user (or, for anonymous visitors, per address) with probe entries in the last `days`: how
    many of each kind, how many distinct records were withheld, the addresses used, first and last time — the
    most active first. What an administrator reads to see an enumeration of ids."""
    since = (now or timezone.now()) - dt.timedelta(days=days)
    entries = AuditEntry.objects.filter(action__in=PROBE_ACTIONS, at__gte=since)
    rows: dict[tuple, dict] = {}
    grouped = entries.values("actor_id", "actor__username", "remote_addr", "action").annotate(
        n=Count("id"), first=Min("at"), last=Max("at"))
    for item in grouped:
        key = ("user", item["actor_id"]) if item["actor_id"] else ("address", item["remote_addr"] or "")
        row = rows.setdefault(key, {
            "user": item["actor__username"] or "", "user_id": item["actor_id"], "addresses": set(),
            "counts": dict.fromkeys(PROBE_ACTIONS, 0), "total": 0, "first": item["first"], "last": item["last"],
            "records": set()})
        if item["remote_addr"]:
            row["addresses"].add(item["remote_addr"])
        row["counts"][item["action"]] += item["n"]
        row["total"] += item["n"]
        row["first"], row["last"] = min(row["first"], item["first"]), max(row["last"], item["last"])
    for entry in entries.filter(action="access.withheld").values("actor_id", "remote_addr", "changes"):
        key = ("user", entry["actor_id"]) if entry["actor_id"] else ("address", entry["remote_addr"] or "")
        changes = entry["changes"] or {}
        rows[key]["records"].add(f"{changes.get('type', '')}:{changes.get('id', '')}")
    result = []
    for row in rows.values():
        row["addresses"] = sorted(row["addresses"])
        row["records"] = len(row["records"])
        row["kinds"] = [(action, row["counts"][action]) for action in PROBE_ACTIONS]
        result.append(row)
    return sorted(result, key=lambda r: (-r["total"], -r["records"]))
