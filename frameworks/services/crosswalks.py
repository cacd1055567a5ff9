"""Crosswalks: links between goals of two frameworks, suggested by meaning and decided by coordinators."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from search.embeddings import embed

from ..choices import CrosswalkStatus, Relation
from ..models import Crosswalk, Framework, Goal
from ..permissions import can


def _goal_text(goal: Goal) -> str:
    """The words a goal is matched on: its titles and descriptions in both languages."""
    parts = [goal.title_en, goal.title_ar, goal.description_en, goal.description_ar]
    return " — ".join(p for p in parts if p) or f"{goal.framework.slug} {goal.number}"


def suggest_crosswalks(*, actor, source: Framework, target: Framework, minimum: float = 0.45,
                       per_goal: int = 2) -> list:
    """Suggest links from each goal of `source` to the closest goals of `target`, by meaning.

    Goal texts are embedded with the multilingual encoder, so an English goal finds its Arabic counterpart.
    Pairs already confirmed or rejected are left alone: a coordinator's decision is never re-suggested.
    """
    if not can(actor, "suggest_crosswalks"):
        raise PermissionDenied(_("Only national coordinators may suggest crosswalk links."))
    if source.pk == target.pk:
        raise ValidationError(_("Choose two different frameworks."))
    source_goals = list(Goal.objects.filter(framework=source).select_related("framework"))
    target_goals = list(Goal.objects.filter(framework=target).select_related("framework"))
    if not source_goals or not target_goals:
        return []
    vectors = embed([_goal_text(g) for g in source_goals + target_goals])
    similarity = vectors[: len(source_goals)] @ vectors[len(source_goals):].T
    decided = set(
        Crosswalk.objects.filter(source__framework__in=[source, target], target__framework__in=[source, target])
        .exclude(status=CrosswalkStatus.SUGGESTED).values_list("source_id", "target_id")
    )
    created = []
    with transaction.atomic():
        for i, goal in enumerate(source_goals):
            ranked = sorted(range(len(target_goals)), key=lambda j: -similarity[i, j])[:per_goal]
            for j in ranked:
                score = float(similarity[i, j])
                other = target_goals[j]
                if score < minimum or (goal.pk, other.pk) in decided or (other.pk, goal.pk) in decided:
                    continue
                relation = Relation.EQUIVALENT if score >= 0.8 else Relation.RELATED
                link, _created = Crosswalk.objects.update_or_create(
                    source=goal, target=other, defaults={
                        "relation": relation, "score": round(score, 4), "status": CrosswalkStatus.SUGGESTED,
                        "reason": _("the goal texts are close in meaning"),
                    },
                )
                created.append(link)
        audit.record(actor=actor, action="crosswalk.suggest", obj=source,
                     changes={"target": target.slug, "suggested": len(created)})
    return created


@transaction.atomic
def decide_crosswalk(*, actor, crosswalk, confirm: bool, relation: str | None = None):
    """A coordinator confirms (optionally correcting the relation) or rejects a crosswalk link."""
    if not can(actor, "confirm_crosswalk"):
        raise PermissionDenied(_("Only national coordinators may confirm or reject crosswalk links."))
    if relation and relation not in Relation.values:
        raise ValidationError(_("Unknown relation “%(relation)s”.") % {"relation": relation})
    before = {"status": crosswalk.status, "relation": crosswalk.relation}
    crosswalk.status = CrosswalkStatus.CONFIRMED if confirm else CrosswalkStatus.REJECTED
    crosswalk.relation = relation or crosswalk.relation
    crosswalk.decided_by = actor
    crosswalk.decided_at = timezone.now()
    crosswalk.save()
    audit.record(actor=actor, action="crosswalk.confirm" if confirm else "crosswalk.reject", obj=crosswalk,
                 changes=audit.diff(before, {"status": crosswalk.status, "relation": crosswalk.relation}))
    return crosswalk


@transaction.atomic
def link_goals(*, actor, source: Goal, target: Goal, relation: str):
    """A coordinator links two goals directly; the link is confirmed at once."""
    if not can(actor, "confirm_crosswalk"):
        raise PermissionDenied(_("Only national coordinators may link goals across frameworks."))
    if source.framework_id == target.framework_id:
        raise ValidationError(_("A crosswalk links goals of two different frameworks."))
    link, _created = Crosswalk.objects.update_or_create(
        source=source, target=target,
        defaults={"relation": relation, "status": CrosswalkStatus.CONFIRMED, "decided_by": actor,
                  "decided_at": timezone.now(), "reason": _("linked by hand")},
    )
    audit.record(actor=actor, action="crosswalk.link", obj=link, changes={"relation": relation})
    return link
