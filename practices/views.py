"""The good-practice library: list with filters, compendium-style detail, form, review moves."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import primary_organisation
from core import audit
from core.access import refused, withheld
from core.forms import add_service_errors
from core.htmx import paginate, render_page
from core.idempotency import already_created, create_once
from documents import permissions as documents_permissions
from search import engine as search_engine

from . import permissions, queries, services
from .choices import TRANSITIONS, PracticeStatus
from .filters import PracticeFilterSet
from .forms import PracticeForm, TransitionForm
from .models import Practice
from .review import changes_since_submission
from .workflow import MOVE_LABELS, workflow_guide

PAGE_SIZE = 20


def practice_list(request):
    base = permissions.visible_to(request.user, Practice.objects.all())
    filterset = PracticeFilterSet(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = queryset.select_related("country", "organisation").prefetch_related(queries.goal_links_for(request.user))
    context = {
        "filterset": filterset,
        "can_create": permissions.can(request.user, "create"),
        **paginate(request, queryset.order_by("name", "id"), PAGE_SIZE),
    }
    return render_page(request, "practices/list.html", "practices/_results.html", context)


def _visible_practice(request, pk) -> Practice:
    queryset = permissions.visible_to(request.user, Practice.objects.all())
    practice = queryset.select_related("country", "organisation", "source_document", "owner").prefetch_related(
        queries.goal_links_for(request.user)
    ).filter(pk=pk).first()
    if practice is None:
        raise withheld(request, Practice, pk, _("No such practice, or you may not see it."))
    return practice


def practice_detail(request, pk):
    practice = _visible_practice(request, pk)
    moves = [
        {"to": dst, "action": action}
        for (src, dst), action in TRANSITIONS.items()
        if src == practice.status and permissions.can(request.user, action, practice)
    ]
    show_history = permissions.can(request.user, "change", practice)
    steps = review_steps(request.user, practice)
    context = {
        "practice": practice,
        "moves": [{**move, "label": MOVE_LABELS[move["action"]]} for move in moves],
        # Who acts next: for those who take part in the review (its organisation and reviewers).
        "workflow": workflow_guide(request.user, practice) if permissions.may_read_review_details(
            request.user, practice) else None,
        "last_step": steps[-1] if steps else None,
        "changes": changes_since_submission(request.user, practice),
        "can_change": permissions.can(request.user, "change", practice),
        "review_steps": steps,
        "show_import_warnings": permissions.may_read_import_warnings(request.user, practice),
        "history": audit.history(practice)[:50] if show_history else [],
        # A published practice may come from another organisation's private document: name it only to its readers.
        "source_document_visible": practice.source_document is not None
        and documents_permissions.can(request.user, "view", practice.source_document),
        # Nearest by meaning, in either language, among what this reader may see.
        "similar": search_engine.similar(request.user, practice),
    }
    if context["can_change"]:
        context.update(_suggestion_context(request, practice))
    return render(request, "practices/detail.html", context)


def review_steps(user, practice) -> list:
    """The review history as `user` may read it: everyone sees each step and the organisation that took it;
    who exactly (the login name) and the comment are for those who may review it and the owning organisation."""
    detailed = permissions.may_read_review_details(user, practice)
    steps = list(practice.review_steps.select_related("actor"))
    organisations = {}
    for step in steps:
        if step.actor_id not in organisations:
            organisations[step.actor_id] = primary_organisation(step.actor) if step.actor_id else None
        step.organisation = organisations[step.actor_id]
        step.detailed = detailed
    return steps


@login_required
def practice_create(request):
    if not permissions.can(request.user, "create"):
        raise PermissionDenied(_("Only members of an organisation may add practices."))
    if (done := already_created(request)) is not None:  # the same form sent again: nothing twice
        messages.info(request, _("This form was already saved; nothing was added twice."))
        return redirect(done)
    form = PracticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        goals = data.pop("goals")
        try:
            practice, _created = create_once(request, lambda: services.create_practice(
                actor=request.user, goals=goals, **data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The practice was saved as a draft."))
            return redirect(practice)
    return render(request, "practices/form.html", {"form": form, "practice": None})


@login_required
def practice_edit(request, pk):
    practice = _visible_practice(request, pk)
    if not permissions.can(request.user, "change", practice):
        raise PermissionDenied(_("You may not edit this practice."))
    form = PracticeForm(request.POST or None, instance=practice, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        goals = data.pop("goals")
        try:
            services.update_practice(actor=request.user, practice=Practice.objects.get(pk=pk), goals=goals, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(practice)
    return render(request, "practices/form.html", {"form": form, "practice": practice})


@login_required
@require_POST
def practice_transition(request, pk):
    practice = _visible_practice(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["to_status"] not in PracticeStatus.values:
        messages.error(request, _("That review step is not known."))
        return redirect(practice)
    try:
        services.transition_practice(
            actor=request.user, practice=practice, to_status=form.cleaned_data["to_status"],
            comment=form.cleaned_data["comment"],
        )
    except (ValidationError, PermissionDenied) as exc:
        reason = " ".join(getattr(exc, "messages", [str(exc)]))
        refused(request, what=f"practice.transition:{form.cleaned_data['to_status']}", obj=practice, reason=reason)
        messages.error(request, reason)
    else:
        messages.success(request, _("The practice is now: %(status)s.") % {"status": practice.get_status_display()})
    return redirect(practice)



def _suggestion_context(request, practice, framework=None):
    from django.contrib.contenttypes.models import ContentType

    from frameworks.models import Framework, GoalSuggestion

    frameworks = Framework.objects.filter(goals__isnull=False).distinct().order_by("slug")
    suggestions = GoalSuggestion.objects.filter(
        content_type=ContentType.objects.get_for_model(Practice), object_id=practice.pk
    ).select_related("goal__framework", "decided_by").order_by("status", "-confidence")
    return {"practice": practice, "frameworks": frameworks, "suggestions": suggestions,
            "chosen": framework or frameworks.filter(slug=settings.WIQAYA_SUGGEST_FRAMEWORK).first()
            or frameworks.first()}


@login_required
def practice_suggestions(request, pk):
    """The goal-suggestion panel: GET shows it; POST asks the suggester for a chosen framework."""
    from frameworks.models import Framework

    practice = _visible_practice(request, pk)
    if not permissions.can(request.user, "change", practice):
        raise PermissionDenied(_("You may not change this practice's goals."))
    framework = None
    if request.method == "POST":
        framework = Framework.objects.filter(pk=request.POST.get("framework")).first()
        if framework is None:
            messages.error(request, _("Choose a framework."))
        else:
            services.suggest_goals(actor=request.user, practice=practice, framework=framework)
    context = _suggestion_context(request, practice, framework)
    if request.htmx:
        return render(request, "practices/_suggestions.html", context)
    return redirect(practice)


@login_required
@require_POST
def suggestion_decide(request, pk, suggestion_id):
    from frameworks.models import GoalSuggestion

    practice = _visible_practice(request, pk)
    suggestion = GoalSuggestion.objects.filter(pk=suggestion_id, object_id=practice.pk).first()
    if suggestion is None:
        raise Http404(_("No such suggestion."))
    try:
        services.decide_goal_suggestion(actor=request.user, suggestion=suggestion,
                                        accept=request.POST.get("decision") == "accept")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        response = render(request, "practices/_suggestions.html", _suggestion_context(request, practice))
        if request.POST.get("decision") == "accept":
            # The goal list beside the panel changed too: reload the page to show the new link.
            response["HX-Refresh"] = "true"
        return response
    return redirect(practice)
