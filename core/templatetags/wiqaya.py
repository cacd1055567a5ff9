"""Template filters shared by every app: `{% load wiqaya %}`."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.jobs import queue_position

register = template.Library()

# A queued job the worker has not picked up after this long suggests that no worker is running.
WORKER_PICKUP_SECONDS = 60


@register.filter
def job_note(job) -> str:
    """What a job that has not finished is doing, in plain words: a queued job says when it will start — next, or
    after the jobs queued before it — (or, queued for a minute already, that the administrator has to start the
    background worker); a running one shows its progress message."""
    if job.is_finished:
        return ""
    if job.status == job.Status.QUEUED:
        waited = timezone.now() - job.created_at if job.created_at else datetime.timedelta(0)
        if waited.total_seconds() > WORKER_PICKUP_SECONDS:
            return _("it has not started after a minute: the background worker may not be running. "
                     "Ask the administrator to start it (wiqaya db_worker).")
        ahead = queue_position(job) - 1
        if ahead <= 0:
            return _("it will start in a few seconds.")
        return ngettext(
            "it will start once the job queued before it is done (position %(position)d in the queue).",
            "it will start once the %(ahead)d jobs queued before it are done (position %(position)d in the queue).",
            ahead) % {"ahead": ahead, "position": ahead + 1}
    return job.message
