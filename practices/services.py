"""Every write to practices: create, edit, move through review, and import parsed compendium entries.

Each function checks permission, runs in one transaction and leaves an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_administrator, is_reviewer, primary_organisation
from accounts.services import get_or_create_organisation
from core import audit
from core.actors import is_system
from core.text import RTL_LANGUAGES, detect_language
from frameworks.models import Goal
from frameworks.services import ensure_framework, ensure_goal, ensure_paragraph
from places.queries import country_of, find_place, match_location
from search import index as search_index

from . import permissions
from .choices import TRANSITIONS, LinkSource, PracticeStatus
from .compendium import split_location
from .models import Practice, PracticeGoal, ReviewStep, practice_key
from .notices import practice_moved
from .review import practice_content

EDITABLE_FIELDS = [
    "name", "lang", "country", "location", "place", "organisation", "organisation_name", "period", "start_year",
    "end_year", "ongoing", "activity", "objectives", "description", "beneficiaries", "review_level",
]


def _snapshot(practice: Practice) -> dict:
    return {name: getattr(practice, name) for name in EDITABLE_FIELDS} | {"status": practice.status}


def _duplicate(actor, key: str, owner, exclude: int | None = None) -> Practice | None:
    """The practice with this natural key among those the actor may see or the owner holds; another
    organisation's hidden practice is never one (its name says nothing, and takes nothing from anyone)."""
    same = Practice.objects.filter(natural_key=key).exclude(pk=exclude)
    return (permissions.visible_to(actor, same) | same.filter(owner=owner)).order_by("id").first() if owner else \
        permissions.visible_to(actor, same).order_by("id").first()


def _fill_derived(practice: Practice, actor) -> None:
    if practice.place_id and not practice.country_id:
        practice.country = country_of(practice.place)
    if practice.organisation and not practice.organisation_name:
        practice.organisation_name = practice.organisation.name
    if practice.country and not practice.location:
        practice.location = practice.country.name_ar if practice.lang in RTL_LANGUAGES else practice.country.name_en
    practice.natural_key = practice_key(practice.name, practice.organisation_name, practice.location)
    if _duplicate(actor, practice.natural_key, practice.owner, exclude=practice.pk):
        raise ValidationError(
            {"name": _("A practice with this name, organisation and place already exists.")}, code="duplicate"
        )


def _may_set_review_level(actor) -> bool:
    """The review level ("peer reviewed", "inspiring") is a reviewer's judgement: only reviewers (national
    coordinators, hub experts), administrators and the system set or change it, never a practice's author."""
    return is_system(actor) or is_reviewer(actor) or is_administrator(actor)


def _check_review_level(actor, before: str, after) -> None:
    if (after or "") != (before or "") and not _may_set_review_level(actor):
        raise ValidationError({"review_level": _("Only a reviewer sets a practice's review level.")},
                              code="reviewers_only")


@transaction.atomic
def create_practice(*, actor, goals=(), owner=None, **fields) -> Practice:
    if not permissions.can(actor, "create"):
        raise PermissionDenied(_("You may not add practices."))
    _check_review_level(actor, "", fields.get("review_level"))
    practice = Practice(**fields, created_by=actor, owner=owner or primary_organisation(actor))
    _fill_derived(practice, actor)
    practice.save()
    _set_goals(practice, goals, source=LinkSource.ENTERED)
    ReviewStep.objects.create(practice=practice, from_status="", to_status=practice.status, actor=actor)
    search_index.index_object(practice)
    audit.record(actor=actor, action="practice.create", obj=practice, changes=audit.diff({}, _snapshot(practice)))
    return practice


@transaction.atomic
def update_practice(*, actor, practice: Practice, goals=None, **fields) -> Practice:
    if not permissions.can(actor, "change", practice):
        raise PermissionDenied(_("You may not edit this practice."))
    before = _snapshot(practice)
    if "review_level" in fields:
        _check_review_level(actor, practice.review_level, fields["review_level"])
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        setattr(practice, name, value)
    _fill_derived(practice, actor)
    practice.save()
    changes = audit.diff(before, _snapshot(practice))
    if goals is not None:
        old = sorted(practice.goal_links.values_list("goal_id", flat=True))
        _set_goals(practice, goals, source=LinkSource.ENTERED)
        new = sorted(practice.goal_links.values_list("goal_id", flat=True))
        if old != new:
            changes["goals"] = [old, new]
    search_index.index_object(practice)
    audit.record(actor=actor, action="practice.update", obj=practice, changes=changes)
    return practice


def _set_goals(practice: Practice, goals, *, source: str) -> None:
    """Make the practice's goal links exactly `goals` (Goal objects or ids), keeping links that stay."""
    goal_ids = [g.pk if isinstance(g, Goal) else int(g) for g in goals]
    practice.goal_links.exclude(goal_id__in=goal_ids).delete()
    existing = set(practice.goal_links.values_list("goal_id", flat=True))
    for position, goal_id in enumerate(goal_ids):
        if goal_id not in existing:
            PracticeGoal.objects.create(practice=practice, goal_id=goal_id, source=source, position=position)


@transaction.atomic
def transition_practice(*, actor, practice: Practice, to_status: str, comment: str = "") -> Practice:
    """Move a practice through draft → in review → published (or back), recording who, when and why."""
    action = TRANSITIONS.get((practice.status, to_status))
    if action is None:
        raise ValidationError(
            _("A practice cannot move from %(src)s to %(dst)s.") % {"src": practice.status, "dst": to_status}
        )
    if not permissions.can(actor, action, practice):
        raise PermissionDenied(_("You may not do this to this practice."))
    from_status = practice.status
    practice.status = to_status
    if to_status == PracticeStatus.PUBLISHED:
        practice.published_at = timezone.now()
    elif from_status == PracticeStatus.PUBLISHED:
        practice.published_at = None
    practice.save(update_fields=["status", "published_at", "updated_at"])
    # A submission keeps what was submitted, so that the next one can be compared with it (practices.review).
    ReviewStep.objects.create(
        practice=practice, from_status=from_status, to_status=to_status, actor=actor, comment=comment,
        content=practice_content(practice) if action == "submit" else None,
    )
    # The index keeps no status (visibility is asked of permissions.visible_to at query time), but a
    # re-index here keeps the entry's text and facets exactly those of the record after every write.
    search_index.index_object(practice)
    audit.record(
        actor=actor, action=f"practice.{action}", obj=practice,
        changes={"status": [from_status, to_status], "comment": comment},
    )
    practice_moved(actor=actor, practice=practice, move=action, comment=comment)  # the notification centre
    return practice


@dataclass
class ImportOutcome:
    """What happened to one parsed practice of a document."""

    name: str
    outcome: str  # created | duplicate
    practice_id: int | None = None
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"name": self.name, "outcome": self.outcome, "practice_id": self.practice_id, "warnings": self.warnings}


def import_parsed_practice(*, actor, parsed, document=None, owner=None, framework=None,
                           proposed_by=None) -> ImportOutcome:
    """Store one parsed compendium entry as a draft practice linked to its goals and source document.

    The caller holds the transaction (one per file). A practice whose natural key exists is a duplicate:
    it is reported, never written twice. Goals are linked in `framework` (the one the document cites;
    by default the installation's compendium framework). `proposed_by`: the organisation of a private source
    document — the goals, paragraphs and organisations created from it are its proposals, and only accepted
    ones or its own proposals are found (docs/decisions/0006-proposals.md).
    """
    if not permissions.can(actor, "import"):
        raise PermissionDenied(_("You may not import practices."))
    warnings = list(parsed.warnings)
    name = (parsed.name or "").strip()
    if not name:
        raise ValidationError(_("a practice has no name"))
    key = practice_key(name, parsed.organisation, parsed.country)
    owner = owner if owner is not None else primary_organisation(actor)
    existing = _duplicate(actor, key, owner)
    if existing:
        return ImportOutcome(name=name, outcome="duplicate", practice_id=existing.pk)

    text = " ".join(filter(None, [parsed.name, parsed.activity, parsed.description, parsed.objectives]))
    lang = detect_language(text, all_languages=True)
    # "Country: Iraq, Tal Afar" names a country and a place in it; "City:" entries a city or a governorate, whose
    # country is the one to file the practice under. A place the reference list lacks stays in `location`.
    country, place, _unmatched = match_location(split_location(parsed.country))
    if country is None and parsed.country:
        country = country_of(find_place(parsed.country))
        if country is None:
            warnings.append(_("the country “%(name)s” is not in the reference list") % {"name": parsed.country})
    organisation = None
    if parsed.organisation:
        organisation, created = get_or_create_organisation(actor=actor, name=parsed.organisation,
                                                           proposed_by=proposed_by)
        if created:
            warnings.append(
                _("a new organisation “%(name)s” was created: check its type") % {"name": parsed.organisation}
            )
    practice = Practice.objects.create(
        name=name[:300],
        lang=lang,
        country=country,
        place=place,
        location=(parsed.country or "")[:200],
        organisation=organisation,
        organisation_name=(parsed.organisation or "")[:300],
        period=(parsed.period or "")[:120],
        start_year=parsed.start_year,
        end_year=parsed.end_year,
        ongoing=bool(parsed.ongoing),
        activity=parsed.activity or "",
        objectives=parsed.objectives or "",
        description=parsed.description or "",
        beneficiaries=parsed.beneficiaries or "",
        status=PracticeStatus.DRAFT,
        source=LinkSource.IMPORTED,
        source_document=document,
        owner=owner,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        natural_key=key,
    )
    if parsed.goals:
        framework = framework or ensure_framework(actor=actor, slug=settings.WIQAYA_COMPENDIUM_FRAMEWORK,
                                                  proposed_by=proposed_by)
        for position, cited in enumerate(parsed.goals):
            goal, warning = ensure_goal(actor=actor, framework=framework, number=cited.number, title=cited.title,
                                        lang=lang, proposed_by=proposed_by)
            if warning:
                warnings.append(warning)
            link, _created = PracticeGoal.objects.get_or_create(
                practice=practice, goal=goal, defaults={"source": LinkSource.IMPORTED, "position": position}
            )
            for cited_paragraph in cited.paragraphs:
                paragraph, warning = ensure_paragraph(
                    actor=actor, goal=goal, number=cited_paragraph.number, text=cited_paragraph.text, lang=lang,
                    proposed_by=proposed_by,
                )
                if warning:
                    warnings.append(warning)
                link.paragraphs.add(paragraph)
    practice.import_warnings = warnings
    practice.save(update_fields=["import_warnings"])
    # The review history is public once the practice is; the source document may not be, so it is not named here.
    ReviewStep.objects.create(practice=practice, from_status="", to_status=PracticeStatus.DRAFT,
                              actor=practice.created_by, comment=_("imported from a compendium document"))
    # Text now, vectors later: the import job (or command) computes them for the whole file, with progress.
    search_index.index_object(practice, embed_now=False)
    audit.record(actor=actor, action="practice.import", obj=practice,
                 changes={"document": str(document) if document else None, "warnings": warnings})
    return ImportOutcome(name=name, outcome="created", practice_id=practice.pk, warnings=warnings)


# --- Goal suggestions ------------------------------------------------------------------------------


@transaction.atomic
def suggest_goals(*, actor, practice: Practice, framework, top_k: int = 3) -> list:
    """Ask the suggester for goals of `framework` this practice serves; keep them as pending suggestions.

    Goals already linked are not suggested again, and a suggestion someone decided keeps its decision.
    """
    from frameworks.services import record_suggestions

    from .queries import practice_text

    if not permissions.can(actor, "change", practice):
        raise PermissionDenied(_("You may not change this practice's goals."))
    linked = set(practice.goal_links.filter(goal__framework=framework).values_list("goal__number", flat=True))
    kept = record_suggestions(actor=actor, subject=practice, text=practice_text(practice), framework=framework,
                              linked_numbers=linked, top_k=top_k, exclude_practice_id=practice.pk)
    audit.record(actor=actor, action="practice.suggest_goals", obj=practice,
                 changes={"framework": framework.slug, "goals": [r.goal.number for r in kept]})
    return kept


@transaction.atomic
def decide_goal_suggestion(*, actor, suggestion, accept: bool):
    """Accept (the goal is linked, as "suggested") or reject a suggestion; who and when are kept either way."""
    practice = suggestion.subject
    if not isinstance(practice, Practice) or not permissions.can(actor, "change", practice):
        raise PermissionDenied(_("You may not change this practice's goals."))
    from frameworks.services import mark_decided

    mark_decided(actor=actor, suggestion=suggestion, accept=accept)
    if accept:
        PracticeGoal.objects.get_or_create(
            practice=practice, goal=suggestion.goal,
            defaults={"source": LinkSource.SUGGESTED, "position": practice.goal_links.count()},
        )
        search_index.index_object(practice)  # its goal facet changed
    audit.record(actor=actor, action="practice.accept_goal" if accept else "practice.reject_goal", obj=practice,
                 changes={"goal": str(suggestion.goal), "confidence": suggestion.confidence})
    return suggestion
