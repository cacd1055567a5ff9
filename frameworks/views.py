"""Framework pages: the list, the goal tree, forms for frameworks, goals and paragraphs, import, export and
the coverage view (goals × practices, directly and through confirmed crosswalk links)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit
from core.forms import add_service_errors
from core.htmx import render_page
from core.text import sort_key

from . import permissions, queries, services
from .exports import export_framework
from .forms import FrameworkForm, GoalForm, ImportForm, ParagraphForm
from .models import Framework, Goal, Paragraph

EXPORTS = {
    "text": ("txt", "text/plain; charset=utf-8"),
    "yaml": ("yaml", "application/yaml; charset=utf-8"),
    "json": ("json", "application/json; charset=utf-8"),
}


def _require(request, action: str) -> None:
    if not permissions.can(request.user, action):
        raise PermissionDenied(_("Only national coordinators and administrators may change frameworks."))


def _framework(request, slug) -> Framework:
    framework = permissions.visible_to(request.user, Framework.with_proposals.filter(slug=slug)).first()
    if framework is None:
        raise Http404(_("No such framework."))
    return framework


def _goal(framework, pk) -> Goal:
    return get_object_or_404(Goal.objects.select_related("framework", "parent"), framework=framework, pk=pk)


def _path(goal: Goal) -> str:
    """The goal's number with its parents', such as 1.2.3."""
    numbers = []
    while goal is not None:
        numbers.append(goal.number)
        goal = goal.parent
    return ".".join(reversed(numbers))


def _shown(obj, name: str) -> tuple[str, str]:
    """(text, language) of a bilingual field for the active language, falling back to the other language."""
    arabic = (get_language() or "en").startswith("ar")
    order = ("ar", "en") if arabic else ("en", "ar")
    for lang in order:
        value = getattr(obj, f"{name}_{lang}")
        if value:
            return value, lang
    return "", order[0]


def _decorate(goals) -> None:
    """What the templates show of each goal: title and description in the reader's language, else the other."""
    for goal in goals:
        goal.shown_title, goal.shown_title_lang = _shown(goal, "title")
        goal.shown_description, goal.shown_description_lang = _shown(goal, "description")



def framework_list(request):
    frameworks = list(
        permissions.visible_to(request.user, Framework.with_proposals.all())
        .annotate(goal_count=Count("goals", distinct=True, filter=Q(goals__proposed_by=None))).order_by("slug")
    )
    counts = queries.linked_counts(queries.visible_links(request.user))  # practices (registered by that app)
    for framework in frameworks:
        framework.practice_count = counts.get(framework.pk, 0)
        framework.shown_title, framework.shown_title_lang = _shown(framework, "title")
    frameworks.sort(key=lambda f: sort_key(f.shown_title or f.slug, get_language() or "en"))  # the reader's order
    context = {
        "frameworks": frameworks,
        "can_create": permissions.can(request.user, "create"),
        "can_import": permissions.can(request.user, "import"),
        "can_review_proposals": permissions.can(request.user, "review_proposals"),
    }
    return render(request, "frameworks/list.html", context)


def framework_detail(request, slug):
    framework = _framework(request, slug)
    roots = queries.goal_tree(framework, reader=request.user)
    goals = list(queries.walk_tree(roots))
    _decorate(goals)
    framework.shown_title, framework.shown_title_lang = _shown(framework, "title")
    framework.shown_description, framework.shown_description_lang = _shown(framework, "description")
    context = {
        "framework": framework,
        "roots": roots,
        "goal_count": len(goals),
        "paragraph_count": sum(len(goal.paragraph_list) for goal in goals),
        "can_change": permissions.can(request.user, "change"),
        "exports": list(EXPORTS),
        # Who edited the framework is the editors' business; readers see the framework itself.
        "history": audit.history(framework)[:50] if permissions.can(request.user, "change") else [],
    }
    return render(request, "frameworks/detail.html", context)


@login_required
def framework_create(request):
    _require(request, "create")
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            framework = services.create_framework(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The framework was created. Add its goals."))
            return redirect("frameworks:detail", slug=framework.slug)
    return render(request, "frameworks/form.html", {"form": form, "framework": None})


@login_required
def framework_edit(request, slug):
    _require(request, "change")
    framework = _framework(request, slug)
    form = FrameworkForm(request.POST or None, instance=framework)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_framework(actor=request.user, framework=_framework(request, slug), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("frameworks:detail", slug=slug)
    return render(request, "frameworks/form.html", {"form": form, "framework": _framework(request, slug)})


@login_required
def goal_create(request, slug):
    _require(request, "create")
    framework = _framework(request, slug)
    initial = {}
    parent_id = request.GET.get("parent")
    if parent_id and parent_id.isdigit() and Goal.objects.filter(framework=framework, pk=parent_id).exists():
        initial["parent"] = int(parent_id)
    form = GoalForm(request.POST or None, instance=Goal(framework=framework), framework=framework, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.create_goal(actor=request.user, framework=framework, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Goal %(number)s was added.") % {"number": goal.number})
            return redirect(f"{reverse('frameworks:detail', args=[slug])}#goal-{goal.pk}")
    context = {"form": form, "framework": framework, "goal": None}
    return render(request, "frameworks/goal_form.html", context)


@login_required
def goal_edit(request, slug, pk):
    _require(request, "change")
    framework = _framework(request, slug)
    goal = _goal(framework, pk)
    form = GoalForm(request.POST or None, instance=goal, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_goal(actor=request.user, goal=_goal(framework, pk), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(f"{reverse('frameworks:detail', args=[slug])}#goal-{pk}")
    goal = _goal(framework, pk)
    goal.path = _path(goal)
    context = {
        "form": form,
        "framework": framework,
        "goal": goal,
        "paragraphs": goal.paragraphs.order_by("number"),
        "paragraph_form": ParagraphForm(auto_id="paragraph_%s"),
    }
    return render(request, "frameworks/goal_form.html", context)


@login_required
@require_POST
def goal_delete(request, slug, pk):
    _require(request, "delete")
    framework = _framework(request, slug)
    goal = _goal(framework, pk)
    try:
        services.delete_goal(actor=request.user, goal=goal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("frameworks:goal_edit", slug=slug, pk=pk)
    messages.success(request, _("Goal %(number)s was deleted.") % {"number": goal.number})
    return redirect("frameworks:detail", slug=slug)


@login_required
@require_POST
def paragraph_set(request, slug, pk):
    _require(request, "change")
    goal = _goal(_framework(request, slug), pk)
    form = ParagraphForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_paragraph(actor=request.user, goal=goal, number=data["number"], text=data["text"],
                                   lang=data["lang"] or None)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Paragraph (%(number)s) was saved.") % {"number": data["number"]})
    else:
        messages.error(request, _("Give the paragraph a number and a text."))
    return redirect(f"{reverse('frameworks:goal_edit', args=[slug, pk])}#paragraphs")


@login_required
@require_POST
def paragraph_delete(request, slug, pk, number):
    _require(request, "delete")
    goal = _goal(_framework(request, slug), pk)
    paragraph = get_object_or_404(Paragraph, goal=goal, number=number)
    try:
        services.delete_paragraph(actor=request.user, paragraph=paragraph)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Paragraph (%(number)s) was deleted.") % {"number": number})
    return redirect(f"{reverse('frameworks:goal_edit', args=[slug, pk])}#paragraphs")


@login_required
def framework_import(request):
    _require(request, "import")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        data, filename = form.payload()
        try:
            framework, report = services.import_framework(
                actor=request.user, data=data, filename=filename, slug=form.cleaned_data["slug"] or None,
                title_en=form.cleaned_data["title_en"], title_ar=form.cleaned_data["title_ar"],
                fmt=form.cleaned_data["fmt"] or None,
            )
        except ValidationError as exc:
            problems = exc.messages
        else:
            counts = report.counts
            messages.success(request, _(
                "Imported: %(goals_created)s goals added, %(goals_updated)s updated, %(goals_unchanged)s unchanged; "
                "%(paragraphs_created)s paragraphs added, %(paragraphs_updated)s updated, "
                "%(paragraphs_unchanged)s unchanged."
            ) % counts)
            for warning in report.warnings[:20]:
                messages.warning(request, warning)
            return redirect("frameworks:detail", slug=framework.slug)
    return render(request, "frameworks/import.html", {"form": form, "problems": problems})


def framework_export(request, slug, fmt):
    framework = _framework(request, slug)
    if fmt not in EXPORTS:
        raise Http404(_("Unknown export format."))
    extension, content_type = EXPORTS[fmt]
    response = HttpResponse(export_framework(framework, fmt, reader=request.user).encode("utf-8"),
                            content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}.{extension}"'
    return response


def framework_coverage(request, slug):
    framework = _framework(request, slug)
    rows = queries.coverage(framework, links=queries.visible_links(request.user), reader=request.user)
    _decorate(row.goal for row in rows)
    gaps_only = request.GET.get("gaps") == "1"
    framework.shown_title, framework.shown_title_lang = _shown(framework, "title")
    others = Framework.objects.exclude(pk=framework.pk).filter(goals__isnull=False).distinct().order_by("slug")
    context = {
        "framework": framework,
        "rows": [row for row in rows if row.is_gap] if gaps_only else rows,
        "goal_count": len(rows),
        "gap_count": sum(1 for row in rows if row.is_gap),
        "gaps_only": gaps_only,
        "others": others,
        "practices_url": reverse("practices:list"),
    }
    return render_page(request, "frameworks/coverage.html", "frameworks/_coverage_table.html", context)
