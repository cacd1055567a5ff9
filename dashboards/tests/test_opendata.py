"""The open-data package: what it holds (published records only, small counts withheld, text with its language),
that it validates as a Frictionless Data Package, that the API gives the same rows, and the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.choices import OrganisationKind, Role
from dashboards import opendata
from events.services.events import publish_event, set_participation
from events.services.recommendations import publish_recommendation
from frameworks.models import Goal
from support.choices import Stage
from support.tests.helpers import make_desk, make_request, move
from tests.factories import make_event, make_org, make_plan, make_practice, make_recommendation, make_user

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 7)
MARKERS = {
    "practice_draft": "LEAKMARK-PRACTICE-DRAFT-7f3a",
    "practice_review": "LEAKMARK-PRACTICE-REVIEW-19c2",
    "plan_draft": "LEAKMARK-PLAN-DRAFT-a81d",
    "plan_private": "LEAKMARK-PLAN-PRIVATE-5be0",
    "event_unpublished": "LEAKMARK-EVENT-HIDDEN-c4d9",
    "recommendation_private": "LEAKMARK-RECOMMENDATION-PRIVATE-2e77",
    "support_draft": "LEAKMARK-SUPPORT-DRAFT-90fa",
}


@pytest.fixture
def world(reference):
    owner = make_org("Youth NGO", kind=OrganisationKind.NGO)
    author = make_user(role=Role.PARTNER, organisation=owner)
    goal = Goal.objects.filter(framework__slug="euromed-cso-2017").order_by("position", "id").first()
    english = make_practice(author, status="published", goals=[goal], name="Dialogue clubs in schools", lang="en",
                            organisation_name="Youth NGO")
    arabic = make_practice(author, status="published", goals=[goal], name="نوادي الحوار في المدارس", lang="ar",
                           activity="جلسات حوار شهرية بين الشباب.", description="")
    make_practice(author, status="draft", name=MARKERS["practice_draft"], description=MARKERS["practice_draft"])
    make_practice(author, status="in_review", name=MARKERS["practice_review"])

    desk = make_desk()  # a Baghdad and an Anbar sub-committee with their focal points, a hub
    focal, anbar_focal = desk.focal_point, desk.other_focal_point
    public_plan = make_plan(focal, status="approved", actions=2, is_public=True, title="Baghdad plan 2025",
                            summary="Youth and schools first.", lang="en")
    make_plan(focal, status="draft", is_public=True, title=MARKERS["plan_draft"], summary=MARKERS["plan_draft"],
              year=2027)
    make_plan(anbar_focal, status="approved", is_public=False, title=MARKERS["plan_private"], place_code="IQ-AN",
              summary=MARKERS["plan_private"])

    convener_org = make_org("Peace forum", kind=OrganisationKind.NGO)
    convener = make_user(role=Role.PARTNER, organisation=convener_org)
    event = make_event(convener, title="Roundtable on schools", lang="en", description="Teachers and parents.")
    set_participation(actor=convener, event=event, organisation=convener_org, participants=40, women=2, youth=12)
    publish_event(actor=convener, event=event, is_public=True)
    hidden_event = make_event(convener, title=MARKERS["event_unpublished"], description=MARKERS["event_unpublished"])
    public_rec = make_recommendation(convener, event=event, owners=[owner], text="المجالس المحلية تعقد حواراً شهرياً.",
                                     lang="ar", translation="Local councils hold a monthly dialogue.",
                                     translation_lang="en")
    publish_recommendation(actor=convener, recommendation=public_rec, is_public=True)
    make_recommendation(convener, event=event, owners=[owner], text=MARKERS["recommendation_private"])
    make_recommendation(convener, event=hidden_event, owners=[owner], text=MARKERS["recommendation_private"] + "-2")

    make_request(desk, title=MARKERS["support_draft"], result_wanted=MARKERS["support_draft"])
    submitted = make_request(desk, title="Training for youth workers")
    move(submitted, Stage.SUBMITTED, desk.focal_point)
    return {"english": english, "arabic": arabic, "public_plan": public_plan, "event": event,
            "hidden_event": hidden_event, "recommendation": public_rec, "goal": goal}


def _build(tmp_path) -> tuple[zipfile.ZipFile, dict]:
    path = opendata.build_package(tmp_path / "package.zip", today=DAY)
    archive = zipfile.ZipFile(path)
    return archive, json.loads(archive.read("datapackage.json"))


def _csv(archive: zipfile.ZipFile, table: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(f"{table}.csv").decode("utf-8"))))


def test_the_package_validates_with_frictionless(world, tmp_path):
    import frictionless

    archive, package = _build(tmp_path)
    folder = tmp_path / "extracted"
    archive.extractall(folder)
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert package["name"] == "wiqaya-open-data"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert [r["name"] for r in package["resources"]] == [t.name for t in opendata.TABLES]
    practices = next(r for r in package["resources"] if r["name"] == "practices")
    assert practices["path"] == "practices.csv" and practices["format"] == "csv" and practices["encoding"] == "utf-8"
    assert practices["schema"]["primaryKey"] == ["id"]
    assert {"fields": ["country"], "reference": {"resource": "places", "fields": ["code"]}} in \
        practices["schema"]["foreignKeys"]
    title = next(f for f in practices["schema"]["fields"] if f["name"] == "title")
    assert title["description"] == "The practice's name." and title["description_ar"] == "اسم الممارسة."
    names = set(archive.namelist())
    for table in opendata.TABLES:
        assert {f"{table.name}.csv", f"{table.name}.README.md"} <= names
        readme = archive.read(f"{table.name}.README.md").decode("utf-8")
        for f in table.fields:
            assert f"| `{f.name}` | {f.type} | {f.en} | {f.ar} |" in readme


def test_the_licence_follows_the_setting(world, tmp_path, settings):
    settings.WIQAYA_OPEN_DATA_LICENSE = "CC0-1.0"
    _archive, package = _build(tmp_path)
    assert package["licenses"] == [{"name": "CC0-1.0", "title": "CC0 1.0",
                                    "path": "https://creativecommons.org/publicdomain/zero/1.0/"}]


def test_only_published_records_and_no_marker_in_any_file(world, tmp_path):
    archive, _package = _build(tmp_path)
    for name in archive.namelist():
        data = archive.read(name)
        for marker in MARKERS.values():
            assert marker.encode() not in data, (marker, name)
    practices = _csv(archive, "practices")
    assert {int(r["id"]) for r in practices} == {world["english"].pk, world["arabic"].pk}
    assert [int(r["id"]) for r in _csv(archive, "plans")] == [world["public_plan"].pk]
    assert [int(r["id"]) for r in _csv(archive, "events")] == [world["event"].pk]
    assert [int(r["id"]) for r in _csv(archive, "recommendations")] == [world["recommendation"].pk]
    assert {(int(r["practice_id"]), int(r["goal_id"])) for r in _csv(archive, "practice_goals")} == {
        (world["english"].pk, world["goal"].pk), (world["arabic"].pk, world["goal"].pk)}


def test_small_counts_are_withheld(world, tmp_path):
    archive, _package = _build(tmp_path)
    event = _csv(archive, "events")[0]
    # 40 participants, 2 women, 12 youth: 2 is below k = 5, and hiding one cell hides the next smallest too.
    assert (event["participants"], event["women"], event["youth"], event["hidden"]) == ("40", "", "", "true")
    coverage = _csv(archive, "coverage")
    baghdad = [r for r in coverage if r["governorate"] == "IQ-BG" and int(r["goal_id"]) == world["goal"].pk]
    assert baghdad == [{"framework": "euromed-cso-2017", "goal_id": str(world["goal"].pk), "governorate": "IQ-BG",
                        "actions": "", "hidden": "true"}]  # the public plan's 2 actions
    assert all(r["actions"] == "0" and r["hidden"] == "false" for r in coverage if r["governorate"] == "IQ-AN")
    support = {(r["dimension"], r["value"]): (r["requests"], r["hidden"]) for r in _csv(archive, "support_requests")}
    assert support[("stage", "submitted")] == ("", "true")  # one submitted request, the draft never
    assert ("stage", "draft") not in support


def test_text_fields_carry_their_language_and_translations_are_a_long_table(world, tmp_path):
    archive, _package = _build(tmp_path)
    practices = {int(r["id"]): r for r in _csv(archive, "practices")}
    arabic, english = practices[world["arabic"].pk], practices[world["english"].pk]
    assert (arabic["title"], arabic["title_language"]) == ("نوادي الحوار في المدارس", "ar")
    assert (arabic["activity_language"], arabic["description"], arabic["description_language"]) == ("ar", "", "")
    assert (english["title"], english["title_language"]) == ("Dialogue clubs in schools", "en")
    assert english["organisation"] == "Youth NGO" and english["organisation_language"] == "en"
    plan = _csv(archive, "plans")[0]
    assert (plan["title_language"], plan["summary_language"], plan["governorate"]) == ("en", "en", "IQ-BG")
    recommendation = _csv(archive, "recommendations")[0]
    assert (recommendation["text"], recommendation["text_language"]) == ("المجالس المحلية تعقد حواراً شهرياً.", "ar")
    translations = _csv(archive, "translations")
    assert {"table": "recommendations", "id": str(world["recommendation"].pk), "field": "text", "language": "en",
            "text": "Local councils hold a monthly dialogue.", "team_translation": "true"} in translations
    goal = next(r for r in _csv(archive, "goals") if int(r["id"]) == world["goal"].pk)
    assert goal["title"] == world["goal"].title_en and goal["title_language"] == "en"
    places = {r["code"]: r for r in _csv(archive, "places")}
    assert (places["IQ-BG"]["iso_3166"], places["IQ-BG"]["kind"], places["IQ-BG"]["parent"]) == \
        ("IQ-BG", "governorate", "IQ")
    assert places["IQ-BG"]["name_ar"] == "بغداد"


def test_the_api_gives_the_same_rows_as_the_csv(world, tmp_path):
    archive, _package = _build(tmp_path)
    client = Client()
    index = client.get("/api/v1/open-data/").json()
    assert [t["name"] for t in index["tables"]] == [t.name for t in opendata.TABLES]
    assert index["tables"][2]["fields"][1] == {"name": "title", "type": "string",
                                               "description": "The practice's name.", "description_ar": "اسم الممارسة."}
    for table in opendata.TABLES:
        rows, url = [], f"/api/v1/open-data/{table.name}/?page_size=3"
        while url:
            answer = client.get(url)
            assert answer.status_code == 200, (table.name, answer.content[:300])
            body = answer.json()
            rows += body["results"]
            url = body["next"]
        expected = _csv(archive, table.name)
        assert len(rows) == len(expected) == body["count"], table.name
        assert [{k: opendata.cell(v) for k, v in r.items()} for r in rows] == expected, table.name
    assert client.get("/api/v1/open-data/nothing/").status_code == 404


def test_publishing_the_same_day_replaces_the_file(world, settings):
    system = opendata.system("test")
    first = opendata.publish_package(actor=system, today=DAY)
    size = first.stat().st_size
    second = opendata.publish_package(actor=system, today=DAY)
    assert first == second
    assert [p.name for p in (settings.MEDIA_ROOT / "open-data").glob("*.zip")] == ["wiqaya-open-data-2026-12-07.zip"]
    assert second.stat().st_size == size
    assert opendata.latest().day == DAY and opendata.latest().rows["practices"] == 2


def test_only_the_installation_or_an_administrator_publishes(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        opendata.publish_package(actor=make_user(role=Role.NATIONAL_COORDINATOR), today=DAY)


def test_the_command_builds_the_days_package(world, settings):
    out = io.StringIO()
    call_command("open-data", "build", "--date", "2026-12-07", stdout=out)
    assert "wiqaya-open-data-2026-12-07.zip" in out.getvalue()
    assert (settings.MEDIA_ROOT / "open-data" / "wiqaya-open-data-2026-12-07.zip").exists()


def test_old_packages_are_removed(world, settings):
    system = opendata.system("test")
    for n in range(opendata.KEEP + 2):
        opendata.publish_package(actor=system, today=DAY - dt.timedelta(days=n))
    assert len(list((settings.MEDIA_ROOT / "open-data").glob("*.zip"))) == opendata.KEEP


@pytest.mark.parametrize(("lang", "heading", "field_text"), [
    ("en", "Open data", "The practice's name."),
    ("ar", "البيانات المفتوحة", "اسم الممارسة."),
])
def test_the_page_shows_the_package_and_its_tables(world, lang, heading, field_text):
    opendata.publish_package(actor=opendata.system("test"), today=DAY)
    page = Client().get(f"/{lang}/open-data/")
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert heading in html and field_text in html
    assert f'href="/{lang}/open-data/wiqaya-open-data-2026-12-07.zip"' in html
    assert "CC-BY-4.0" in html
    for table in opendata.TABLES:
        assert f'data-table="{table.name}"' in html
    download = Client().get(f"/{lang}/open-data/wiqaya-open-data-2026-12-07.zip")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).read("datapackage.json")


def test_the_page_without_a_package_says_so(db):
    page = Client().get("/en/open-data/")
    assert page.status_code == 200
    assert 'data-testid="empty"' in page.content.decode()


@pytest.mark.parametrize("name", ["wiqaya-open-data-2026-12-08", "wiqaya-open-data-2026-13-45", "other", "..%2Fx"])
def test_a_wrong_or_missing_date_is_a_404_page(world, name):
    opendata.publish_package(actor=opendata.system("test"), today=DAY)
    answer = Client().get(f"/en/open-data/{name}.zip")
    assert answer.status_code == 404
    assert "Traceback" not in answer.content.decode()


def test_the_daily_task_builds_todays_package(world, settings):
    from django.utils import timezone

    opendata.open_data_daily.enqueue()  # the test settings run tasks at once; production's worker runs it daily
    assert opendata.package_path(timezone.localdate()).exists()
    assert opendata.schedule() is False  # the immediate backend cannot defer: nothing waits in a queue
