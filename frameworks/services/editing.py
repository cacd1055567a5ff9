"""Frameworks as data: coordinators edit frameworks, goals and paragraphs by hand, or import a whole framework
from compendium text, YAML or JSON (`frameworks.interchange`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit
from core.text import detect_language

from .. import interchange
from ..choices import FrameworkStatus
from ..interchange import ascii_digits
from ..models import Framework, Goal, Paragraph
from ..permissions import can
from ..queries import goal_subtree_ids

FRAMEWORK_EDITABLE = (
    "title_en", "title_ar", "short_name", "year", "status", "description_en", "description_ar", "source",
)
GOAL_EDITABLE = (
    "number", "parent", "position", "title_en", "title_ar", "description_en", "description_ar", "aliases",
)


def _require(actor, action: str, message: str) -> None:
    if not can(actor, action):
        raise PermissionDenied(message)


def _framework_snapshot(framework: Framework) -> dict:
    return {name: getattr(framework, name) for name in ("slug", *FRAMEWORK_EDITABLE)}


def _goal_snapshot(goal: Goal) -> dict:
    snapshot = {name: getattr(goal, name) for name in GOAL_EDITABLE if name != "parent"}
    return snapshot | {"parent": goal.parent_id}


def _clean_goal_number(number) -> str:
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
    if framework.title_ar != before["title_ar"]:
        framework.title_ar_is_translation = False  # an Arabic title written here is no shipped translation
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
    number = _clean_goal_number(number)
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
    number = _clean_goal_number(fields.get("number", goal.number))
    _check_parent(goal.framework, goal, parent)
    _check_number_free(goal.framework, parent, number, exclude=goal.pk)
    moved = (parent.pk if parent else None) != goal.parent_id
    for name, value in fields.items():
        if name in {"number", "parent"}:
            continue
        if name == "position" and value is None:
            continue
        setattr(goal, name, value if value is not None else ([] if name == "aliases" else ""))
    if goal.title_ar != before["title_ar"]:
        goal.title_ar_is_translation = False  # an Arabic title written here is no shipped translation
    goal.number, goal.parent = number, parent
    if moved and fields.get("position") is None:
        goal.position = _next_position(goal.framework, parent)
    _validated(goal)
    goal.save()
    audit.record(actor=actor, action="goal.update", obj=goal, changes=audit.diff(before, _goal_snapshot(goal)))
    return goal


@transaction.atomic
def delete_goal(*, actor, goal: Goal) -> None:
    """Delete a goal with its sub-goals and paragraphs; refused while practices or plan actions cite any of them."""
    _require(actor, "delete", _("Only national coordinators and administrators may delete goals."))
    ids = goal_subtree_ids(goal)
    # Practices and plan actions are counted through the reverse relations (frameworks imports neither app);
    # the database protects both link tables too, so nothing cited is ever deleted silently.
    linked = (Goal.objects.filter(pk__in=ids, practice_links__isnull=False)
              .values("practice_links__practice").distinct().count())
    actions = (Goal.objects.filter(pk__in=ids, action_links__isnull=False)
               .values("action_links__action").distinct().count())
    refusals = []
    if linked:
        refusals.append(ValidationError(ngettext(
            "Goal %(number)s cannot be deleted: %(count)d practice is linked to it or to a goal under it. "
            "Link that practice to another goal first.",
            "Goal %(number)s cannot be deleted: %(count)d practices are linked to it or to goals under it. "
            "Link those practices to other goals first.",
            linked,
        ) % {"number": goal.number, "count": linked}, code="linked"))
    if actions:
        refusals.append(ValidationError(ngettext(
            "Goal %(number)s cannot be deleted: %(count)d plan action serves it or a goal under it. "
            "Link that action to another goal first.",
            "Goal %(number)s cannot be deleted: %(count)d plan actions serve it or goals under it. "
            "Link those actions to other goals first.",
            actions,
        ) % {"number": goal.number, "count": actions}, code="linked"))
    if refusals:
        raise ValidationError(refusals)
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


def _problem_text(problem) -> str:
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
        raise ValidationError([_problem_text(p) for p in exc.problems], code="invalid") from exc
    slug = (slug or spec.slug or "").strip()
    if not slug:
        raise ValidationError(_("The file does not say which framework it is: give a slug (Latin letters, digits "
                                "and hyphens, such as iraq-ns-2019)."), code="no_slug")
    framework = Framework.objects.filter(slug=slug).first()
    report = ImportReport(framework_created=framework is None)
    report.warnings = [_problem_text(p) for p in spec.warnings]
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
            number = _clean_goal_number(spec.number)
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
