"""Matching writes: the desk's candidates for a request (suggested → proposed → accepted | rejected with a
reason) and the hub's expert pool. Every function checks `support.permissions.can` (`match`,
`manage_experts`), runs in a transaction and is audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from core import audit

from .. import matching, permissions
from ..choices import Availability, CandidateKind, CandidateStatus, ReasonKind, SupportLanguage, Theme
from ..models import Candidate, Expert, Reason

try:  # the desk's free-text check (support.checks); the call below runs as soon as it is there
    from ..checks import check_free_text
except ImportError:  # pragma: no cover - until the lifecycle share is merged
    check_free_text = None

DECIDED = {CandidateStatus.PROPOSED, CandidateStatus.ACCEPTED, CandidateStatus.REJECTED}
MOVES = {
    CandidateStatus.SUGGESTED: {CandidateStatus.PROPOSED, CandidateStatus.ACCEPTED, CandidateStatus.REJECTED},
    CandidateStatus.PROPOSED: {CandidateStatus.ACCEPTED, CandidateStatus.REJECTED},
}
_TARGET_FIELD = {CandidateKind.PRACTICE: "practice_id", CandidateKind.EXPERT: "expert_id",
                 CandidateKind.PEER: "organisation_id", CandidateKind.PARTNER: "organisation_id"}


def _require(actor, action: str, obj) -> None:
    if not permissions.can(actor, action, obj):
        raise PermissionDenied(_("Only the hub's experts and national coordinators match a request's support.")
                               if action == "match" else _("Only the hub's experts and national coordinators "
                                                           "keep its expert pool."))


@transaction.atomic
def suggest_matches(*, actor, request) -> list[Candidate]:
    """Works out the candidates of every kind for the request, as the actor may see them, and stores them:
    a candidate already proposed, accepted or rejected keeps its decision; suggestions no longer found are
    dropped."""
    _require(actor, "match", request)
    found = matching.candidates(actor, request)
    existing = {(c.kind, getattr(c, _TARGET_FIELD[c.kind])): c for c in request.candidates.all()}
    kept = set()
    for kind, ranked in found.items():
        for item in ranked:
            key = (kind, item.key)
            kept.add(key)
            candidate = existing.get(key)
            if candidate is None:
                Candidate.objects.create(request=request, kind=kind, score=item.score, reasons=item.reasons,
                                         **{_TARGET_FIELD[kind]: item.key})
            elif candidate.status == CandidateStatus.SUGGESTED:
                candidate.score, candidate.reasons = item.score, item.reasons
                candidate.save(update_fields=["score", "reasons"])
    stale = [c.pk for key, c in existing.items() if key not in kept and c.status == CandidateStatus.SUGGESTED]
    Candidate.objects.filter(pk__in=stale).delete()
    result = list(request.candidates.select_related("practice", "expert__user", "organisation"))
    audit.record(actor=actor, action="support.matches_suggested", obj=request,
                 changes={kind: len(ranked) for kind, ranked in found.items()})
    return result


def _move(actor, candidate: Candidate, to: str) -> str:
    _require(actor, "match", candidate.request)
    before = candidate.status
    if to not in MOVES.get(before, set()):
        raise ValidationError({"status": _("A match cannot move from %(src)s to %(dst)s.") % {
            "src": candidate.get_status_display(), "dst": CandidateStatus(to).label}})
    return before


@transaction.atomic
def propose_match(*, actor, candidate: Candidate) -> Candidate:
    """The desk proposes a suggested candidate to the requesting locality."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    before = _move(actor, candidate, CandidateStatus.PROPOSED)
    candidate.status = CandidateStatus.PROPOSED
    candidate.save(update_fields=["status"])
    audit.record(actor=actor, action="support.match_proposed", obj=candidate.request,
                 changes={"candidate": candidate.pk, "kind": candidate.kind, "status": [before, candidate.status]})
    return candidate


@transaction.atomic
def decide_match(*, actor, candidate: Candidate, accept: bool, reason: Reason | None = None,
                 note: str = "") -> Candidate:
    """Accepts or rejects a candidate; a rejection needs a reason from the list for rejecting a match, and it
    lowers the candidate's rank for later requests on the same goals (`support.matching`)."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    to = CandidateStatus.ACCEPTED if accept else CandidateStatus.REJECTED
    before = _move(actor, candidate, to)
    if not accept and (reason is None or reason.kind != ReasonKind.REJECT_MATCH or not reason.active):
        raise ValidationError({"reason": _("Choose a reason for rejecting this match from the list.")})
    note = (note or "").strip()
    if note and check_free_text is not None:
        check_free_text(actor=actor, record=candidate, fields={"note": note})
    candidate.status = to
    candidate.reason = None if accept else reason
    candidate.note = note
    candidate.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "reason", "note", "decided_by", "decided_at"])
    audit.record(actor=actor, action="support.match_accepted" if accept else "support.match_rejected",
                 obj=candidate.request, changes={"candidate": candidate.pk, "kind": candidate.kind,
                                                 "status": [before, to],
                                                 "reason": reason.code if reason and not accept else ""})
    return candidate


@transaction.atomic
def save_expert(*, actor, hub, user, themes, languages, places=(), goals=(), availability=Availability.AVAILABLE,
                available_from=None, expert: Expert | None = None) -> Expert:
    """Adds a member of the hub to its expert pool, or changes an expert's themes, languages, places, goals
    and availability."""
    _require(actor, "manage_experts", hub)
    errors = {}
    if not Membership.objects.filter(user=user, organisation=hub).exists():
        errors["user"] = _("An expert of the pool is a member of the hub.")
    unknown = [t for t in themes if t not in Theme.values]
    if unknown:
        errors["themes"] = _("Unknown theme: %(value)s.") % {"value": unknown[0]}
    unknown = [code for code in languages if code not in SupportLanguage.values]
    if unknown:
        errors["languages"] = _("Unknown language: %(value)s.") % {"value": unknown[0]}
    if availability not in Availability.values:
        errors["availability"] = _("Unknown availability.")
    if expert is not None and expert.hub_id != hub.pk:
        errors["hub"] = _("This expert belongs to another hub's pool.")
    if expert is None and Expert.objects.filter(hub=hub, user=user).exists():
        errors["user"] = _("This person is already in the hub's expert pool.")
    if errors:
        raise ValidationError(errors)
    created = expert is None
    expert = expert or Expert(hub=hub, user=user)
    expert.user = user
    expert.themes, expert.languages = list(themes), list(languages)
    expert.availability, expert.available_from = availability, available_from
    expert.save()
    expert.places.set(places)
    expert.goals.set(goals)
    audit.record(actor=actor, action="support.expert_added" if created else "support.expert_changed", obj=expert,
                 changes={"themes": expert.themes, "languages": expert.languages, "availability": availability})
    return expert
