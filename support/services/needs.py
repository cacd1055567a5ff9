"""Every write to the needs register: a need, its status (with a reason), its evidence files and the plan
actions that address it.

Each function takes `actor=` (a user, or `core.actors.system(...)`), checks permission (`support.permissions`),
checks free text for contact details (`support.checks`, before the transaction, so that a refusal stays in the
audit log), runs in one transaction and leaves an audit entry.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind
from core import audit
from core.uploads import kind_problem
from frameworks.models import Goal
from plans.models import Action
from plans.permissions import actions_visible_to
from search import index as search_index

from .. import permissions
from ..checks import check_free_text, too_long
from ..choices import NEED_MOVES, AffectedGroup, NeedSource, NeedStatus, Theme
from ..models import Need, NeedEvidence, NeedStep
from ..queries import governorate_of

NEED_FIELDS = ["title", "description", "lang", "place", "theme", "source", "severity", "groups", "priority_rank",
               "hub"]
NEED_TEXT = ["title", "description"]
EVIDENCE_KINDS = {".pdf", ".docx", ".xlsx", ".csv", ".txt", ".jpg", ".jpeg", ".png"}
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _snapshot(need: Need) -> dict:
    return {name: getattr(need, name) for name in NEED_FIELDS}


def _validate(need: Need) -> None:
    errors = {}
    if not (need.title or "").strip():
        errors["title"] = _("Give the need a title.")
    errors.update(too_long(need, NEED_FIELDS))
    if need.theme not in Theme.values:
        errors["theme"] = _("Choose a theme from the list.")
    if need.source not in NeedSource.values:
        errors["source"] = _("Choose where the need was heard from the list.")
    if not isinstance(need.severity, int) or isinstance(need.severity, bool) or not 1 <= need.severity <= 5:
        errors["severity"] = _("Severity is a whole number from 1 (minor) to 5 (critical).")
    groups = need.groups if isinstance(need.groups, list | tuple) else None
    if groups is None or any(group not in AffectedGroup.values for group in groups):
        errors["groups"] = _("Groups affected are categories from the list (youth, women, returnees…), never "
                             "people.")
    else:
        need.groups = list(dict.fromkeys(groups))
    if need.priority_rank is not None and (not isinstance(need.priority_rank, int) or need.priority_rank < 1):
        errors["priority_rank"] = _("The priority rank is a whole number from 1.")
    if need.hub_id is not None and need.hub.kind != OrganisationKind.HUB:
        errors["hub"] = _("Choose a regional hub.")
    try:
        need.governorate = governorate_of(need.place)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def _goals(goals) -> list:
    goals = list(goals)
    if any(not isinstance(goal, Goal) for goal in goals):
        raise ValidationError({"goals": _("Choose framework goals from the list.")})
    return goals


def _visible_actions(actor, actions) -> list:
    actions = list(actions)
    ids = {action.pk for action in actions}
    if not ids:
        return []
    visible = set(actions_visible_to(actor, Action.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    if visible != ids:
        raise ValidationError({"actions": _("Choose plan actions you can see.")})
    return actions


def _may_record_for(actor, owner, hub) -> bool:
    if not permissions.can(actor, "create_need"):
        return False
    if permissions.sees_all(actor):
        return True
    return owner.pk in actor.organisation_ids() or (hub is not None and hub.pk in permissions.hub_ids(actor))


def create_need(*, actor, owner, place, title, theme, source, severity, description="", lang="ar", goals=(),
                groups=(), priority_rank=None, hub=None, actions=()) -> Need:
    """Record a community-level need of `owner`'s place; its status starts at identified."""
    if not _may_record_for(actor, owner, hub):
        raise PermissionDenied(_("You may not record needs for this organisation."))
    need = Need(owner=owner, place=place, title=title, theme=theme, source=source, severity=severity,
                description=description, lang=lang, groups=list(groups), priority_rank=priority_rank, hub=hub,
                created_by=_user(actor))
    _validate(need)
    goals = _goals(goals)
    actions = _visible_actions(actor, actions)
    check_free_text(actor=actor, record=need, fields={name: getattr(need, name) for name in NEED_TEXT})
    with transaction.atomic():
        need.save()
        need.goals.set(goals)
        need.actions.set(actions)
        search_index.index_object(need)
        audit.record(actor=actor, action="support.need.create", obj=need,
                     changes={**audit.diff({}, _snapshot(need)), "goals": [g.pk for g in goals]})
    return need


def update_need(*, actor, need: Need, **fields) -> Need:
    """Change a need's content (`NEED_FIELDS`, `goals`, `actions`); its status moves with `change_need_status`."""
    if not permissions.can(actor, "change_need", need):
        raise PermissionDenied(_("You may not change this need."))
    goals = fields.pop("goals", None)
    actions = fields.pop("actions", None)
    before = _snapshot(need)
    for name, value in fields.items():
        if name not in NEED_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        setattr(need, name, list(value) if name == "groups" else value)
    if need.hub_id != (before["hub"].pk if before["hub"] else None) and need.hub is not None and not (
            permissions.sees_all(actor) or need.hub.pk in permissions.hub_ids(actor)
            or need.owner_id in actor.organisation_ids()):
        raise PermissionDenied(_("You may not change this need."))
    _validate(need)
    goals = _goals(goals) if goals is not None else None
    actions = _visible_actions(actor, actions) if actions is not None else None
    check_free_text(actor=actor, record=need, fields={name: getattr(need, name) for name in NEED_TEXT})
    with transaction.atomic():
        need.save()
        changes = audit.diff(before, _snapshot(need))
        if goals is not None:
            old = sorted(need.goals.values_list("pk", flat=True))
            need.goals.set(goals)
            if old != sorted(g.pk for g in goals):
                changes["goals"] = [old, sorted(g.pk for g in goals)]
        if actions is not None:
            _set_actions(actor, need, actions, changes)
        search_index.index_object(need)
        audit.record(actor=actor, action="support.need.update", obj=need, changes=changes)
    return need


def _set_actions(actor, need: Need, actions: list, changes: dict) -> None:
    """Link the visible actions given; links to actions the actor cannot see stay as they are."""
    hidden = set(need.actions.values_list("pk", flat=True)) - set(
        actions_visible_to(actor, need.actions.all()).values_list("pk", flat=True))
    old = sorted(need.actions.values_list("pk", flat=True))
    need.actions.set([*actions, *hidden])
    new = sorted(need.actions.values_list("pk", flat=True))
    if old != new:
        changes["actions"] = [old, new]


def change_need_status(*, actor, need: Need, status: str, reason: str) -> Need:
    """Move a need along NEED_MOVES; every move says why (NeedStep: who, when, reason)."""
    if not permissions.can(actor, "change_need", need):
        raise PermissionDenied(_("You may not change this need."))
    allowed = NEED_MOVES.get(need.status, set())
    if status not in allowed:
        raise ValidationError({"status": _("A need cannot move from %(src)s to %(dst)s.") % {
            "src": NeedStatus(need.status).label,
            "dst": NeedStatus(status).label if status in NeedStatus.values else status}})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the status changes.")})
    check_free_text(actor=actor, record=need, fields={"reason": reason})
    with transaction.atomic():
        _move_need(actor, need, status, reason)
    return need


def _move_need(actor, need: Need, status: str, reason: str) -> NeedStep:
    """The move itself, inside the caller's transaction (also used when a request about the need is accepted)."""
    from_status = need.status
    need.status = status
    need.save(update_fields=["status", "updated_at"])
    step = NeedStep.objects.create(need=need, from_status=from_status, to_status=status, actor=_user(actor),
                                   reason=reason)
    audit.record(actor=actor, action="support.need.status", obj=need,
                 changes={"status": [from_status, status], "reason": reason})
    return step


def add_need_evidence(*, actor, need: Need, file, title: str) -> NeedEvidence:
    """Attach a file that shows the need (a consultation report, an assessment summary)."""
    if not permissions.can(actor, "change_need", need):
        raise PermissionDenied(_("You may not change this need."))
    title = (title or "").strip() or (getattr(file, "name", "") or "")[:300]
    if not title:
        raise ValidationError({"title": _("Give the file a title.")})
    problem = kind_problem(file, EVIDENCE_KINDS)
    if problem:
        raise ValidationError({"file": problem})
    if (getattr(file, "size", 0) or 0) > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("A file may be at most %(limit)d MB.") % {
            "limit": MAX_EVIDENCE_BYTES // (1024 * 1024)}})
    check_free_text(actor=actor, record=need, fields={"title": title})
    with transaction.atomic():
        evidence = NeedEvidence.objects.create(need=need, file=file, title=title, uploaded_by=_user(actor))
        audit.record(actor=actor, action="support.need.evidence", obj=need,
                     changes={"file": evidence.file.name, "title": title})
    return evidence


def link_need_actions(*, actor, need: Need, actions) -> Need:
    """Say which plan actions address the need (those the actor can see; others' links stay)."""
    if not permissions.can(actor, "change_need", need):
        raise PermissionDenied(_("You may not change this need."))
    actions = _visible_actions(actor, actions)
    with transaction.atomic():
        changes = {}
        _set_actions(actor, need, actions, changes)
        audit.record(actor=actor, action="support.need.actions", obj=need, changes=changes)
    return need
