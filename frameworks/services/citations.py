"""What a compendium document's citations create: the framework its "GOAL n" lines cite, and the goals and
paragraphs that framework lacks. The practice importer calls these inside its own transaction (one per file);
each checks that the actor may propose reference data from a document.

`proposed_by` is the organisation of a private document: what is created from it is that organisation's
proposal (seen by its members, coordinators and administrators until a coordinator accepts or merges it), and
the look-ups find accepted records and that organisation's own proposals, never another organisation's."""

from difflib import SequenceMatcher

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit
from core.text import natural_key
from core.words import readable_name

from ..choices import FrameworkStatus
from ..models import Framework, Goal, Paragraph
from ..permissions import can


def _titles_match(goal: Goal, title: str | None) -> bool:
    """Does a cited title name this goal? Tolerates punctuation, case, plural endings and known other wordings."""
    if not title:
        return True
    cited = natural_key(title)
    for known in [goal.title_en, goal.title_ar, *goal.aliases]:
        if known and SequenceMatcher(None, natural_key(known), cited).ratio() >= 0.85:
            return True
    return False


def _findable(model, proposed_by):
    """Accepted rows, and `proposed_by`'s own proposals (accepted first): what an import may find and link to."""
    if proposed_by is None:
        return model.objects.all()
    return model.with_proposals.filter(Q(proposed_by=None) | Q(proposed_by=proposed_by)).order_by(
        F("proposed_by").asc(nulls_first=True), "pk")


def _free_slug(slug: str) -> str:
    """`slug`, or `slug-2`, `slug-3`… when a framework (another organisation's proposal, say) holds it."""
    candidate, n = slug, 1
    while Framework.with_proposals.filter(slug=candidate).exists():
        n += 1
        candidate = f"{slug[:60]}-{n}"
    return candidate


def ensure_framework(*, actor, slug: str, title: str = "", proposed_by=None) -> Framework:
    if not can(actor, "propose"):
        raise PermissionDenied(_("You may not add goals or frameworks from a document."))
    framework = _findable(Framework, proposed_by).filter(slug=slug).first()
    if framework is None:
        framework = Framework.with_proposals.create(slug=_free_slug(slug), title_en=title or slug,
                                                    status=FrameworkStatus.IMPORTED, proposed_by=proposed_by)
        audit.record(actor=actor, action="framework.create", obj=framework,
                     changes={"status": "imported", "proposed_by": str(proposed_by) if proposed_by else None})
    return framework


def ensure_goal(*, actor, framework: Framework, number: int | str, title: str | None, lang: str,
                proposed_by=None) -> tuple:
    """The top-level goal with this number; created from the cited title when the framework lacks it.

    Returns (goal, warning) where warning is set when the cited title does not match the known one.
    """
    if not can(actor, "propose"):
        raise PermissionDenied(_("You may not add goals or frameworks from a document."))
    number = str(number)
    goal = _findable(Goal, proposed_by).filter(framework=framework, parent=None, number=number).first()
    if goal is None:
        title_field = "title_ar" if lang == "ar" else "title_en"
        position = _findable(Goal, proposed_by).filter(framework=framework, parent=None).count() + 1
        goal = Goal.with_proposals.create(framework=framework, number=number, position=position,
                                          proposed_by=proposed_by, **{title_field: title or ""})
        audit.record(actor=actor, action="goal.create", obj=goal,
                     changes={"number": number, "title": title,
                              "proposed_by": str(proposed_by) if proposed_by else None})
        return goal, None
    if not _titles_match(goal, title):
        known = goal.title_en or goal.title_ar
        return goal, f"goal {number} is cited as “{title}” but {framework} calls it “{known}”"
    return goal, None


def ensure_paragraph(*, actor, goal: Goal, number: int, text: str, lang: str, proposed_by=None) -> tuple:
    """The paragraph with this number under `goal`; created when missing. Returns (paragraph, warning)."""
    if not can(actor, "propose"):
        raise PermissionDenied(_("You may not add goals or frameworks from a document."))
    paragraph = _findable(Paragraph, proposed_by).filter(goal=goal, number=number).first()
    if paragraph is None:
        paragraph = Paragraph.with_proposals.create(goal=goal, number=number, text=text, lang=lang,
                                                    proposed_by=proposed_by)
        audit.record(actor=actor, action="paragraph.create", obj=paragraph,
                     changes={"number": number, "proposed_by": str(proposed_by) if proposed_by else None})
        return paragraph, None
    if natural_key(paragraph.text) != natural_key(text) and SequenceMatcher(
        None, natural_key(paragraph.text), natural_key(text)
    ).ratio() < 0.9:
        return paragraph, f"paragraph ({number}) differs from the text already recorded for goal {goal.number}"
    return paragraph, None


def framework_for_citations(*, actor, cited: list[tuple[int | str, str | None]], name_hint: str,
                            proposed_by=None) -> tuple:
    """The framework whose goals a document's "GOAL n: title" lines cite, or a new one to review.

    Each known framework scores one point per cited goal that it has under that number with a matching
    title. The best framework wins when it matches at least half of the titled citations. Citations without
    titles cannot be checked and go to the installation's compendium framework. Otherwise a framework
    "imported, to review" is created for them (the importer then adds the goals and paragraphs found).
    Returns (framework, warning or None).
    """
    if not can(actor, "propose"):
        raise PermissionDenied(_("You may not add goals or frameworks from a document."))
    titled = [(str(number), title) for number, title in cited if title]
    default = ensure_framework(actor=actor, slug=settings.WIQAYA_COMPENDIUM_FRAMEWORK, proposed_by=proposed_by)
    if not titled:
        return default, None
    best, best_score = None, 0
    # Accepted frameworks and goals only: another organisation's proposal never decides where a document goes.
    for framework in Framework.objects.exclude(status=FrameworkStatus.IMPORTED).prefetch_related("goals"):
        goals = {g.number: g for g in framework.goals.all() if g.parent_id is None}
        score = sum(1 for number, title in titled if number in goals and _titles_match(goals[number], title))
        if score > best_score or (score == best_score and framework.pk == default.pk):
            best, best_score = framework, score
    if best is not None and best_score * 2 >= len(set(titled)):
        return best, None
    slug = f"imported-{slugify(name_hint)[:40] or 'document'}"
    framework = _findable(Framework, proposed_by).filter(slug=slug).first()
    if framework is None:
        framework = Framework.with_proposals.create(
            # A readable short name too: pages that show a framework by its short name never fall back to the slug.
            slug=_free_slug(slug), short_name=readable_name(name_hint)[:60],
            title_en=_("Framework cited in “%(name)s”") % {"name": readable_name(name_hint)},
            status=FrameworkStatus.IMPORTED, proposed_by=proposed_by,
            source=_("Created by the importer from the goals cited in %(name)s.") % {"name": name_hint},
        )
        audit.record(actor=actor, action="framework.create", obj=framework,
                     changes={"status": "imported", "proposed_by": str(proposed_by) if proposed_by else None})
    return framework, _(
        "the cited goals match no known framework: they were filed under a new framework, “%(name)s”, to review"
    ) % {"name": framework.short_name or framework.title}
