"""The import page, the import job's progress and result page, and source documents (list, detail, download)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import audit
from core.access import withheld
from core.htmx import render_page
from core.models import Job
from core.permissions import jobs_visible_to
from core.uploads import refused_messages

from . import permissions, services
from .forms import ImportForm
from .models import SourceDocument
from .reports import summarize


@login_required
def import_page(request):
    if not permissions.can(request.user, "import"):
        raise PermissionDenied(_("Only members of an organisation may import documents."))
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST":
        refused = refused_messages(request)  # files dropped while they streamed in (too large)
        valid = form.is_valid()
        # Each file streams from Django's upload handlers (memory or a temporary file), never read whole here.
        files = [(f.name, f) for f in form.cleaned_data["files"]] if valid else []
        if refused or valid:
            try:
                if not files:
                    raise ValidationError(refused)
                job = services.start_import(actor=request.user, files=files)
            except ValidationError as exc:
                if form.has_error("files", "required"):
                    form.errors.pop("files")  # the refusal says more than "no file was submitted"
                form.add_error(None, [*refused, *exc.messages] if files else exc.messages)
            else:
                for message in refused:
                    messages.warning(request, message)
                return redirect("documents:job", pk=job.pk)
    recent = jobs_visible_to(request.user, Job.objects.filter(kind="import_documents"))[:10]
    limit_mb = settings.WIQAYA_MAX_IMPORT_BYTES // 2**20
    return render(request, "documents/import.html", {"form": form, "recent_jobs": recent, "limit_mb": limit_mb})


@login_required
def import_job(request, pk):
    job = jobs_visible_to(request.user, Job.objects.filter(kind="import_documents", pk=pk)).first()
    if job is None:
        raise withheld(request, Job, pk, _("No such import."))
    files = job.result.get("files") or job.params.get("reports", [])
    context = {"job": job, "files": files, "summary": summarize(files)}
    return render_page(request, "documents/job.html", "documents/_job_status.html", context)


def document_list(request):
    documents = permissions.visible_to(request.user, SourceDocument.objects.select_related("organisation"))
    page = Paginator(documents, 30).get_page(request.GET.get("page"))
    return render(request, "documents/list.html", {"page": page})


def _visible_document(request, pk) -> SourceDocument:
    document = permissions.visible_to(request.user, SourceDocument.objects.filter(pk=pk)).first()
    if document is None:
        raise withheld(request, SourceDocument, pk, _("No such document, or you may not see it."))
    return document


def document_detail(request, pk):
    document = _visible_document(request, pk)
    from practices.permissions import visible_to as practices_visible_to

    practices = practices_visible_to(request.user, document.practices.all())
    history = audit.history(document)[:50] if permissions.is_own(request.user, document) else []
    return render(request, "documents/detail.html", {"document": document, "practices": practices, "history": history})


def document_download(request, pk):
    document = _visible_document(request, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The stored file is missing.")) from exc
    return FileResponse(handle, as_attachment=True, filename=document.original_name)
