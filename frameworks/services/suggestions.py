"""Goal suggestions kept for any record that registered itself with `frameworks.permissions.register_subject`
(practices, plan actions). The record's own service calls these inside its transaction and writes its audit
entry; each checks, through the registered rule, that the actor may change that record's goals."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import GoalSuggestion
from ..permissions import can
from ..queries import suggester_for


def record_suggestions(*, actor, subject, text: str, framework, linked_numbers: set, top_k: int = 3,
                       exclude_practice_id: int | None = None) -> list:
    """Ask the suggester which top-level goals of `framework` `text` serves, and keep them as pending
    `GoalSuggestion`s of `subject`. Goals already linked are skipped; a decided suggestion keeps its decision.
    The caller (the record's own service) writes the audit entry."""
    if not can(actor, "suggest_goals", subject):
        raise PermissionDenied(_("You may not change this record's goals."))
    suggester = suggester_for(framework, exclude_practice_id=exclude_practice_id)
    goals = {g.number: g for g in framework.goals.filter(parent=None)}
    content_type = ContentType.objects.get_for_model(type(subject))
    kept = []
    for suggestion in suggester.suggest(text, top_k=top_k + len(linked_numbers)):
        goal = goals.get(suggestion.goal_number)
        if goal is None or goal.number in linked_numbers:
            continue
        evidence = [{"kind": e.kind, "text": e.text, "similarity": round(e.similarity, 3)} for e in suggestion.evidence]
        values = {"confidence": suggestion.confidence, "reason": suggestion.reason, "evidence": evidence}
        row, created = GoalSuggestion.objects.get_or_create(
            content_type=content_type, object_id=subject.pk, goal=goal, defaults=values
        )
        if not created and row.status == "pending":
            for name, value in values.items():
                setattr(row, name, value)
            row.save(update_fields=list(values))
        kept.append(row)
        if len(kept) == top_k:
            break
    return kept


def mark_decided(*, actor, suggestion, accept: bool):
    """Record the decision on a pending suggestion (who and when); the caller links the goal when accepted."""
    if not can(actor, "suggest_goals", suggestion.subject):
        raise PermissionDenied(_("You may not change this record's goals."))
    if suggestion.status != "pending":
        raise ValidationError(_("This suggestion was already decided."))
    suggestion.status = "accepted" if accept else "rejected"
    suggestion.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    return suggestion
