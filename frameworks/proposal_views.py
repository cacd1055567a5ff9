"""The coordinators' page of proposals: what imports created from private documents (frameworks, goals,
paragraphs, organisations), seen only by the proposing organisation and coordinators until a coordinator
accepts each one or merges it into a record the platform holds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services as accounts_services
from accounts.models import Organisation

from . import permissions, services
from .models import Framework, Goal, Paragraph

KINDS = {"framework": Framework, "goal": Goal, "paragraph": Paragraph, "organisation": Organisation}


def _require(request) -> None:
    if not permissions.can(request.user, "review_proposals"):
        raise PermissionDenied(_("Only national coordinators and administrators decide on proposals."))


@login_required
def proposal_list(request):
    _require(request)
    frameworks = list(Framework.with_proposals.exclude(proposed_by=None).select_related("proposed_by")
                      .order_by("slug"))
    for framework in frameworks:
        framework.proposed_goals = list(Goal.with_proposals.filter(framework=framework).order_by("position", "id"))
    goals = list(Goal.with_proposals.exclude(proposed_by=None).filter(framework__proposed_by=None)
                 .select_related("framework", "proposed_by").order_by("framework__slug", "position", "id"))
    for goal in goals:
        goal.merge_options = [
            (choice.pk, f"{_('Goal')} {choice.number}: {Truncator(choice.title).chars(60)}", choice.number == goal.number)
            for choice in Goal.objects.filter(framework=goal.framework_id, parent=None).order_by("position", "id")]
    paragraphs = list(Paragraph.with_proposals.exclude(proposed_by=None).filter(goal__proposed_by=None)
                      .select_related("goal__framework", "proposed_by").order_by("goal_id", "number"))
    for paragraph in paragraphs:
        paragraph.merge_options = [
            (choice.pk, f"({choice.number}) {Truncator(choice.text).chars(50)}", choice.number == paragraph.number)
            for choice in Paragraph.objects.filter(goal=paragraph.goal_id).order_by("number")]
    organisations = list(Organisation.with_proposals.exclude(proposed_by=None).select_related("proposed_by")
                         .order_by("name"))
    # Any organisation the directory holds may take a proposed one in: one list, shared by every row.
    directory = [(org.pk, Truncator(org.name).chars(60), False)
                 for org in Organisation.objects.order_by("name").only("id", "name")] if organisations else []
    for organisation in organisations:
        organisation.merge_options = directory
    context = {
        "frameworks": frameworks, "goals": goals, "paragraphs": paragraphs, "organisations": organisations,
        "count": len(frameworks) + len(goals) + len(paragraphs) + len(organisations),
    }
    return render(request, "frameworks/proposals.html", context)


@login_required
@require_POST
def proposal_decide(request):
    """POST kind (framework | goal | paragraph | organisation), pk, decision (accept | merge) and, to merge,
    into (the id of the accepted record of the same kind)."""
    _require(request)
    model = KINDS.get(request.POST.get("kind", ""))
    pk, into = request.POST.get("pk", ""), request.POST.get("into", "")
    record = model.with_proposals.filter(pk=pk).first() if model and pk.isdigit() else None
    decision = request.POST.get("decision")
    if record is None or decision not in {"accept", "merge"}:
        messages.error(request, _("That proposal is not known, or was decided already."))
        return redirect("frameworks:proposals")
    try:
        if decision == "accept" and model is Organisation:
            accounts_services.accept_organisation(actor=request.user, organisation=record)
        elif decision == "accept":
            services.accept_proposal(actor=request.user, record=record)
        else:
            target = model.objects.filter(pk=into).first() if into.isdigit() else None
            if target is None:
                raise ValidationError(_("Choose the record to merge the proposal into."))
            if model is Organisation:
                accounts_services.merge_organisation(actor=request.user, organisation=record, into=target)
            else:
                services.merge_proposal(actor=request.user, record=record, into=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The proposal was accepted.") if decision == "accept"
                         else _("The proposal was merged."))
    return redirect("frameworks:proposals")
