"""Template filters shared by every app: `{% load wiqaya %}`."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()

# A queued job the worker has not picked up after this long suggests that no worker is running.
WORKER_PICKUP_SECONDS = 60


@register.filter
def job_note(job) -> str:
    """What a job that has not finished is doing, in plain words: a queued job says when it will start (or, queued
    for a minute already, that the administrator has to start the background worker); a running one shows its
    progress message."""
    if job.is_finished:
        return ""
    if job.status == job.Status.QUEUED:
        waited = timezone.now() - job.created_at if job.created_at else datetime.timedelta(0)
        if waited.total_seconds() > WORKER_PICKUP_SECONDS:
            return _("it has not started after a minute: the background worker may not be running. "
                     "Ask the administrator to start it (wiqaya db_worker).")
        return _("it will start in a few seconds.")
    return job.message
