"""The printed reports' pages: choose a report and its parameter (only what the reader may choose), follow the
job that draws it, download the PDF (its owner only); and the public report, drawn while the reader waits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import withheld
from core.htmx import render_page
from core.models import Job

from . import reports


def _page_context(user, error: str = "", chosen: str = "") -> dict:
    available = reports.available(user)
    keys = {r.key for r in available}
    return {
        "reports": available,
        "places": reports.report_places(user) if "governorate" in keys else [],
        "events": reports.report_events(user) if "event" in keys else [],
        "quarters": reports.report_quarters() if "quarterly" in keys else [],
        "recent_jobs": Job.objects.filter(kind=reports.JOB_KIND, created_by=user)[:10],
        "error": error, "chosen": chosen,
    }


@login_required
def reports_page(request):
    return render(request, "dashboards/reports/page.html", _page_context(request.user))


@login_required
@require_POST
def report_start(request):
    key = request.POST.get("report", "")
    params = {name: request.POST.get(name, "") for name in ("place", "event", "quarter")}
    try:
        job = reports.start_report(actor=request.user, key=key, params=params)
    except reports.BadParameter as exc:
        return render(request, "dashboards/reports/page.html", _page_context(request.user, str(exc), key), status=400)
    except PermissionDenied as exc:
        if key == "event":  # an event the reader may not see is one that does not exist, for the reader
            return render(request, "dashboards/reports/page.html",
                          _page_context(request.user, str(exc), key), status=400)
        raise
    return redirect("dashboards:report-job", pk=job.pk)


def _own_job(request, pk) -> Job:
    job = Job.objects.filter(kind=reports.JOB_KIND, pk=pk, created_by=request.user).first()
    if job is None:
        raise withheld(request, Job, pk, _("No such report."))
    return job


@login_required
def report_job(request, pk):
    job = _own_job(request, pk)
    report = reports.REPORTS.get(job.params.get("report", ""))
    return render_page(request, "dashboards/reports/job.html", "dashboards/reports/_job_status.html",
                       {"job": job, "report": report, "result": job.result or {}})


@login_required
def report_download(request, pk):
    job = _own_job(request, pk)
    path = reports.output_path(job) if job.status == Job.Status.DONE and not job.failed else None
    if path is None:
        raise withheld(request, Job, pk, _("This report has no file (yet)."))
    return FileResponse(path.open("rb"), as_attachment=True, content_type="application/pdf",
                        filename=job.result.get("filename") or "wiqaya-report.pdf")


def public_report(request):
    """The public report, for anyone, drawn now (it holds published aggregates only)."""
    data = reports.render("public", AnonymousUser(), {})
    response = HttpResponse(data, content_type="application/pdf")
    name = reports.filename("public", {}, timezone.localdate())
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
