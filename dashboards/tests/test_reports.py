"""The printed reports: each drawn in English and Arabic, its text extracted and compared with the data; who may
draw which; the public report holds no unpublished record; the job path from the form to the download."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from dashboards import reports
from dashboards.tests import report_world
from dashboards.tests.report_world import ARABIC_PLAN, PRIVATE_EVENT, PRIVATE_PLAN, PUBLIC_PLAN

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import transaction
    from django.test import override_settings

    from core.actors import system
    from places.services import load_shipped_boundaries
    from tests.factories import reference_data

    folder = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(folder)), django_db_blocker.unblock(), transaction.atomic():
        reference_data()
        load_shipped_boundaries(actor=system("test setup"))  # as `wiqaya setup` does: the map credits its source
        world = report_world.build()
        world.pdfs = {}
        for language in ("en", "ar"):
            with translation.override(language):
                for key, user, params in cases(world):
                    world.pdfs[(key, language)] = reports.render(key, user, params)
        yield world
        transaction.set_rollback(True)


def cases(world):
    return [("governorate", world.focal, {"place": "IQ-BG"}), ("national", world.coordinator, {}),
            ("public", world.partner, {}), ("event", world.coordinator, {"event": world.event.pk}),
            ("quarterly", world.expert, {"quarter": world.quarter})]


def poppler(tool: str, *args: str, data: bytes | None = None) -> bytes:
    """Run a poppler-utils tool (found on PATH) on a PDF given as bytes or a path."""
    command = [shutil.which(tool) or tool, *args]
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout  # noqa: S603 - fixed tools


def text_of(data: bytes) -> str:
    """The PDF's text as poppler reads it (pypdf where pdftotext is missing), whitespace folded."""
    if PDFTOTEXT:
        text = poppler("pdftotext", "-layout", "-", "-", data=data).decode("utf-8")
    else:  # pragma: no cover - poppler-utils is a test dependency
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = re.sub("[\u202a-\u202e\u2066-\u2069]", "", text)  # the direction marks poppler adds around Arabic
    return re.sub(r"[ \t]+", " ", text)


def flat_of(data: bytes) -> str:
    """The text in reading order (a table cell's wrapped lines together), all whitespace folded to one space."""
    out = poppler("pdftotext", "-", "-", data=data).decode("utf-8")
    return " ".join(re.sub("[\u202a-\u202e\u2066-\u2069]", "", out).split())


def pages_of(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


# --- what each report says ---------------------------------------------------------------------------------------------

def test_the_governorate_report_lists_the_places_plans_with_their_figures(w):
    data = w.pdfs[("governorate", "en")]
    text, n = text_of(data), pages_of(data)
    assert data.startswith(b"%PDF") and n >= 3  # the summary, then a page per plan
    assert "Governorate report: Baghdad" in text
    assert PUBLIC_PLAN in text and "Baghdad draft plan" in text
    assert f"page 1 of {n}" in text and f"page {n} of {n}" in text
    assert "Filters: Place: Baghdad" in text and "Generated" in text
    # the public plan: three actions, indicators at 50%, 100% and 0% → 50%; the draft is listed, never counted
    assert re.search(rf"{PUBLIC_PLAN} +Baghdad +2025 ?– ?2026 +In implementation +3 +50%", text)
    assert re.search(r"Baghdad draft plan +Baghdad +2027 ?– ?2028 +Draft +1 +—", text)
    for action in w.public_plan.actions.all():
        assert action.title in text
    assert re.search(r"Sessions held \S+ +0 +10 +10 +\S+ +100%", text)
    # another governorate's plans are not in it
    assert PRIVATE_PLAN not in text and ARABIC_PLAN not in text


def test_the_national_report_rolls_up_every_governorate_with_the_coverage_matrix(w):
    data = w.pdfs[("national", "en")]
    text, n = text_of(data), pages_of(data)
    assert f"page 1 of {n}" in text and f"page {n} of {n}" in text
    assert re.search(r"Baghdad +1 +1 +50% +1 +0", text)  # one approved, one draft, 50%, one goal
    assert re.search(r"Basra +1 +0 +0% +1", text)
    assert re.search(r"Wasit +0 +0 +no data +0", text)  # a governorate without a plan: a finding, not a zero
    assert "Coverage matrix" in text and "Monitor the drivers" in text
    assert PRIVATE_PLAN in text and PRIVATE_EVENT in text  # coordinators see everything
    assert "Plans by status" in text and "Support requests by stage" in text
    assert "Boundaries: Data from Who's On First (whosonfirst.org)" in text  # the shipped outlines' credit


def test_the_public_report_holds_no_unpublished_record_and_hides_small_groups(w):
    for language in ("en", "ar"):
        text = text_of(w.pdfs[("public", language)])
        assert PRIVATE_PLAN not in text and PRIVATE_EVENT not in text
        assert "Baghdad draft plan" not in text
    text = text_of(w.pdfs[("public", "en")])
    assert PUBLIC_PLAN in text and "Baghdad youth roundtable" in text
    assert re.search(r"Baghdad +< ?5 +50%", text)  # one public plan: a group under k is shown "< 5"
    assert re.search(r"Basra +0 +no data", text)  # the private plan is not counted at all
    assert "Not yet approved" not in text
    assert re.search(r"Approved plans +Governorates with a plan.*\n+ *< ?5 +2 ", text)  # two plans: under k


def test_the_event_scorecard_shows_recommendations_responses_and_participation(w):
    text, flat = text_of(w.pdfs[("event", "en")]), flat_of(w.pdfs[("event", "en")])
    assert "Event follow-up scorecard: Baghdad youth roundtable" in flat
    assert "Open the youth centres in the evening." in flat and "Train twenty facilitators in dialogue." in flat
    assert re.search(r"Recommendations +Completed +Organisations\n+ *2 +0 \(0%\) +2\n", text)
    assert re.search(r"Participants +Women +Youth\n+ *20 +8 +10\n", text)
    assert re.search(r"Accepted +1", text) and re.search(r"Pending +1", text) and re.search(r"Not started +2", text)
    # participants, and the women and youth among them: three bars, never one sum (12 + 5 + 4)
    assert re.search(r"Committee / sub-committee +12 +5 +4", text) and " 21\n" not in text


def test_the_quarterly_report_counts_the_quarters_requests_needs_and_outcomes(w):
    text = text_of(w.pdfs[("quarterly", "en")])
    assert f"Quarterly support report: {w.quarter}" in text
    assert re.search(r"Needs recorded +Requests submitted +Requests delivered +Mean rating", text)
    assert re.search(r"3 +4 +1 +4(\.0)? / 5", text)
    assert "SR-REP-003" in text and "Partly" in text
    assert re.search(r"In delivery +1", text) and re.search(r"Delivered +1", text)


def test_arabic_reports_are_right_to_left_and_translated(w):
    text = text_of(w.pdfs[("governorate", "ar")])
    n = pages_of(w.pdfs[("governorate", "ar")])
    assert "بغداد" in text and PUBLIC_PLAN in text
    assert "Governorate report" not in text and "Plans by status" not in text
    assert re.search(rf"صفحة\s*1\s*من\s*{n}\b", text) and re.search(rf"صفحة\s*{n}\s*من\s*{n}\b", text)
    national = text_of(w.pdfs[("national", "ar")])
    assert "مصفوفة التغطية" in national and "الأنبار" in national and ARABIC_PLAN in national


def test_arabic_digits_when_the_installation_chose_them(w, settings):
    settings.WIQAYA_ARABIC_DIGITS = True
    with translation.override("ar"):
        data = reports.render("governorate", w.focal, {"place": "IQ-BG"})
    text = text_of(data)
    n = pages_of(data)
    arabic_n = str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert "٥٠%" in text or "%٥٠" in text
    assert arabic_n in text and "١" in text
    assert not re.search(r"صفحة\s+1\b", text)
    # the English plan title keeps its own digits ("2025–2026" of an English title are its own)
    assert PUBLIC_PLAN in text


def test_every_report_is_drawn_to_png_for_a_person_to_look_at(w):
    """test-artifacts/reports/<key>-<language>-<page>.png: extraction does not show reversed drawing."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:  # pragma: no cover
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    for (key, language), data in w.pdfs.items():
        pdf = ARTIFACTS / f"{key}-{language}.pdf"
        pdf.write_bytes(data)
        poppler("pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / f"{key}-{language}"))
    assert len(list(ARTIFACTS.glob("*.png"))) >= 2 * len(cases(w))


# --- who may draw what --------------------------------------------------------------------------------------------------

def test_a_partner_may_not_draw_the_national_report(w):
    with pytest.raises(PermissionDenied):
        reports.render("national", w.partner, {})
    assert not reports.may_render(w.partner, "national") and reports.may_render(w.coordinator, "national")


def test_a_focal_point_draws_its_own_places_only(w):
    with pytest.raises(PermissionDenied):
        reports.resolve("governorate", w.focal, {"place": "IQ-AN"})
    assert reports.resolve("governorate", w.focal, {"place": "IQ-BG-D-KARKH"})["place"].code == "IQ-BG-D-KARKH"
    codes = [p.code for p in reports.report_places(w.focal)]
    assert codes[0] == "IQ-BG" and "IQ-AN" not in codes and "IQ-BG-D-KARKH" in codes


def test_the_event_report_needs_the_event_to_be_visible(w):
    with pytest.raises(PermissionDenied):
        reports.resolve("event", w.other_focal, {"event": w.private_event.pk})
    assert reports.resolve("event", w.coordinator, {"event": w.private_event.pk})["event"] == w.private_event
    assert reports.resolve("event", w.other_focal, {"event": w.event.pk})["event"] == w.event  # published


def test_the_quarterly_report_is_for_the_hub_and_coordinators(w):
    with pytest.raises(PermissionDenied):
        reports.resolve("quarterly", w.partner, {"quarter": w.quarter})
    assert reports.resolve("quarterly", w.coordinator, {"quarter": "2026-Q4"})["end"] == dt.date(2026, 12, 31)


@pytest.mark.parametrize(("key", "params"), [("governorate", {"place": "XX"}), ("governorate", {"place": ""}),
                                             ("quarterly", {"quarter": "2026-Q5"}), ("event", {"event": "abc"}),
                                             ("nothing", {})])
def test_a_bad_parameter_is_named(w, key, params):
    with pytest.raises(reports.BadParameter):
        reports.resolve(key, w.coordinator, params)


def test_file_names(w):
    today = dt.date(2026, 12, 7)
    assert reports.filename("governorate", reports.resolve("governorate", w.focal, {"place": "IQ-BG"}), today) \
        == "wiqaya-governorate-IQ-BG-2026-12-07.pdf"
    assert reports.filename("quarterly", {"quarter": "2026-Q4"}, today) == "wiqaya-quarterly-2026-Q4-2026-12-07.pdf"
    assert reports.filename("national", {}, today) == "wiqaya-national-IQ-2026-12-07.pdf"


# --- the pages and the job ----------------------------------------------------------------------------------------------

def test_the_reports_page_offers_only_what_the_reader_may_choose(client, w):
    assert reverse("dashboards:reports") == "/en/dashboards/reports/" or reverse("dashboards:reports").endswith(
        "/dashboards/reports/")
    client.force_login(w.partner)
    page = client.get(reverse("dashboards:reports")).content.decode()
    assert 'data-report="public"' in page and 'data-report="national"' not in page
    assert 'data-report="quarterly"' not in page and 'data-testid="empty"' in page
    client.force_login(w.focal)
    page = client.get(reverse("dashboards:reports")).content.decode()
    assert 'value="IQ-BG"' in page and 'value="IQ-AN"' not in page and 'data-report="national"' not in page
    client.force_login(w.coordinator)
    page = client.get(reverse("dashboards:reports")).content.decode()
    for key in reports.REPORTS:
        assert f'data-report="{key}"' in page


def test_a_bad_parameter_on_the_form_says_so(client, w):
    client.force_login(w.coordinator)
    response = client.post(reverse("dashboards:report-start"), {"report": "quarterly", "quarter": "2026-Q9"})
    assert response.status_code == 400
    assert "is not a quarter: write it as 2026-Q4" in response.content.decode()
    client.force_login(w.partner)
    assert client.post(reverse("dashboards:report-start"), {"report": "national"}).status_code == 403


def test_the_job_draws_the_pdf_and_only_its_owner_downloads_it(client, w, django_capture_on_commit_callbacks,
                                                                  settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(w.focal)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboards:report-start"), {"report": "governorate", "place": "IQ-BG"})
    from core.models import Job

    job = Job.objects.get(kind=reports.JOB_KIND, created_by=w.focal)
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:report-job", args=[job.pk])
    assert job.status == "done" and not job.failed and job.progress == job.total == 4
    page = client.get(reverse("dashboards:report-job", args=[job.pk])).content.decode()
    assert 'data-testid="report-download"' in page
    download = client.get(reverse("dashboards:report-download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    name = f"wiqaya-governorate-IQ-BG-{timezone.localdate():%Y-%m-%d}.pdf"
    assert name in download["Content-Disposition"]
    data = b"".join(download.streaming_content)
    assert PUBLIC_PLAN in text_of(data)
    client.force_login(w.coordinator)  # even a coordinator: the file is its owner's
    assert client.get(reverse("dashboards:report-download", args=[job.pk])).status_code == 404
    assert client.get(reverse("dashboards:report-job", args=[job.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("dashboards:report-download", args=[job.pk])).status_code in {302, 404}


def test_the_public_report_is_for_anyone(client, w):
    response = client.get(reverse("dashboards:public-report"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "wiqaya-public-IQ-" in response["Content-Disposition"]
    text = text_of(response.content)
    assert PUBLIC_PLAN in text and PRIVATE_PLAN not in text and PRIVATE_EVENT not in text


def test_the_governorate_reports_queries_do_not_grow_with_its_plans(w):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_plan

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            reports.build_html("governorate", w.coordinator, {"place": "IQ-BG"})
        return len(captured.captured_queries)

    before = count()
    for year in (2030, 2032, 2034):
        make_plan(w.focal, status="approved", actions=3, year=year, lang="en")
    assert count() == before
