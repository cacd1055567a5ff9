"""Crosswalk pages: goals of one framework linked to goals of another, suggested by the platform and
confirmed or rejected by a national coordinator."""

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, services
from .choices import CrosswalkStatus, Relation
from .models import Crosswalk, Framework


def _pair(request):
    frameworks = list(Framework.objects.filter(goals__isnull=False).distinct().order_by("slug"))
    by_slug = {f.slug: f for f in frameworks}
    source = by_slug.get(request.GET.get("source") or request.POST.get("source"))
    target = by_slug.get(request.GET.get("target") or request.POST.get("target"))
    if source is None and frameworks:
        source = by_slug.get(settings.WIQAYA_COMPENDIUM_FRAMEWORK, frameworks[0])
    if target is None or target == source:
        others = [f for f in frameworks if f != source]
        target = _most_linked(source, others) or by_slug.get(settings.WIQAYA_NATIONAL_FRAMEWORK)
        if target is None or target == source:
            target = next(iter(others), None)
    return frameworks, source, target


def _most_linked(source, others):
    """Of `others`, the framework that shares the most crosswalks with `source` (None when none does)."""
    if source is None:
        return None
    counts = Counter()
    for row in (Crosswalk.objects.filter(source__framework=source).values("target__framework")
                .annotate(n=Count("id"))):
        counts[row["target__framework"]] += row["n"]
    for row in (Crosswalk.objects.filter(target__framework=source).values("source__framework")
                .annotate(n=Count("id"))):
        counts[row["source__framework"]] += row["n"]
    linked = [f for f in others if counts[f.pk]]
    return max(linked, key=lambda f: (counts[f.pk], f.slug == settings.WIQAYA_NATIONAL_FRAMEWORK)) if linked else None


def crosswalk_list(request):
    frameworks, source, target = _pair(request)
    links = Crosswalk.objects.none()
    if source and target:
        links = Crosswalk.objects.filter(
            Q(source__framework=source, target__framework=target) | Q(source__framework=target, target__framework=source)
        ).select_related("source__framework", "target__framework", "decided_by")
        if not permissions.can(request.user, "confirm_crosswalk"):
            # Readers see the links a coordinator confirmed, not the machine's suggestions.
            links = links.filter(status=CrosswalkStatus.CONFIRMED)
        # A link to a proposed goal (from a private document) only for those who may see the proposal.
        links = permissions.visible_to(request.user, links, field="source__proposed_by")
        links = permissions.visible_to(request.user, links, field="target__proposed_by")
    order = {CrosswalkStatus.SUGGESTED: 0, CrosswalkStatus.CONFIRMED: 1, CrosswalkStatus.REJECTED: 2}
    links = sorted(links, key=lambda link: (order[link.status], link.source.position, -(link.score or 0)))
    context = {
        "frameworks": frameworks, "source": source, "target": target, "links": links,
        "relations": Relation.choices, "can_decide": permissions.can(request.user, "confirm_crosswalk"),
    }
    return render(request, "frameworks/crosswalks.html", context)


def _back(source, target):
    return redirect(f"{reverse('crosswalks:list')}?source={source.slug}&target={target.slug}")


@require_POST
def crosswalk_suggest(request):
    _frameworks, source, target = _pair(request)
    if source is None or target is None:
        raise Http404(_("Choose two frameworks."))
    try:
        links = services.suggest_crosswalks(actor=request.user, source=source, target=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)d links suggested; confirm or reject each.") % {"n": len(links)})
    return _back(source, target)


@require_POST
def crosswalk_decide(request, pk):
    link = Crosswalk.objects.select_related("source__framework", "target__framework").filter(pk=pk).first()
    if link is None:
        raise Http404(_("No such link."))
    if not permissions.can(request.user, "confirm_crosswalk"):
        raise PermissionDenied(_("Only national coordinators may confirm or reject crosswalk links."))
    try:
        services.decide_crosswalk(actor=request.user, crosswalk=link, confirm=request.POST.get("decision") == "confirm",
                                  relation=request.POST.get("relation") or None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(link.source.framework, link.target.framework)
