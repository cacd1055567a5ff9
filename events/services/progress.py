"""Writes of the follow-up: progress updates with evidence, links to the plan actions that carry a recommendation,
turning a recommendation into a plan action, and the daily refresh of the progress those actions give.

Progress is never typed twice: once a plan action carries a recommendation, its progress comes from that action's
indicators (`events.progress`), and `add_update` refuses with a message that says so.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core import audit
from core.actors import is_system
from core.uploads import kind_problem
from plans import permissions as plans_permissions
from plans.choices import PartnerKind
from plans.models import Action
from plans.services import create_action
from search.index import index_object
from support.checks import check_free_text

from .. import permissions
from ..choices import CLOSED_STATUSES, OwnerRole, Status, StepKind
from ..models import Recommendation, RecommendationAction, Step, Update, UpdateEvidence
from ..progress import carried_figures, computed, is_carried
from ..quality import refresh_quality

EVIDENCE_KINDS = {".pdf", ".docx", ".xlsx", ".csv", ".txt", ".jpg", ".jpeg", ".png"}
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
# An owner organisation's type gives the partner type of the plan action a recommendation becomes.
PARTNER_KIND = {
    "local_government": PartnerKind.LOCAL_GOVERNMENT, "committee": PartnerKind.LOCAL_GOVERNMENT,
    "national_body": PartnerKind.CENTRAL_GOVERNMENT, "un_agency": PartnerKind.MULTILATERAL,
    "international_mission": PartnerKind.MULTILATERAL,
}


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(recommendation: Recommendation) -> Recommendation:
    """The recommendation's row, locked until the transaction ends, so that two owners writing at once both
    count (PostgreSQL; SQLite writes one at a time anyway)."""
    return Recommendation.objects.select_for_update().get(pk=recommendation.pk)


def _apply_figures(actor, recommendation: Recommendation, progress, last_update_on) -> list[str]:
    """Cache progress and the last update's date; a recommendation not started moves to in progress once it
    shows progress. Returns the fields changed (saved here, with the version)."""
    changed = []
    if recommendation.progress != progress:
        recommendation.progress = progress
        changed.append("progress")
    if recommendation.last_update_on != last_update_on:
        recommendation.last_update_on = last_update_on
        changed.append("last_update_on")
    if recommendation.status == Status.NOT_STARTED and progress:
        recommendation.status = Status.IN_PROGRESS
        changed.append("status")
        Step.objects.create(recommendation=recommendation, kind=StepKind.STATUS, from_value=Status.NOT_STARTED,
                            to_value=Status.IN_PROGRESS, actor=_user(actor), is_public=True)
    if changed:
        recommendation.version += 1
        recommendation.save(update_fields=[*changed, "version", "updated_at"])
        index_object(recommendation)
    return changed


def _refresh_one(actor, recommendation: Recommendation) -> list[str]:
    figures = computed([recommendation.pk]).get(recommendation.pk)
    if figures is None:
        return []
    return _apply_figures(actor, recommendation, figures.progress, figures.last_update_on)


def _reporting_organisation(actor, recommendation: Recommendation, organisation):
    """The organisation an update is reported for: the one named (an owner the actor belongs to, or any owner
    for managers and coordinators), else the actor's own owner organisation, else the steward (managers)."""
    owners = set(recommendation.owners.values_list("organisation_id", flat=True))
    mine = permissions.owner_organisations(actor, recommendation) if not is_system(actor) else set()
    manager = permissions.manages(actor, recommendation)
    if organisation is not None:
        allowed = owners if manager else mine
        if organisation.pk not in allowed and not (manager and organisation.pk == recommendation.steward_id):
            raise ValidationError({"organisation": _("Report for one of the recommendation's owners that you "
                                                     "belong to.")})
        return organisation.pk
    if mine:
        return sorted(mine)[0]
    lead = recommendation.owners.filter(role=OwnerRole.LEAD).values_list("organisation_id", flat=True).first()
    fallback = recommendation.steward_id or lead or (min(owners) if owners else None)
    if fallback is None:
        raise ValidationError({"organisation": _("Name the organisation this update is reported for.")})
    return fallback


def _evidence_problem(upload) -> str | None:
    return kind_problem(upload, EVIDENCE_KINDS)


def _check_evidence(evidence) -> list:
    files = []
    for item in evidence or ():
        upload, is_public = item if isinstance(item, tuple | list) else (item, False)
        problem = _evidence_problem(upload)
        if problem:
            raise ValidationError({"evidence": problem})
        if (getattr(upload, "size", 0) or 0) > MAX_EVIDENCE_BYTES:
            raise ValidationError({"evidence": _("A file may be at most %(limit)d MB.") % {
                "limit": MAX_EVIDENCE_BYTES // (1024 * 1024)}})
        files.append((upload, bool(is_public)))
    return files


def add_update(*, actor, recommendation: Recommendation, date, text: str, progress=None, lang: str = "ar",
               is_public: bool = False, organisation=None, evidence=()) -> Update:
    """A progress update by one of the recommendation's owners (or its managers), with evidence files
    (`[(file, is_public)]`). Refused when plan actions carry the recommendation: its progress comes from them."""
    if not permissions.can(actor, "report", recommendation):
        raise PermissionDenied(_("Only the recommendation's owners and those who manage it report progress."))
    if is_carried(recommendation):
        raise ValidationError(_("Plan actions carry this recommendation: its progress comes from their indicators. "
                                "Report progress on the linked plan actions instead."), code="carried")
    if recommendation.status in CLOSED_STATUSES:
        raise ValidationError(_("This recommendation is closed (%(status)s): it takes no more updates.") % {
            "status": recommendation.get_status_display()}, code="closed")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what changed.")})
    if date is None:
        raise ValidationError({"date": _("Give the date of the update.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("An update cannot be dated in the future.")})
    if progress is not None:
        progress = int(progress)
        if not 0 <= progress <= 100:
            raise ValidationError({"progress": _("Progress is a percentage, from 0 to 100.")})
    files = _check_evidence(evidence)
    organisation_id = _reporting_organisation(actor, recommendation, organisation)
    check_free_text(actor=actor, record=Update, fields={"text": text})
    with transaction.atomic():
        recommendation = _locked(recommendation)
        update = Update.objects.create(recommendation=recommendation, organisation_id=organisation_id, date=date,
                                       progress=progress, text=text, lang=lang, is_public=is_public,
                                       created_by=_user(actor))
        names = []
        for upload, public in files:
            UpdateEvidence.objects.create(update=update, file=upload, name=(upload.name or "")[:255],
                                          size=upload.size or 0, is_public=public)
            names.append(upload.name)
        Step.objects.create(recommendation=recommendation, kind=StepKind.UPDATE,
                            to_value="" if progress is None else str(progress), organisation_id=organisation_id,
                            is_public=bool(is_public), actor=_user(actor))
        _refresh_one(actor, recommendation)
        audit.record(actor=actor, action="events.update.create", obj=recommendation,
                     changes={"update": update.pk, "date": date.isoformat(), "progress": progress,
                              "public": is_public, "evidence": names})
    return update


def _visible_action(actor, action: Action) -> bool:
    return plans_permissions.actions_visible_to(actor, Action.objects.filter(pk=action.pk)).exists()


def _link(actor, recommendation: Recommendation, action: Action) -> RecommendationAction:
    if RecommendationAction.objects.filter(recommendation=recommendation, action=action).exists():
        raise ValidationError({"action": _("This plan action already carries this recommendation.")})
    link = RecommendationAction.objects.create(recommendation=recommendation, action=action,
                                               created_by=_user(actor))
    Step.objects.create(recommendation=recommendation, kind=StepKind.ACTION, to_value=str(action.pk),
                        is_public=True, actor=_user(actor))
    _refresh_one(actor, recommendation)
    index_object(recommendation)
    return link


def link_action(*, actor, recommendation: Recommendation, action: Action) -> RecommendationAction:
    """Say that a plan action carries the recommendation out: from then on its progress is the action's."""
    if not permissions.can(actor, "link_action", recommendation):
        raise PermissionDenied(_("Only the lead owner and those who manage the recommendation link plan actions."))
    if not _visible_action(actor, action):
        raise ValidationError({"action": _("No plan action has this number, or you may not see it.")})
    with transaction.atomic():
        recommendation = _locked(recommendation)
        link = _link(actor, recommendation, action)
        audit.record(actor=actor, action="events.recommendation.link_action", obj=recommendation,
                     changes={"action": action.pk, "plan": action.plan_id})
    return link


def unlink_action(*, actor, link: RecommendationAction) -> None:
    """Undo a link: the recommendation's progress comes from its own updates again (or from its other actions)."""
    recommendation = link.recommendation
    if not permissions.can(actor, "link_action", recommendation):
        raise PermissionDenied(_("Only the lead owner and those who manage the recommendation link plan actions."))
    with transaction.atomic():
        recommendation = _locked(recommendation)
        action_id, plan_id = link.action_id, link.action.plan_id
        link.delete()
        _refresh_one(actor, recommendation)
        index_object(recommendation)
        audit.record(actor=actor, action="events.recommendation.unlink_action", obj=recommendation,
                     changes={"action": action_id, "plan": plan_id})


def create_action_from_recommendation(*, actor, recommendation: Recommendation, plan, title: str | None = None,
                                      parent: Action | None = None) -> Action:
    """Turn the recommendation into an action of `plan` in one step — its goals, its lead owner as the lead, the
    other owners as partners, its due date as the end date, its text as the description — and link the two.
    The actor needs both the right to link the recommendation and the right to change the plan."""
    if not permissions.can(actor, "link_action", recommendation):
        raise PermissionDenied(_("Only the lead owner and those who manage the recommendation link plan actions."))
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError({"parent": _("A sub-action belongs to the same plan as its action.")})
    owners = list(recommendation.owners.select_related("organisation"))
    lead = next((o.organisation for o in owners if o.role == OwnerRole.LEAD), None)
    partners = [(o.organisation, PARTNER_KIND.get(o.organisation.kind, PartnerKind.CIVIL_SOCIETY))
                for o in owners if o.role != OwnerRole.LEAD]
    title = (title or "").strip() or Truncator(" ".join(recommendation.text.split())).chars(300)
    lang = recommendation.lang if recommendation.lang in {"ar", "en"} else "en"
    with transaction.atomic():
        action = create_action(actor=actor, plan=plan, goals=list(recommendation.goals.all()), partners=partners,
                               title=title, description=recommendation.text, lang=lang, lead=lead,
                               end_date=recommendation.due_date, parent=parent)
        recommendation = _locked(recommendation)
        _link(actor, recommendation, action)
        audit.record(actor=actor, action="events.recommendation.create_action", obj=recommendation,
                     changes={"action": action.pk, "plan": plan.pk})
    return action


def refresh_progress(*, actor, today: dt.date | None = None) -> int:
    """Recompute the cached progress, last update and quality score of every open recommendation plan actions
    carry (the daily task calls it: an indicator or its update changes them). The system or an administrator. Returns how many
    changed."""
    if not permissions.can(actor, "manage_settings"):
        raise PermissionDenied(_("Only the system or an administrator refreshes the follow-up's figures."))
    carried = Recommendation.objects.filter(action_links__isnull=False).exclude(status__in=CLOSED_STATUSES).distinct()
    figures = carried_figures(carried)
    if not figures:
        return 0
    changed = 0
    with transaction.atomic():
        for recommendation in Recommendation.objects.select_for_update().filter(pk__in=list(figures)):
            found = figures[recommendation.pk]
            before = recommendation.quality
            refresh_quality(recommendation)  # an indicator added to a linked action is a measurable result
            if _apply_figures(actor, recommendation, found.progress, found.last_update_on) or \
                    recommendation.quality != before:
                changed += 1
        if changed:
            audit.record(actor=actor, action="events.progress.refresh", obj=None,
                         changes={"changed": changed, "day": (today or timezone.localdate()).isoformat()})
    return changed
