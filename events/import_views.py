"""Importing an event's recommendations: upload a document or a spreadsheet → the job reads it and shows what it
found (nothing written) → the user confirms → the write job's result. Also the template and the exports."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.access import refused, withheld
from core.htmx import render_page
from core.models import Job
from core.permissions import jobs_visible_to
from core.text import text_direction
from core.uploads import kind_problem, refused_messages

from . import permissions, spreadsheet
from .choices import Audience
from .models import Event, Recommendation
from .services import imports as services

EXTENSIONS = services.DOCUMENT_EXTENSIONS | spreadsheet.EXTENSIONS


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Outcome statement or filled template"),
        help_text=gettext_lazy("A document (txt, md, docx or pdf; Arabic or English) whose recommendations are "
                               "found for you, or the recommendations template (xlsx or csv)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(EXTENSIONS)), "class": "form-control"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = kind_problem(upload, EXTENSIONS)
        if problem:
            raise ValidationError(problem, code="kind")
        if upload.size > settings.WIQAYA_MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is too large (the limit is %(limit)d MB).")
                                  % {"limit": settings.WIQAYA_MAX_IMPORT_BYTES // 2**20})
        return upload


def _event(request, pk) -> Event:
    event = permissions.events_visible_to(request.user, Event.objects.filter(pk=pk)).first()
    if event is None:
        raise withheld(request, Event, pk, _("No such event, or you may not see it."))
    return event


def _url(obj) -> str:
    """The record's page, where the pages that show it are installed."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


@login_required
def upload(request, pk):
    event = _event(request, pk)
    if not permissions.can(request.user, "add_recommendation", event):
        refused(request, what="events.import", obj=event, reason="not a convener")
        raise PermissionDenied(_("Only the event's conveners and coordinators import its recommendations."))
    form = ImportForm(request.POST or None, request.FILES or None)
    messages = refused_messages(request) if request.method == "POST" else []
    if messages:
        form = ImportForm(data={}, files={})
        form.full_clean()
        form.errors.pop("file", None)
        form.add_error(None, messages)
    elif request.method == "POST" and form.is_valid():
        try:
            job = services.start_import(actor=request.user, event=event, file=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("events:import-job", pk=job.pk)
    recent = jobs_visible_to(request.user, Job.objects.filter(kind=services.JOB_KIND, params__event=event.pk))
    return render(request, "events/import.html", {
        "event": event, "event_url": _url(event), "form": form, "recent_jobs": recent[:10],
        "recommendations": Recommendation.objects.filter(event=event).count(),
        "limit_mb": settings.WIQAYA_MAX_IMPORT_BYTES // 2**20})


def _shown(item: dict) -> dict:
    """A preview row as the page shows it: its text's own direction, and the audiences its heading names in the
    reader's language (the stored row keeps the values: the job ran in the uploader's language)."""
    shown = dict(item)
    shown["dir"] = text_direction(item["lang"]) if item.get("lang") else "auto"
    shown["audience_labels"] = [str(Audience(a).label) for a in item.get("audiences") or [] if a in Audience.values]
    return shown


@login_required
def job(request, pk):
    found = jobs_visible_to(request.user, Job.objects.filter(kind=services.JOB_KIND, pk=pk)).first()
    if found is None:
        raise withheld(request, Job, pk, _("No such import."))
    event = permissions.events_visible_to(request.user, Event.objects.filter(pk=found.params.get("event"))).first()
    result = found.result or {}
    written = [dict(item) for item in result.get("recommendations", [])]
    for item in written:
        item["url"] = _url(Recommendation(pk=item["id"]))
    confirmed = None
    if found.params.get("confirmed"):
        confirmed = jobs_visible_to(request.user, Job.objects.filter(pk=found.params["confirmed"])).first()
    preview = [_shown(item) for item in result.get("preview", [])]
    context = {
        "job": found, "event": event, "event_url": _url(event) if event else "", "result": result,
        "errors": result.get("errors", []), "preview": preview, "written": written, "confirmed": confirmed,
        "stage": found.params.get("stage", "preview"), "warnings": result.get("warnings", []),
        "creates": sum(1 for p in preview if p["outcome"] == "create"),
        "updates": sum(1 for p in preview if p["outcome"] == "update"),
    }
    return render_page(request, "events/import_job.html", "events/import_job_status.html", context)


@login_required
@require_POST
def confirm(request, pk):
    found = jobs_visible_to(request.user, Job.objects.filter(kind=services.JOB_KIND, pk=pk)).first()
    if found is None:
        raise withheld(request, Job, pk, _("No such import."))
    try:
        write = services.confirm_import(actor=request.user, job=found)
    except PermissionDenied as exc:
        refused(request, what="events.import", reason=str(exc))
        raise
    except ValidationError:
        return redirect("events:import-job", pk=found.pk)
    return redirect("events:import-job", pk=write.pk)


@login_required
def template_download(request):
    response = HttpResponse(spreadsheet.template_workbook(), content_type=spreadsheet.XLSX)
    response["Content-Disposition"] = 'attachment; filename="wiqaya-recommendations-template.xlsx"'
    return response


def _filename(event: Event, ext: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in event.reference)
    return f"recommendations-{safe}.{ext}"


def export_xlsx(request, pk):
    event = _event(request, pk)
    response = HttpResponse(spreadsheet.export_workbook(event, request.user), content_type=spreadsheet.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "xlsx")}"'
    return response


def export_csv(request, pk):
    event = _event(request, pk)
    response = HttpResponse(spreadsheet.export_csv(event, request.user).encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "csv")}"'
    return response
