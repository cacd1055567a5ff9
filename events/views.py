"""Pages of events: the list (filters, an empty state that says what to do), an event's page (facts, conveners,
audience, agenda, documents, participation by organisation with its totals, minutes, its recommendations), the
event form, participation, documents, minutes (edit, approve) and publishing.

Every read goes through `events.permissions.…_visible_to` (a record the reader may not see answers 404 through
`core.access.withheld`); every write goes through `events.services`; a refused move is recorded through
`core.access.refused`. Minutes show to the event's conveners (and coordinators) while they are a draft, and to
everyone who sees the event once approved and published.
"""

from __future__ import annotations

import importlib
import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import OrganisationKind
from core.access import refused, withheld
from core.forms import add_service_errors
from core.htmx import paginate, render_page
from core.idempotency import already_created, create_once
from core.uploads import refused_messages

from . import permissions
from .choices import Audience, MinutesStatus
from .filters import EventFilterSet
from .forms import DocumentForm, EventForm, MinutesForm, ParticipationForm
from .models import Event, EventDocument, Minutes, Participation

PAGE_SIZE = 25


def _services(name: str = "events"):
    """A module of `events.services`, read when a page writes."""
    return importlib.import_module(f"events.services.{name}")


def _messages_of(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def _is_stale(exc) -> bool:
    return type(exc).__name__ == "StaleRecord"


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _event(request, pk) -> Event:
    event = permissions.events_visible_to(request.user, Event.objects.filter(pk=pk)).select_related(
        "place__parent", "governorate").first()
    if event is None:
        raise withheld(request, Event, pk, _("No such event, or you may not see it."))
    return event


def _managed_event(request, pk, message=None) -> Event:
    event = _event(request, pk)
    _require(permissions.can(request.user, "change_event", event),
             message or _("An event is managed by its convening organisations and national coordinators."))
    return event


def url_or_empty(name: str, *args) -> str:
    """The page `name` when the installation has it (the recommendation pages and the follow-up are built beside
    these), else an empty string: the link is left out rather than the page failing."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- the list ----------------------------------------------------------------------------------------------------

def event_list(request):
    """Events the reader sees (anonymous readers: published ones), newest first, filtered as in the API."""
    base = permissions.events_visible_to(request.user, Event.objects.all())
    filterset = EventFilterSet(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = (queryset.select_related("place", "governorate").prefetch_related("conveners")
                .annotate(organisation_count=Count("participations", distinct=True),
                          participant_count=Sum("participations__participants"))
                .order_by("-start_date", "-pk"))
    listing = paginate(request, queryset, PAGE_SIZE)
    context = {"filterset": filterset, "events": listing["page"].object_list,
               "can_create": permissions.can(request.user, "add_event"),
               "follow_up_url": url_or_empty("events:accountability"), **listing}
    return render_page(request, "events/events.html", "events/_event_results.html", context)


# --- an event's page ---------------------------------------------------------------------------------------------

def participation_figures(event) -> dict:
    """The participation table's rows (organisation, its type, counts) and totals: all together and by type."""
    rows = list(event.participations.select_related("organisation").order_by("organisation__name", "pk"))
    kinds = dict(OrganisationKind.choices)
    by_kind: dict[str, dict] = {}
    for row in rows:
        group = by_kind.setdefault(row.kind, {"kind": row.kind, "label": kinds.get(row.kind, row.kind),
                                              "organisations": 0, "participants": 0, "women": 0, "youth": 0})
        group["organisations"] += 1
        for name in ("participants", "women", "youth"):
            group[name] += getattr(row, name)
    totals = {name: sum(getattr(r, name) for r in rows) for name in ("participants", "women", "youth")}
    totals["organisations"] = len(rows)
    return {"rows": rows, "totals": totals,
            "by_kind": sorted(by_kind.values(), key=lambda g: (-g["participants"], str(g["label"])))}


def _minutes(event) -> Minutes | None:
    try:
        return event.minutes
    except Minutes.DoesNotExist:
        return None


def minutes_shown(user, event, minutes) -> bool:
    """Draft minutes to the event's conveners and coordinators; approved and published ones to every reader of
    the event."""
    if minutes is None:
        return False
    if permissions.can(user, "change_event", event):
        return True
    return minutes.status == MinutesStatus.APPROVED and minutes.is_public and event.is_public


def _recommendation_rows(user, event) -> list[dict]:
    rows = []
    visible = permissions.recommendations_visible_to(user, event.recommendations.all()).order_by("position", "pk")
    for rec in visible:
        rows.append({"rec": rec, "url": url_or_empty("events:recommendation", rec.pk)})
    return rows


def event_context(request, event) -> dict:
    user = request.user
    can_change = permissions.can(user, "change_event", event)
    minutes = _minutes(event)
    audiences = dict(Audience.choices)
    return {
        "event": event,
        "conveners": event.conveners.order_by("name"),
        "audience_labels": [audiences.get(a, a) for a in event.audiences or []],
        "documents": permissions.documents_visible_to(user, event.documents.all()),
        "figures": participation_figures(event),
        "minutes": minutes if minutes_shown(user, event, minutes) else None,
        "recommendations": _recommendation_rows(user, event),
        "can_change": can_change,
        "can_publish": permissions.can(user, "publish_event", event),
        "can_approve": minutes is not None and minutes.status == MinutesStatus.DRAFT
        and permissions.can(user, "approve_minutes", event),
        "document_form": DocumentForm() if can_change else None,
        "follow_up_url": url_or_empty("events:event-follow-up", event.pk),
        "add_recommendation_url": url_or_empty("events:recommendation-create", event.pk)
        if permissions.can(user, "add_recommendation", event) else "",
        "import_url": url_or_empty("events:import", event.pk) if can_change else "",
    }


def event_detail(request, pk):
    event = _event(request, pk)
    return render(request, "events/event.html", event_context(request, event))


# --- the event form ------------------------------------------------------------------------------------------------

def _sent_before(request, record):
    messages.info(request, _("This form was already saved; nothing was added twice."))
    return redirect(record)


def _stale_message(event: Event) -> str:
    return _("Someone else changed this event meanwhile. The page now shows it as it is; check your changes and "
             "save again.")


def _event_form_page(request, event):
    if event is None and (done := already_created(request)) is not None:
        return _sent_before(request, done)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["audiences"] = list(data.get("audiences") or [])
        services = _services()
        try:
            if event is None:
                created, _created = create_once(request, lambda: services.create_event(actor=request.user, **data))
                messages.success(request, _("The event was recorded. Add the organisations that took part."))
                return redirect(created)
            data.pop("reference", None)
            version = request.POST.get("version")
            services.update_event(actor=request.user, event=Event.objects.get(pk=event.pk),
                                  version=int(version) if version and version.isdigit() else None, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            refused(request, what="events.event.save", obj=event, reason=str(exc))
            form.add_error("conveners", str(exc))
        except Exception as exc:
            if not _is_stale(exc):
                raise
            form.add_error(None, str(exc) or _stale_message(event))
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
def event_create(request):
    _require(permissions.can(request.user, "add_event"),
             _("A member of an organisation records the events it convenes."))
    return _event_form_page(request, None)


@login_required
def event_edit(request, pk):
    return _event_form_page(request, _managed_event(request, pk))


# --- participation -------------------------------------------------------------------------------------------------

@login_required
def participation(request, pk):
    """The organisations that took part, with their counts; a form to add one or change its counts."""
    event = _managed_event(request, pk)
    form = ParticipationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _services().set_participation(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            refused(request, what="events.participation.set", obj=event, reason=str(exc))
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(organisation)s: its participation was saved.") % {
                "organisation": form.cleaned_data["organisation"]})
            return redirect("events:participation", pk=event.pk)
    return render(request, "events/event_participation.html",
                  {"event": event, "form": form, "figures": participation_figures(event)})


@login_required
@require_POST
def participation_remove(request, pk):
    visible = permissions.events_visible_to(request.user, Event.objects.all()).values("pk")
    row = Participation.objects.filter(pk=pk, event__in=visible).select_related("event", "organisation").first()
    if row is None:
        raise withheld(request, Participation, pk, _("No such participation, or you may not see it."))
    event = row.event
    _require(permissions.can(request.user, "change_event", event),
             _("An event is managed by its convening organisations and national coordinators."))
    try:
        _services().remove_participation(actor=request.user, participation=row)
    except (ValidationError, PermissionDenied) as exc:
        refused(request, what="events.participation.remove", obj=event, reason=_messages_of(exc))
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("%(organisation)s was removed from the participants.") % {
            "organisation": row.organisation})
    return redirect("events:participation", pk=event.pk)


# --- documents -----------------------------------------------------------------------------------------------------

@login_required
@require_POST
def documents(request, pk):
    event = _managed_event(request, pk)
    for problem in refused_messages(request):
        messages.error(request, problem)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            _services().add_event_document(actor=request.user, event=event, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(request, _("The document was added."))
    else:
        errors = [f"{form[name].label}: {' '.join(errs)}" for name, errs in form.errors.items() if name in form.fields]
        messages.error(request, _("No document was added: %(errors)s") % {"errors": " ".join(errors)})
    return redirect(reverse("events:event", args=[event.pk]) + "#documents")


def document_download(request, pk):
    item = permissions.documents_visible_to(request.user, EventDocument.objects.filter(pk=pk)).first()
    if item is None:
        raise withheld(request, EventDocument, pk, _("No such document, or you may not see it."))
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The stored file is missing.")) from exc
    name = get_valid_filename(PurePath(item.file.name).name) or f"document-{item.pk}"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- minutes -------------------------------------------------------------------------------------------------------

@login_required
def minutes_edit(request, pk):
    event = _managed_event(request, pk)
    current = _minutes(event)
    initial = ({"text": current.text, "outcomes": current.outcomes, "lang": current.lang, "version": current.version}
               if current else {"lang": event.lang})
    form = MinutesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            _services().save_minutes(actor=request.user, event=event, version=version, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            refused(request, what="events.minutes.save", obj=event, reason=str(exc))
            form.add_error(None, str(exc))
        except Exception as exc:
            if not _is_stale(exc):
                raise
            form.add_error(None, str(exc) or _stale_message(event))
        else:
            messages.success(request, _("The minutes were saved as a draft. A convener approves them."))
            return redirect(reverse("events:event", args=[event.pk]) + "#minutes")
    return render(request, "events/event_minutes_form.html", {"event": event, "form": form, "minutes": current})


@login_required
@require_POST
def minutes_approve(request, pk):
    event = _event(request, pk)
    _require(permissions.can(request.user, "approve_minutes", event),
             _("A convener of the event or a national coordinator approves its minutes."))
    try:
        _services().approve_minutes(actor=request.user, event=event)
    except (ValidationError, PermissionDenied) as exc:
        refused(request, what="events.minutes.approve", obj=event, reason=_messages_of(exc))
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("The minutes are approved; they can now be published with the event."))
    return redirect(reverse("events:event", args=[event.pk]) + "#minutes")


# --- publishing ----------------------------------------------------------------------------------------------------

@login_required
@require_POST
def publish(request, pk):
    event = _event(request, pk)
    _require(permissions.can(request.user, "publish_event", event),
             _("A convener of the event or a national coordinator publishes it."))
    is_public = request.POST.get("is_public") in {"1", "on", "true", "yes"}
    minutes_public = request.POST.get("minutes_public") in {"1", "on", "true", "yes"} if is_public else False
    minutes = _minutes(event)
    if minutes is None or minutes.status != MinutesStatus.APPROVED:
        minutes_public = None
    try:
        _services().publish_event(actor=request.user, event=event, is_public=is_public, minutes_public=minutes_public)
    except (ValidationError, PermissionDenied) as exc:
        refused(request, what="events.event.publish", obj=event, reason=_messages_of(exc))
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("The event is published: everyone can read it.") if is_public
                         else _("The event is no longer public; its recommendations were withdrawn too."))
    return redirect(event)

