"""The import summary and the queued note in plain words, with real plurals in both languages."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import Job

pytestmark = pytest.mark.django_db


def _summary(lang, counts):
    job = Job(pk=7, kind="plan_import", status=Job.Status.DONE)
    result = {"status": "imported", "created": True, "title": "Plan", "counts": counts}
    with translation.override(lang):
        return render_to_string("plans/_spreadsheet_job_status.html",
                                {"job": job, "result": result, "plan_url": "/en/plans/1/"})


COUNTS = {"actions_created": 1, "actions_updated": 2, "actions_unchanged": 0, "actions_removed": 11,
          "indicators": 5}


def test_the_import_summary_uses_real_plurals_in_english():
    page = _summary("en", COUNTS)
    assert "(s)" not in page
    for words in ("1 action created", "2 actions updated", "0 actions unchanged", "11 actions removed",
                  "5 indicators"):
        assert words in page


def test_the_import_summary_uses_the_six_arabic_plural_forms():
    page = _summary("ar", COUNTS)
    for words in ("أُنشئ إجراء واحد", "حُدِّث إجراءان", "لم يبقَ أي إجراء دون تغيير", "حُذف 11 إجراءً",
                  "5 مؤشرات"):
        assert words in page
    assert "(s)" not in page and "action" not in page


@pytest.mark.parametrize(("lang", "soon", "late"), [
    ("en", "it will start in a few seconds.", "Ask the administrator to start it"),
    ("ar", "سيبدأ خلال ثوانٍ.", "اطلب من المسؤول تشغيله"),
])
def test_a_queued_import_says_when_it_starts_or_that_the_worker_must_be_started(lang, soon, late):
    job = Job.objects.create(kind="plan_import", status=Job.Status.QUEUED, message="waiting for the worker")
    with translation.override(lang):
        page = render_to_string("plans/_spreadsheet_job_status.html", {"job": job})
        assert soon in page and late not in page and "waiting for the worker" not in page
        Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
        job.refresh_from_db()
        page = render_to_string("plans/_spreadsheet_job_status.html", {"job": job})
        assert late in page and soon not in page
