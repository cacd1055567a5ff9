"""Writes to frameworks, goals and paragraphs; loading the framework definitions the project ships."""

import json
from difflib import SequenceMatcher
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit
from core.text import natural_key

from .choices import CrosswalkStatus, FrameworkStatus, Relation
from .models import Framework, Goal, Paragraph

DEFINITIONS = Path(__file__).parent / "data" / "frameworks.json"


@transaction.atomic
def load_definitions(*, actor=None, path: Path = DEFINITIONS) -> list[Framework]:
    """Create or update the shipped frameworks and their top-level goals. Safe to run again."""
    loaded = []
    for spec in json.loads(path.read_text(encoding="utf-8")):
        goals = spec.pop("goals", [])
        framework, created = Framework.objects.update_or_create(slug=spec["slug"], defaults=spec)
        for position, goal_spec in enumerate(goals, start=1):
            Goal.objects.update_or_create(
                framework=framework,
                parent=None,
                number=goal_spec["number"],
                defaults={**{k: v for k, v in goal_spec.items() if k != "number"}, "position": position},
            )
        audit.record(actor=actor, action="framework.load", obj=framework, changes={"created": created})
        loaded.append(framework)
    return loaded


def titles_match(goal: Goal, title: str | None) -> bool:
    """Does a cited title name this goal? Tolerates punctuation, case, plural endings and known other wordings."""
    if not title:
        return True
    cited = natural_key(title)
    for known in [goal.title_en, goal.title_ar, *goal.aliases]:
        if known and SequenceMatcher(None, natural_key(known), cited).ratio() >= 0.85:
            return True
    return False


def ensure_framework(*, actor, slug: str, title: str = "") -> Framework:
    framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        framework = Framework.objects.create(slug=slug, title_en=title or slug, status=FrameworkStatus.IMPORTED)
        audit.record(actor=actor, action="framework.create", obj=framework, changes={"status": "imported"})
    return framework


def ensure_goal(*, actor, framework: Framework, number: int | str, title: str | None, lang: str) -> tuple:
    """The top-level goal with this number; created from the cited title when the framework lacks it.

    Returns (goal, warning) where warning is set when the cited title does not match the known one.
    """
    number = str(number)
    goal = Goal.objects.filter(framework=framework, parent=None, number=number).first()
    if goal is None:
        title_field = "title_ar" if lang == "ar" else "title_en"
        position = Goal.objects.filter(framework=framework, parent=None).count() + 1
        goal = Goal.objects.create(framework=framework, number=number, position=position, **{title_field: title or ""})
        audit.record(actor=actor, action="goal.create", obj=goal, changes={"number": number, "title": title})
        return goal, None
    if not titles_match(goal, title):
        known = goal.title_en or goal.title_ar
        return goal, f"goal {number} is cited as “{title}” but {framework} calls it “{known}”"
    return goal, None


def ensure_paragraph(*, actor, goal: Goal, number: int, text: str, lang: str) -> tuple:
    """The paragraph with this number under `goal`; created when missing. Returns (paragraph, warning)."""
    paragraph = Paragraph.objects.filter(goal=goal, number=number).first()
    if paragraph is None:
        paragraph = Paragraph.objects.create(goal=goal, number=number, text=text, lang=lang)
        audit.record(actor=actor, action="paragraph.create", obj=paragraph, changes={"number": number})
        return paragraph, None
    if natural_key(paragraph.text) != natural_key(text) and SequenceMatcher(
        None, natural_key(paragraph.text), natural_key(text)
    ).ratio() < 0.9:
        return paragraph, f"paragraph ({number}) differs from the text already recorded for goal {goal.number}"
    return paragraph, None


# --- Crosswalks between frameworks ------------------------------------------------------------------

def goal_text(goal: Goal) -> str:
    """The words a goal is matched on: its titles and descriptions in both languages."""
    parts = [goal.title_en, goal.title_ar, goal.description_en, goal.description_ar]
    return " — ".join(p for p in parts if p) or f"{goal.framework.slug} {goal.number}"


def suggest_crosswalks(*, actor, source: Framework, target: Framework, minimum: float = 0.45,
                       per_goal: int = 2) -> list:
    """Suggest links from each goal of `source` to the closest goals of `target`, by meaning.

    Goal texts are embedded with the multilingual encoder, so an English goal finds its Arabic counterpart.
    Pairs already confirmed or rejected are left alone: a coordinator's decision is never re-suggested.
    """
    from .embeddings import embed
    from .models import Crosswalk
    from .permissions import can

    if not can(actor, "suggest_crosswalks"):
        raise PermissionDenied(_("Only national coordinators may suggest crosswalk links."))
    if source.pk == target.pk:
        raise ValidationError(_("Choose two different frameworks."))
    source_goals = list(Goal.objects.filter(framework=source).select_related("framework"))
    target_goals = list(Goal.objects.filter(framework=target).select_related("framework"))
    if not source_goals or not target_goals:
        return []
    vectors = embed([goal_text(g) for g in source_goals + target_goals])
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
                        "reason": _("the goal texts are close in meaning (similarity %(score).2f)") % {"score": score},
                    },
                )
                created.append(link)
        audit.record(actor=actor, action="crosswalk.suggest", obj=source,
                     changes={"target": target.slug, "suggested": len(created)})
    return created


@transaction.atomic
def decide_crosswalk(*, actor, crosswalk, confirm: bool, relation: str | None = None):
    """A coordinator confirms (optionally correcting the relation) or rejects a crosswalk link."""
    from .permissions import can

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
    from .models import Crosswalk
    from .permissions import can

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



# --- Which framework a document cites -------------------------------------------------------------

def framework_for_citations(*, actor, cited: list[tuple[int | str, str | None]], name_hint: str) -> tuple:
    """The framework whose goals a document's "GOAL n: title" lines cite, or a new one to review.

    Each known framework scores one point per cited goal that it has under that number with a matching
    title. The best framework wins when it matches at least half of the titled citations. Citations without
    titles cannot be checked and go to the installation's compendium framework. Otherwise a framework
    "imported, to review" is created for them (the importer then adds the goals and paragraphs found).
    Returns (framework, warning or None).
    """
    titled = [(str(number), title) for number, title in cited if title]
    default = ensure_framework(actor=actor, slug=settings.WIQAYA_COMPENDIUM_FRAMEWORK)
    if not titled:
        return default, None
    best, best_score = None, 0
    for framework in Framework.objects.exclude(status=FrameworkStatus.IMPORTED).prefetch_related("goals"):
        goals = {g.number: g for g in framework.goals.all() if g.parent_id is None}
        score = sum(1 for number, title in titled if number in goals and titles_match(goals[number], title))
        if score > best_score or (score == best_score and framework.pk == default.pk):
            best, best_score = framework, score
    if best is not None and best_score * 2 >= len(set(titled)):
        return best, None
    slug = f"imported-{slugify(name_hint)[:40] or 'document'}"
    framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        framework = Framework.objects.create(
            slug=slug, title_en=_("Framework cited in %(name)s") % {"name": name_hint}, status=FrameworkStatus.IMPORTED,
            source=_("Created by the importer from the goals cited in %(name)s.") % {"name": name_hint},
        )
        audit.record(actor=actor, action="framework.create", obj=framework, changes={"status": "imported"})
    return framework, _(
        "the cited goals match no known framework: they were filed under “%(slug)s”, imported and to review"
    ) % {"slug": slug}
