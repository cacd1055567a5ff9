"""The one write a person asks of the search index: rebuild it, as a background job with progress.

Every other index write happens inside a record's own service (`search.index`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core import audit
from core.jobs import job_handler, start_job

from . import permissions
from .index import rebuild


def start_reindex(*, actor):
    """Queue a rebuild of the whole index (administrators, or the system from `wiqaya reindex`)."""
    if not permissions.can(actor, "reindex"):
        raise PermissionDenied(_("Only administrators rebuild the search index."))
    job = start_job(kind="search_reindex", actor=actor, message=_("waiting for the worker"))
    audit.record(actor=actor, action="search.reindex", obj=job, changes={})
    return job


@job_handler("search_reindex")
def run_reindex_job(job, progress) -> dict:
    return rebuild(progress=progress)
