"""Writes to frameworks, goals and paragraphs; loading the framework definitions the project ships."""

import json
from difflib import SequenceMatcher
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit
from core.text import detect_language, natural_key
from practices.models import PracticeGoal
from search.embeddings import embed

from . import interchange
from .choices import CrosswalkStatus, FrameworkStatus, Relation
from .interchange import FrameworkSpec, GoalSpec, ParagraphSpec, ascii_digits, dump
from .models import Crosswalk, Framework, Goal, Paragraph
from .permissions import can
from .queries import goal_subtree_ids, goal_tree

DEFINITIONS = Path(__file__).parent / "data" / "frameworks.json"


def _fill_blanks(obj, values: dict) -> list[str]:
    """Set the fields of `obj` that are empty to `values`; fields someone filled in are left as they are."""
    filled = [name for name, value in values.items() if value not in ("", None, []) and getattr(obj, name) in ("", None, [])]
    for name in filled:
        setattr(obj, name, values[name])
    if filled:
        obj.save(update_fields=filled)
    return filled


@transaction.atomic
def load_definitions(*, actor=None, path: Path = DEFINITIONS) -> list[Framework]:
    """Create the shipped frameworks and their top-level goals, or fill in what an existing one lacks.

    Safe to run on every start: what a coordinator edited (titles, descriptions, goals) is never overwritten;
    a field still empty — say, a description shipped after the framework was first loaded — is filled.
    """
    loaded = []
    for spec in json.loads(path.read_text(encoding="utf-8")):
        goals = spec.pop("goals", [])
        framework, created = Framework.objects.get_or_create(slug=spec["slug"], defaults=spec)
        filled = [] if created else _fill_blanks(framework, spec)
        for position, goal_spec in enumerate(goals, start=1):
            values = {k: v for k, v in goal_spec.items() if k != "number"}
            goal, goal_created = Goal.objects.get_or_create(
                framework=framework, parent=None, number=goal_spec["number"], defaults={**values, "position": position}
            )
            if goal_created:
                filled.append(f"goal {goal.number}")
            else:
                filled += [f"goal {goal.number} {name}" for name in _fill_blanks(goal, values)]
        if created or filled:
            audit.record(actor=actor, action="framework.load", obj=framework,
                         changes={"created": created, "filled": filled})
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


# --- Frameworks as data: editing by hand, import and export, coverage -------------------------------

FRAMEWORK_EDITABLE = (
    "title_en", "title_ar", "short_name", "year", "status", "description_en", "description_ar", "source",
)
GOAL_EDITABLE = (
    "number", "parent", "position", "title_en", "title_ar", "description_en", "description_ar", "aliases",
)


def _require(actor, action: str, message: str) -> None:
    if actor is None or not can(actor, action):
        raise PermissionDenied(message)


def _framework_snapshot(framework: Framework) -> dict:
    return {name: getattr(framework, name) for name in ("slug", *FRAMEWORK_EDITABLE)}


def _goal_snapshot(goal: Goal) -> dict:
    snapshot = {name: getattr(goal, name) for name in GOAL_EDITABLE if name != "parent"}
    return snapshot | {"parent": goal.parent_id}


def clean_goal_number(number) -> str:
    """A goal's number among its siblings: digits made Western, no dots (goal 2 under goal 1 reads "1.2")."""
    value = ascii_digits(str(number if number is not None else "")).strip()
    if not value:
        raise ValidationError({"number": _("Give the goal a number.")}, code="required")
    if "." in value or any(char.isspace() for char in value):
        raise ValidationError({"number": _(
            "Write the goal's number among its siblings, without dots or spaces: goal 2 under goal 1 is shown "
            "as 1.2."
        )}, code="invalid")
    return value


def _validated(obj, where: str = "") -> None:
    """full_clean(), with each message prefixed by `where` (the goal an import is writing) when given."""
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        if not where:
            raise
        messages = []
        for name, errors in exc.message_dict.items():
            label = obj._meta.get_field(name).verbose_name if name != "__all__" else ""
            for error in errors:
                messages.append(f"{where}: {label}: {error}" if label else f"{where}: {error}")
        raise ValidationError(messages, code="invalid") from exc


def _check_status(status: str, where: str = "") -> None:
    if status and status not in FrameworkStatus.values:
        message = _("the status “%(status)s” is not one of: %(choices)s.") % {
            "status": status, "choices": ", ".join(FrameworkStatus.values)}
        raise ValidationError(f"{where}: {message}" if where else {"status": message}, code="invalid")


@transaction.atomic
def create_framework(*, actor, slug: str, **fields) -> Framework:
    """A new framework (its slug is its permanent key in addresses, the API and imports)."""
    _require(actor, "create", _("Only national coordinators and administrators may add frameworks."))
    unknown = set(fields) - set(FRAMEWORK_EDITABLE)
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be set here")
    slug = (slug or "").strip()
    if Framework.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("A framework with this slug already exists.")}, code="duplicate")
    fields.setdefault("status", FrameworkStatus.PUBLISHED)
    framework = Framework(slug=slug, **{k: v if v is not None else "" for k, v in fields.items() if k != "year"},
                          year=fields.get("year"))
    _check_status(framework.status)
    _validated(framework)
    framework.save()
    audit.record(actor=actor, action="framework.create", obj=framework,
                 changes=audit.diff({}, _framework_snapshot(framework)))
    return framework


@transaction.atomic
def update_framework(*, actor, framework: Framework, **fields) -> Framework:
    _require(actor, "change", _("Only national coordinators and administrators may edit frameworks."))
    before = _framework_snapshot(framework)
    for name, value in fields.items():
        if name not in FRAMEWORK_EDITABLE:
            raise ValueError(f"{name} cannot be edited here")
        setattr(framework, name, value if value is not None or name == "year" else "")
    _check_status(framework.status)
    _validated(framework)
    framework.save()
    audit.record(actor=actor, action="framework.update", obj=framework,
                 changes=audit.diff(before, _framework_snapshot(framework)))
    return framework


def _check_parent(framework: Framework, goal: Goal | None, parent: Goal | None) -> None:
    if parent is None:
        return
    if parent.framework_id != framework.pk:
        raise ValidationError({"parent": _("Choose a goal of the same framework.")}, code="invalid")
    if goal is not None and goal.pk is not None and parent.pk in goal_subtree_ids(goal):
        raise ValidationError({"parent": _("A goal cannot be nested under itself or one of its own sub-goals.")},
                              code="invalid")


def _check_number_free(framework: Framework, parent: Goal | None, number: str, exclude: int | None = None) -> None:
    siblings = Goal.objects.filter(framework=framework, parent=parent, number=number)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude)
    if siblings.exists():
        raise ValidationError({"number": _("Another goal at this level already has the number %(number)s.") % {
            "number": number}}, code="duplicate")


def _next_position(framework: Framework, parent: Goal | None) -> int:
    last = Goal.objects.filter(framework=framework, parent=parent).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


@transaction.atomic
def create_goal(*, actor, framework: Framework, number, parent: Goal | None = None, position: int | None = None,
                **fields) -> Goal:
    """A goal of `framework`, nested under `parent` when given (to any depth); appended after its siblings."""
    _require(actor, "create", _("Only national coordinators and administrators may add goals."))
    unknown = set(fields) - set(GOAL_EDITABLE)
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be set here")
    number = clean_goal_number(number)
    _check_parent(framework, None, parent)
    _check_number_free(framework, parent, number)
    goal = Goal(framework=framework, parent=parent, number=number,
                position=position if position is not None else _next_position(framework, parent),
                **{k: v if v is not None else "" for k, v in fields.items()})
    if goal.aliases in ("", None):
        goal.aliases = []
    _validated(goal)
    goal.save()
    audit.record(actor=actor, action="goal.create", obj=goal, changes=audit.diff({}, _goal_snapshot(goal)))
    return goal


@transaction.atomic
def update_goal(*, actor, goal: Goal, **fields) -> Goal:
    """Change a goal's number, place in the tree (parent, position), titles, descriptions or other wordings."""
    _require(actor, "change", _("Only national coordinators and administrators may edit goals."))
    before = _goal_snapshot(goal)
    for name in fields:
        if name not in GOAL_EDITABLE:
            raise ValueError(f"{name} cannot be edited here")
    parent = fields.get("parent", goal.parent)
    number = clean_goal_number(fields.get("number", goal.number))
    _check_parent(goal.framework, goal, parent)
    _check_number_free(goal.framework, parent, number, exclude=goal.pk)
    moved = (parent.pk if parent else None) != goal.parent_id
    for name, value in fields.items():
        if name in {"number", "parent"}:
            continue
        if name == "position" and value is None:
            continue
        setattr(goal, name, value if value is not None else ([] if name == "aliases" else ""))
    goal.number, goal.parent = number, parent
    if moved and fields.get("position") is None:
        goal.position = _next_position(goal.framework, parent)
    _validated(goal)
    goal.save()
    audit.record(actor=actor, action="goal.update", obj=goal, changes=audit.diff(before, _goal_snapshot(goal)))
    return goal


@transaction.atomic
def delete_goal(*, actor, goal: Goal) -> None:
    """Delete a goal with its sub-goals and paragraphs; refused while practices are linked to any of them."""


    _require(actor, "delete", _("Only national coordinators and administrators may delete goals."))
    ids = goal_subtree_ids(goal)
    linked = PracticeGoal.objects.filter(goal_id__in=ids).values("practice_id").distinct().count()
    if linked:
        raise ValidationError(ngettext(
            "Goal %(number)s cannot be deleted: %(count)d practice is linked to it or to a goal under it. "
            "Link that practice to another goal first.",
            "Goal %(number)s cannot be deleted: %(count)d practices are linked to it or to goals under it. "
            "Link those practices to other goals first.",
            linked,
        ) % {"number": goal.number, "count": linked}, code="linked")
    audit.record(actor=actor, action="goal.delete", obj=goal, changes={
        "number": goal.number, "title_en": goal.title_en, "title_ar": goal.title_ar,
        "framework": goal.framework.slug, "goals_deleted": len(ids),
    })
    goal.delete()


@transaction.atomic
def set_paragraph(*, actor, goal: Goal, number: int, text: str, lang: str | None = None) -> Paragraph:
    """Create or replace the numbered paragraph of a goal; its language is detected when not given."""
    _require(actor, "change", _("Only national coordinators and administrators may edit paragraphs."))
    text = (text or "").strip()
    paragraph = Paragraph.objects.filter(goal=goal, number=number).first()
    created = paragraph is None
    before = {} if created else {"text": paragraph.text, "lang": paragraph.lang}
    if created:
        paragraph = Paragraph(goal=goal, number=number)
    paragraph.text, paragraph.lang = text, lang or detect_language(text)
    _validated(paragraph)
    paragraph.save()
    audit.record(actor=actor, action="paragraph.create" if created else "paragraph.update", obj=paragraph,
                 changes=audit.diff(before, {"text": paragraph.text, "lang": paragraph.lang}) | {"number": number})
    return paragraph


@transaction.atomic
def delete_paragraph(*, actor, paragraph: Paragraph) -> None:
    """Delete a paragraph; refused while practices cite it."""
    _require(actor, "delete", _("Only national coordinators and administrators may delete paragraphs."))
    cited = paragraph.practice_links.count()
    if cited:
        raise ValidationError(ngettext(
            "Paragraph (%(number)s) cannot be deleted: %(count)d practice cites it.",
            "Paragraph (%(number)s) cannot be deleted: %(count)d practices cite it.",
            cited,
        ) % {"number": paragraph.number, "count": cited}, code="linked")
    audit.record(actor=actor, action="paragraph.delete", obj=paragraph,
                 changes={"goal": str(paragraph.goal), "number": paragraph.number, "text": paragraph.text})
    paragraph.delete()


class ImportReport:
    """What an import did: whether the framework was new, and goals and paragraphs created/updated/unchanged."""
    def __init__(self, *, framework_created: bool):
        self.framework_created = framework_created
        self.counts = {f"{kind}_{outcome}": 0 for kind in ("goals", "paragraphs")
                       for outcome in ("created", "updated", "unchanged")}
        self.warnings: list[str] = []

    def count(self, kind: str, outcome: str) -> None:
        self.counts[f"{kind}_{outcome}"] += 1

    def as_dict(self) -> dict:
        return {"framework_created": self.framework_created, **self.counts, "warnings": list(self.warnings)}


def problem_text(problem) -> str:
    """An interchange problem in the active language: "line 12, goals[0].number: what is wrong"."""
    params = {key: _(value) if key == "found" else value for key, value in problem.params.items()}
    message = _(problem.message) % params if params else _(problem.message)
    if problem.line and problem.key:
        return _("line %(line)s, %(key)s: %(problem)s") % {"line": problem.line, "key": problem.key,
                                                           "problem": message}
    if problem.line:
        return _("line %(line)s: %(problem)s") % {"line": problem.line, "problem": message}
    if problem.key:
        return _("%(key)s: %(problem)s") % {"key": problem.key, "problem": message}
    return message


@transaction.atomic
def import_framework(*, actor, data: bytes | str, filename: str = "", slug: str | None = None,
                     title_en: str = "", title_ar: str = "", fmt: str | None = None) -> tuple:
    """Create or update a framework from compendium text, YAML or JSON, in one transaction.

    Matching is by slug, then by goal number among siblings and paragraph number, so importing the same
    content again changes nothing, and an Arabic text after an English one adds the Arabic titles. Empty
    values never erase what is recorded; nothing is deleted. `slug`, `title_en`, `title_ar` (from the import
    form) take precedence over the file's. Returns (framework, ImportReport); raises ValidationError with
    every problem, naming its line or key, and then nothing is written.
    """
    _require(actor, "import", _("Only national coordinators and administrators may import frameworks."))
    try:
        spec = interchange.parse(data, filename=filename, fmt=fmt)
    except interchange.InterchangeError as exc:
        raise ValidationError([problem_text(p) for p in exc.problems], code="invalid") from exc
    slug = (slug or spec.slug or "").strip()
    if not slug:
        raise ValidationError(_("The file does not say which framework it is: give a slug (Latin letters, digits "
                                "and hyphens, such as iraq-ns-2019)."), code="no_slug")
    framework = Framework.objects.filter(slug=slug).first()
    report = ImportReport(framework_created=framework is None)
    report.warnings = [problem_text(p) for p in spec.warnings]
    values = {name: getattr(spec, name) for name in FRAMEWORK_EDITABLE if getattr(spec, name) not in ("", None)}
    values |= {k: v.strip() for k, v in {"title_en": title_en, "title_ar": title_ar}.items() if v and v.strip()}
    _check_status(values.get("status", ""), where=_("status"))
    if framework is None:
        values.setdefault("status", FrameworkStatus.IMPORTED)
        framework = Framework(slug=slug)
        before = {}
    else:
        before = _framework_snapshot(framework)
    for name, value in values.items():
        setattr(framework, name, value)
    try:
        _validated(framework)
    except ValidationError as exc:
        raise ValidationError([f"{_('framework')}: {m}" for m in exc.messages], code="invalid") from exc
    framework.save()
    _import_goals(framework, None, "", spec.goals, report)
    audit.record(actor=actor, action="framework.import", obj=framework, changes={
        "file": filename, **audit.diff(before, _framework_snapshot(framework)), **report.counts,
        "warnings": len(report.warnings),
    })
    return framework, report


def _import_goals(framework: Framework, parent: Goal | None, prefix: str, specs: list, report: ImportReport) -> None:
    existing = {goal.number: goal for goal in Goal.objects.filter(framework=framework, parent=parent)}
    position = max((goal.position for goal in existing.values()), default=0)
    texts = ("title_en", "title_ar", "description_en", "description_ar")
    for spec in specs:
        path = f"{prefix}.{spec.number}" if prefix else spec.number
        where = _("goal %(number)s") % {"number": path}
        try:
            number = clean_goal_number(spec.number)
        except ValidationError as exc:
            raise ValidationError([f"{where}: {m}" for m in exc.messages], code="invalid") from exc
        goal = existing.get(number)
        if goal is None:
            position += 1
            goal = Goal(framework=framework, parent=parent, number=number, position=position,
                        aliases=list(spec.aliases), **{name: getattr(spec, name) for name in texts})
            _validated(goal, where)
            goal.save()
            existing[number] = goal
            report.count("goals", "created")
        else:
            changed = False
            for name in texts:
                value = getattr(spec, name)
                if value and value != getattr(goal, name):
                    setattr(goal, name, value)
                    changed = True
            new_aliases = [a for a in spec.aliases if a not in goal.aliases]
            if new_aliases:
                goal.aliases = [*goal.aliases, *new_aliases]
                changed = True
            if changed:
                _validated(goal, where)
                goal.save()
            report.count("goals", "updated" if changed else "unchanged")
        _import_paragraphs(goal, where, spec.paragraphs, report)
        _import_goals(framework, goal, path, spec.children, report)


def _import_paragraphs(goal: Goal, where: str, specs: list, report: ImportReport) -> None:
    existing = {paragraph.number: paragraph for paragraph in goal.paragraphs.all()}
    for spec in specs:
        paragraph = existing.get(spec.number)
        if paragraph is None:
            paragraph = Paragraph(goal=goal, number=spec.number, text=spec.text, lang=spec.lang)
            outcome = "created"
        elif (paragraph.text, paragraph.lang) != (spec.text, spec.lang):
            paragraph.text, paragraph.lang = spec.text, spec.lang
            outcome = "updated"
        else:
            report.count("paragraphs", "unchanged")
            continue
        _validated(paragraph, f"{where} ({spec.number})")
        paragraph.save()
        report.count("paragraphs", outcome)


def framework_spec(framework: Framework):
    """The framework and its goal tree as an interchange.FrameworkSpec (what every export writes)."""
    def goal_spec(goal):
        return GoalSpec(
            number=goal.number, title_en=goal.title_en, title_ar=goal.title_ar,
            description_en=goal.description_en, description_ar=goal.description_ar, aliases=list(goal.aliases or []),
            paragraphs=[ParagraphSpec(p.number, p.text, p.lang) for p in goal.paragraph_list],
            children=[goal_spec(child) for child in goal.tree_children],
        )

    values = {name: getattr(framework, name) for name in ("slug", *FRAMEWORK_EDITABLE)}
    values = {name: str(value) if isinstance(value, str) else value for name, value in values.items()}  # enums
    return FrameworkSpec(**values, goals=[goal_spec(goal) for goal in goal_tree(framework)])


def export_framework(framework: Framework, fmt: str) -> str:
    """The framework as compendium text, YAML or JSON; importing the result gives the same tree back."""
    return dump(framework_spec(framework), fmt)




# --- goal suggestions on any record (practices, plan actions) ---------------------------------------------


def record_suggestions(*, subject, text: str, framework, linked_numbers: set, top_k: int = 3,
                       exclude_practice_id: int | None = None) -> list:
    """Ask the suggester which top-level goals of `framework` `text` serves, and keep them as pending
    `GoalSuggestion`s of `subject`. Goals already linked are skipped; a decided suggestion keeps its decision.
    The caller checks permission and writes the audit entry."""
    from django.contrib.contenttypes.models import ContentType

    from .models import GoalSuggestion
    from .queries import suggester_for

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
    if suggestion.status != "pending":
        raise ValidationError(_("This suggestion was already decided."))
    suggestion.status = "accepted" if accept else "rejected"
    suggestion.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    return suggestion
