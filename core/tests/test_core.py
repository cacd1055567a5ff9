"""Audit log, background jobs and production settings."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from core import audit
from core.jobs import execute, job_handler, start_job
from core.models import AuditEntry, Job
from core.text import detect_language, natural_key, normalize
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@job_handler("test_count")
def _count(job, progress):
    for i in range(job.params["n"]):
        progress(i + 1, job.params["n"], f"step {i + 1}")
    return {"counted": job.params["n"]}


@job_handler("test_fail")
def _fail(job, progress):
    progress(1, 3)
    raise ValueError("the third file is broken")


def test_job_runs_records_progress_and_result(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(kind="test_count", params={"n": 3})
    job.refresh_from_db()
    assert (job.status, job.progress, job.total, job.result) == ("done", 3, 3, {"counted": 3})
    assert job.percent == 100 and job.started_at and job.finished_at


def test_failed_job_keeps_the_error():
    job = Job.objects.create(kind="test_fail")
    execute(job)
    job.refresh_from_db()
    assert job.status == "failed" and "third file is broken" in job.error and job.progress == 1


def test_unknown_job_kind_is_refused():
    with pytest.raises(ValueError):
        start_job(kind="nope")


def test_audit_record_and_history():
    user = make_user()
    entry = audit.record(actor=user, action="thing.do", obj=user, changes={"a": [1, 2]})
    assert list(audit.history(user)) [0] == entry
    assert entry.object_type == "accounts.user" and entry.object_id == str(user.pk)
    assert audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}


def test_text_helpers():
    assert normalize("الإرهابُ") == normalize("الارهاب")
    assert normalize("مدرسة") == normalize("مدرسه")
    assert normalize("٢٠١٥") == "2015"
    assert natural_key("Un Ponte Per", "IRAQ") == natural_key("un  ponte per.", "Iraq")
    assert detect_language("وقاية Wiqaya من التطرف") == "ar" and detect_language("Prevention") == "en"


def _production(env_extra):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is itself a deploy warning: start from a clean environment.
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"WIQAYA_PRODUCTION": "1", "ALLOWED_HOSTS": "wiqaya.example.org", **env_extra})
    return subprocess.run(
        [sys.executable, "-m", "config.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )


def test_production_settings_refuse_a_missing_secret_key():
    result = _production({"SECRET_KEY": ""})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = _production({"SECRET_KEY": "x" * 20 + "-production-secret-for-the-deploy-check-0123456789"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_audit_entries_cannot_be_changed_in_the_admin(client):
    admin = make_user("root", role=None, is_staff=True, is_superuser=True)
    entry = audit.record(actor=admin, action="x", obj=admin)
    client.force_login(admin)
    assert client.get(f"/en/admin/core/auditentry/{entry.pk}/delete/").status_code == 403
    response = client.post(f"/en/admin/core/auditentry/{entry.pk}/change/", {"action": "forged"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == "x"


def test_admin_is_usable_in_arabic(client, reference):
    admin = make_user("root2", role=None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get("/ar/admin/").content.decode()
    assert 'dir="rtl"' in html and "إدارة" in html
    page = client.get("/ar/admin/practices/practice/")
    assert page.status_code == 200
    assert client.get("/ar/admin/places/place/?kind=governorate").status_code == 200


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/en/practices/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    assert "<script>" not in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"


def test_denied_requests_are_audited_with_who_what_and_where(client, reference):
    from rest_framework.test import APIClient

    partner = make_user("nosy")
    client.force_login(partner)
    response = client.post("/en/crosswalks/suggest/", {"source": "euromed-cso-2017", "target": "un-pve-2015"},
                           REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="access.denied")
    assert entry.actor == partner and entry.remote_addr == "10.1.2.3"
    assert entry.changes == {"method": "POST", "path": "/en/crosswalks/suggest/", "status": 403}
    APIClient().post("/api/v1/practices/", {"name": "x"}, format="json", REMOTE_ADDR="10.9.9.9")
    anonymous = AuditEntry.objects.filter(action="access.denied", actor=None).get()
    assert anonymous.remote_addr == "10.9.9.9" and anonymous.changes["path"] == "/api/v1/practices/"
    client.get("/en/practices/999999/")  # a 404 hides whether a record exists: not a denial to record
    assert AuditEntry.objects.filter(action="access.denied").count() == 2


def test_api_errors_answer_json_and_pages_answer_html(client, db):
    api = client.get("/api/v1/frameworks/no-such-framework-%C2%AE/")
    assert api.status_code == 404 and api["Content-Type"] == "application/json"
    page = client.get("/en/practices/987654/")
    assert page.status_code == 404 and "text/html" in page["Content-Type"]


def test_detail_pages_show_the_record_history_to_those_who_may_change_it(client, reference):
    from django.urls import reverse

    from documents.services import store_document
    from frameworks.services import create_framework

    coordinator = make_user("coord-h", role="national_coordinator")
    framework = create_framework(actor=coordinator, slug="local-plan-test", title_en="Local plan")
    url = reverse("frameworks:detail", args=[framework.slug])
    assert 'data-testid="history"' not in client.get(url).content.decode()
    client.force_login(coordinator)
    html = client.get(url).content.decode()
    assert 'data-testid="history"' in html and "coord-h" in html

    uploader = make_user("uploader-h")
    document, _created = store_document(actor=uploader, name="notes.txt", data=b"Some text")
    client.force_login(uploader)
    html = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert 'data-testid="history"' in html and "uploader-h" in html
