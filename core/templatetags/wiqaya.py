"""Template filters shared by every app: `{% load wiqaya %}`."""

from django import template

from core import jobs

register = template.Library()


@register.filter
def job_note(job) -> str:
    """What a job that has not finished is doing, in plain words (`core.jobs.note`)."""
    return jobs.note(job)
