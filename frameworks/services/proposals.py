"""Proposals: the frameworks, goals and paragraphs an import created from a private document. A national
coordinator (or an administrator) accepts one — it becomes reference data everyone reads — or merges a proposed
goal or paragraph into an accepted one: every link to the proposal moves there and the proposal is deleted."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.references import move_references
from core import audit

from ..models import Framework, Goal, Paragraph
from ..permissions import can


def _locked(actor, record):
    if not can(actor, "review_proposals"):
        raise PermissionDenied(_("Only national coordinators and administrators decide on proposals."))
    record = type(record).with_proposals.select_for_update().get(pk=record.pk)
    if record.proposed_by_id is None:
        raise ValidationError(_("This is not a proposal: it was accepted already."))
    return record


def _accept_rows(queryset, proposer_id) -> int:
    return queryset.filter(proposed_by_id=proposer_id).update(proposed_by=None)


@transaction.atomic
def accept_proposal(*, actor, record):
    """Accept a proposed framework (with its proposed goals and paragraphs), goal (with its paragraphs) or
    paragraph. A goal waits for its framework, a paragraph for its goal; a number the accepted record already
    holds is merged, not accepted twice."""
    record = _locked(actor, record)
    proposer = record.proposed_by
    changes = {"proposed_by": [str(proposer), None]}
    if isinstance(record, Framework):
        goals = Goal.with_proposals.filter(framework=record)
        changes["goals"] = _accept_rows(goals, proposer.pk)
        changes["paragraphs"] = _accept_rows(Paragraph.with_proposals.filter(goal__in=goals), proposer.pk)
    elif isinstance(record, Goal):
        if record.framework.proposed_by_id is not None:
            raise ValidationError(_("Accept the goal's framework first: its goals come with it."))
        if record.parent_id is None and Goal.objects.filter(
                framework=record.framework_id, parent=None, number=record.number).exists():
            raise ValidationError(_("The framework already has a goal with this number: merge the proposal into it."))
        changes["paragraphs"] = _accept_rows(Paragraph.with_proposals.filter(goal=record), proposer.pk)
    elif isinstance(record, Paragraph):
        if record.goal.proposed_by_id is not None:
            raise ValidationError(_("Accept the paragraph's goal first: its paragraphs come with it."))
        if Paragraph.objects.filter(goal=record.goal_id, number=record.number).exists():
            raise ValidationError(_("The goal already has a paragraph with this number: merge the proposal into it."))
    else:
        raise TypeError(f"not a framework, goal or paragraph: {record!r}")
    record.proposed_by = None
    record.save(update_fields=["proposed_by"])
    audit.record(actor=actor, action=f"{record._meta.model_name}.accept", obj=record, changes=changes)
    return record


def _merge_paragraph(paragraph: Paragraph, into: Paragraph) -> dict:
    moved = move_references(paragraph, into)
    paragraph.delete()
    return moved


@transaction.atomic
def merge_proposal(*, actor, record, into):
    """Merge a proposed goal into an accepted goal, or a proposed paragraph into an accepted paragraph: practices
    (and any other record) linked to the proposal are linked to `into`, and the proposal is deleted. A merged
    goal's paragraphs join `into`: merged into the paragraph of the same number, or kept as proposals under it."""
    record = _locked(actor, record)
    into = type(record).objects.filter(pk=getattr(into, "pk", into)).first()
    if into is None or not isinstance(record, Goal | Paragraph):
        raise ValidationError(_("Choose an accepted goal or paragraph to merge into."))
    changes = {"merged": str(record), "proposed_by": str(record.proposed_by)}
    if isinstance(record, Paragraph):
        changes["moved"] = _merge_paragraph(record, into)
    else:
        for paragraph in Paragraph.with_proposals.filter(goal=record):
            same = Paragraph.with_proposals.filter(goal=into, number=paragraph.number).order_by(
                "proposed_by").first()
            if same is not None and same.proposed_by_id in {None, paragraph.proposed_by_id}:
                _merge_paragraph(paragraph, same)
            else:
                Paragraph.with_proposals.filter(pk=paragraph.pk).update(goal=into)
        changes["moved"] = move_references(record, into, skip=("paragraphs",))
        record.delete()
    audit.record(actor=actor, action=f"{type(into)._meta.model_name}.merge", obj=into, changes=changes)
    return into
