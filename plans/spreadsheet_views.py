"""Plans in Excel: the template download, the upload page, the import job's progress and result, the XLSX
and CSV exports of a plan, and those of the national overview and the coverage matrix."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import withheld
from core.htmx import render_page
from core.models import Job
from core.permissions import jobs_visible_to
from core.uploads import kind_problem, refused_messages

from . import permissions, presenters, spreadsheet
from .models import Plan
from .spreadsheet_jobs import EXTENSIONS, check_upload, start_plan_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled plan template (.xlsx)"),
        help_text=gettext_lazy("The Plan, Actions and Indicators sheets of the template, filled in."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm", "class": "form-control"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload.name, upload.size)
        problem = kind_problem(upload, EXTENSIONS)
        if problem:  # refused here, before a job is queued
            raise ValidationError(problem, code="kind")
        return upload


@login_required
def template_download(request):
    response = HttpResponse(spreadsheet.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="wiqaya-plan-template.xlsx"'
    return response


@login_required
def import_page(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied(_("Only local focal points and national coordinators import plans."))
    form = PlanImportForm(request.POST or None, request.FILES or None)
    refused = refused_messages(request) if request.method == "POST" else []
    if refused:  # the file passed the size limit while it streamed in, and was dropped there
        form = PlanImportForm(data={}, files={})
        form.full_clean()
        form.errors.pop("file", None)  # "no file" says less than why it was dropped
        form.add_error(None, refused)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_plan_import(actor=request.user, name=upload.name, data=upload.read())
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("plans:import-job", pk=job.pk)
    recent = jobs_visible_to(request.user, Job.objects.filter(kind="plan_import"))[:10]
    return render(request, "plans/spreadsheet_import.html", {
        "form": form, "recent_jobs": recent, "limit_mb": settings.WIQAYA_MAX_IMPORT_BYTES // 2**20})


def _plan_url(plan_id):
    try:
        return Plan(pk=plan_id).get_absolute_url()
    except NoReverseMatch:  # the plan pages are not installed: the export stands in
        from django.urls import reverse

        return reverse("plans:export-xlsx", args=[plan_id])


@login_required
def import_job(request, pk):
    job = jobs_visible_to(request.user, Job.objects.filter(kind="plan_import", pk=pk)).first()
    if job is None:
        raise withheld(request, Job, pk, _("No such import."))
    result = job.result or {}
    context = {"job": job, "result": result, "errors": result.get("errors", [])}
    if result.get("plan_id"):
        context["plan_url"] = _plan_url(result["plan_id"])
    return render_page(request, "plans/spreadsheet_job.html", "plans/_spreadsheet_job_status.html", context)


def _exportable(request, pk) -> Plan:
    plan = permissions.visible_to(request.user, Plan.objects.select_related("place", "owner").filter(pk=pk)).first()
    if plan is None or not permissions.can(request.user, "export", plan):
        raise withheld(request, Plan, pk, _("No such plan, or you may not see it."))
    return plan


def _filename(plan: Plan, ext: str) -> str:
    return f"plan-{plan.pk}-{plan.place.code}-{plan.period_start:%Y}.{ext}"


@login_required
def export_xlsx(request, pk):
    plan = _exportable(request, pk)
    response = HttpResponse(spreadsheet.export_workbook(plan, recipient=request.user), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, "xlsx")}"'
    return response


@login_required
def export_csv(request, pk):
    plan = _exportable(request, pk)
    response = HttpResponse(spreadsheet.export_csv(plan).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, "csv")}"'
    return response


# --- the overview and the coverage matrix: the pages' figures, for the same reader ----------------------------

def _table_response(table, fmt: str, name: str) -> HttpResponse:
    from django.utils import timezone

    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(spreadsheet.table_xlsx(table), content_type=XLSX)
    else:
        response = HttpResponse(spreadsheet.table_csv(table).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _overview_export(request, fmt):
    # The overview page's plans and presenter: what the reader sees there, no more.
    plans = permissions.summary_visible_to(request.user, Plan.objects.all())
    return _table_response(spreadsheet.overview_table(presenters.overview_page(plans)), fmt, "national-overview")


def _coverage_export(request, fmt):
    plans = permissions.summary_visible_to(request.user, Plan.objects.all())
    context = presenters.coverage_page(plans, request.GET.get("framework"))
    slug = context["framework"].slug if context["framework"] else "none"
    return _table_response(spreadsheet.coverage_table(context), fmt, f"coverage-{slug}")


def overview_xlsx(request):
    return _overview_export(request, "xlsx")


def overview_csv(request):
    return _overview_export(request, "csv")


def coverage_xlsx(request):
    return _coverage_export(request, "xlsx")


def coverage_csv(request):
    return _coverage_export(request, "csv")
