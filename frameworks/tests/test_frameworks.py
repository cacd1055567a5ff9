"""Frameworks as data: editing through services, pages and API; import and export; the coverage view."""

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.choices import Role
from core.models import AuditEntry
from frameworks import queries, services
from frameworks.exports import export_framework
from frameworks.models import Crosswalk, Framework, Goal, Paragraph
from practices import queries as practice_queries
from practices.models import PracticeGoal
from tests.factories import make_org, make_practice, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    return make_user("coordinator", role=Role.NATIONAL_COORDINATOR)


@pytest.fixture
def partner(db):
    return make_user("partner", organisation=make_org("Partner Org"))


@pytest.fixture
def tree(coordinator):
    """A framework with a pillar → objective → sub-objective chain, in both languages, and a second pillar."""
    framework = services.create_framework(actor=coordinator, slug="iraq-test", title_en="National strategy",
                                          title_ar="الاستراتيجية الوطنية", year=2019)
    pillar = services.create_goal(actor=coordinator, framework=framework, number="1", title_en="Prevention",
                                  title_ar="الوقاية", description_en="Stop it early.")
    objective = services.create_goal(actor=coordinator, framework=framework, parent=pillar, number="2",
                                     title_en="Schools", title_ar="المدارس", aliases=["Education"])
    deep = services.create_goal(actor=coordinator, framework=framework, parent=objective, number="3",
                                title_ar="المعلمون")
    other = services.create_goal(actor=coordinator, framework=framework, number="2", title_en="Protection")
    services.set_paragraph(actor=coordinator, goal=objective, number=58, text="Teach critical thinking.")
    services.set_paragraph(actor=coordinator, goal=deep, number=59, text="تدريب المعلمين على الحوار.")
    return {"framework": framework, "pillar": pillar, "objective": objective, "deep": deep, "other": other}


def paths(framework):
    return [goal.path for goal in queries.walk_tree(queries.goal_tree(framework))]


# --- services ------------------------------------------------------------------------------------------------


def test_goals_nest_three_deep_and_every_write_is_audited(tree):
    assert paths(tree["framework"]) == ["1", "1.2", "1.2.3", "2"]
    assert tree["deep"].parent == tree["objective"] and tree["objective"].parent == tree["pillar"]
    assert [tree["pillar"].position, tree["other"].position, tree["objective"].position] == [1, 2, 1]
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("goal.create") == 4 and "framework.create" in actions
    assert actions.count("paragraph.create") == 2
    assert Paragraph.objects.get(number=59).lang == "ar"


def test_partner_and_anonymous_may_not_write(tree, partner):
    from django.contrib.auth.models import AnonymousUser

    framework = tree["framework"]
    for actor in (partner, AnonymousUser(), None):
        refused = TypeError if actor is None else PermissionDenied  # None is no actor at all
        with pytest.raises(refused):
            services.create_framework(actor=actor, slug="nope", title_en="No")
        with pytest.raises(refused):
            services.create_goal(actor=actor, framework=framework, number="9")
        with pytest.raises(refused):
            services.update_goal(actor=actor, goal=tree["other"], title_en="x")
        with pytest.raises(refused):
            services.delete_goal(actor=actor, goal=tree["other"])
        with pytest.raises(refused):
            services.import_framework(actor=actor, data="GOAL 1: x", slug="nope")
    assert not Framework.objects.filter(slug="nope").exists()


def test_goal_numbers_are_unique_among_siblings_only(tree, coordinator):
    framework = tree["framework"]
    with pytest.raises(ValidationError) as caught:
        services.create_goal(actor=coordinator, framework=framework, number="1")
    assert "number" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.create_goal(actor=coordinator, framework=framework, parent=tree["pillar"], number="2")
    # The same number at another level is fine; Arabic-Indic digits are written as Western ones.
    sub = services.create_goal(actor=coordinator, framework=framework, parent=tree["other"], number="٢")
    assert sub.number == "2" and sub.position == 1
    with pytest.raises(ValidationError) as caught:
        services.create_goal(actor=coordinator, framework=framework, number="1.4")
    assert "1.2" in caught.value.message_dict["number"][0]


def test_update_goal_moves_it_and_refuses_cycles(tree, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.update_goal(actor=coordinator, goal=tree["pillar"], parent=tree["deep"])
    assert "parent" in caught.value.message_dict
    services.update_goal(actor=coordinator, goal=tree["deep"], parent=tree["other"], title_en="Teachers")
    assert paths(tree["framework"]) == ["1", "1.2", "2", "2.3"]
    entry = AuditEntry.objects.filter(action="goal.update").latest("id")
    assert entry.changes["title_en"] == ["", "Teachers"]
    assert entry.changes["parent"] == [tree["objective"].pk, tree["other"].pk]


def test_goal_of_another_framework_cannot_be_the_parent(tree, coordinator, reference):
    foreign = Goal.objects.get(framework__slug="un-pve-2015", number="1")
    with pytest.raises(ValidationError):
        services.create_goal(actor=coordinator, framework=tree["framework"], parent=foreign, number="7")


def test_delete_goal_refused_while_practices_link_to_it_or_below(tree, coordinator, partner):
    practice = make_practice(partner, goals=[tree["deep"]])
    with pytest.raises(ValidationError) as caught:
        services.delete_goal(actor=coordinator, goal=tree["pillar"])
    assert "1 practice is linked" in caught.value.messages[0]
    assert Goal.objects.filter(framework=tree["framework"]).count() == 4
    PracticeGoal.objects.filter(practice=practice).delete()
    services.delete_goal(actor=coordinator, goal=tree["pillar"])
    assert paths(tree["framework"]) == ["2"]
    assert not Paragraph.objects.filter(number__in=[58, 59]).exists()
    assert AuditEntry.objects.filter(action="goal.delete", changes__goals_deleted=3).exists()


def test_paragraphs_set_replace_and_delete(tree, coordinator, partner):
    goal = tree["objective"]
    services.set_paragraph(actor=coordinator, goal=goal, number=58, text="Teach history too.")
    assert goal.paragraphs.get(number=58).text == "Teach history too."
    link = PracticeGoal.objects.get(practice=make_practice(partner, goals=[goal]))
    link.paragraphs.add(goal.paragraphs.get(number=58))
    with pytest.raises(ValidationError) as caught:
        services.delete_paragraph(actor=coordinator, paragraph=goal.paragraphs.get(number=58))
    assert "1 practice cites it" in caught.value.messages[0]
    link.paragraphs.clear()
    services.delete_paragraph(actor=coordinator, paragraph=goal.paragraphs.get(number=58))
    assert not goal.paragraphs.exists()


ENGLISH = """\
FRAMEWORK: compendium-test
TITLE: Compendium framework

GOAL 2: Reinforce education and community
resilience.
(58) Include in school curricula the teaching
of critical thinking.
GOAL 2.1: Schools
(60) Train teachers.
GOAL 8: Raise alternative narratives.
(77) Train young journalists.
"""

ARABIC = """\
الهدف ٢: تعزيز التعليم والمرونة المجتمعية.
(٥٩) إدراج تعليم التفكير النقدي في المناهج.
الهدف ٢.١: المدارس
الهدف ٨: تقديم روايات بديلة.
"""


def test_import_english_then_arabic_compendium_text(coordinator):
    framework, report = services.import_framework(actor=coordinator, data=ENGLISH.encode(), filename="c.txt")
    assert framework.slug == "compendium-test" and framework.status == "imported"
    assert report.framework_created and report.counts["goals_created"] == 3
    assert report.counts["paragraphs_created"] == 3
    assert paths(framework) == ["2", "2.1", "8"]
    goal = Goal.objects.get(framework=framework, number="2", parent=None)
    assert goal.title_en == "Reinforce education and community resilience."
    assert goal.paragraphs.get(number=58).text == "Include in school curricula the teaching of critical thinking."

    framework, report = services.import_framework(actor=coordinator, data=ARABIC, slug="compendium-test")
    assert not report.framework_created
    assert report.counts == {"goals_created": 0, "goals_updated": 3, "goals_unchanged": 0,
                             "paragraphs_created": 1, "paragraphs_updated": 0, "paragraphs_unchanged": 0}
    goal.refresh_from_db()
    assert goal.title_ar == "تعزيز التعليم والمرونة المجتمعية."
    assert goal.title_en == "Reinforce education and community resilience."  # the Arabic text erased nothing
    assert goal.paragraphs.get(number=59).lang == "ar"
    assert AuditEntry.objects.filter(action="framework.import").count() == 2


def test_reimport_is_idempotent(coordinator):
    services.import_framework(actor=coordinator, data=ENGLISH, filename="c.txt")
    before = (Goal.objects.count(), Paragraph.objects.count())
    _framework, report = services.import_framework(actor=coordinator, data=ENGLISH, filename="c.txt")
    assert (Goal.objects.count(), Paragraph.objects.count()) == before
    assert report.counts["goals_unchanged"] == 3 and report.counts["paragraphs_unchanged"] == 3
    assert report.counts["goals_created"] == report.counts["goals_updated"] == 0


def test_import_error_names_the_line_and_writes_nothing(coordinator):
    text = "FRAMEWORK: broken\nGOAL 1: One\nGOAL 3.1: Orphan\n"
    with pytest.raises(ValidationError) as caught:
        services.import_framework(actor=coordinator, data=text)
    assert caught.value.messages[0].startswith("line 3:")
    assert not Framework.objects.filter(slug="broken").exists()
    # A problem found while writing (a title too long for the database) also leaves nothing behind.
    text = "FRAMEWORK: broken\nGOAL 1: One\n(1) Fine.\nGOAL 2: " + "x" * 600 + "\n"
    with pytest.raises(ValidationError) as caught:
        services.import_framework(actor=coordinator, data=text)
    assert "goal 2" in caught.value.messages[0]
    assert not Framework.objects.filter(slug="broken").exists() and not Paragraph.objects.exists()


def test_import_needs_a_slug_when_the_text_has_none(coordinator):
    with pytest.raises(ValidationError):
        services.import_framework(actor=coordinator, data="GOAL 1: One\n")
    framework, _report = services.import_framework(actor=coordinator, data="GOAL 1: One\n", slug="given",
                                                   title_en="Given title", title_ar="عنوان")
    assert (framework.slug, framework.title_en, framework.title_ar) == ("given", "Given title", "عنوان")


def test_import_yaml_and_json(coordinator):
    doc = {"slug": "from-yaml", "title_en": "From YAML", "year": 2020, "status": "outline", "goals": [
        {"number": 1, "title_en": "Pillar", "children": [
            {"number": 1, "title_en": "Objective", "children": [
                {"number": 1, "title_ar": "فقرة", "paragraphs": [{"number": 4, "text": "نص"}]}]}]}]}
    framework, report = services.import_framework(
        actor=coordinator, data=yaml.safe_dump(doc, allow_unicode=True).encode(), filename="f.yaml")
    assert (framework.year, framework.status, report.counts["goals_created"]) == (2020, "outline", 3)
    assert paths(framework) == ["1", "1.1", "1.1.1"]
    assert Paragraph.objects.get(goal__framework=framework).lang == "ar"
    import json

    doc["slug"] = "from-json"
    framework, _report = services.import_framework(actor=coordinator, data=json.dumps(doc), filename="f.json")
    assert paths(framework) == ["1", "1.1", "1.1.1"]
    with pytest.raises(ValidationError) as caught:
        services.import_framework(actor=coordinator, data='{"slug": "bad", "status": "done", "goals": [{"number": 1}]}',
                                  filename="f.json")
    assert "done" in caught.value.messages[0]


@pytest.mark.parametrize("fmt", ["text", "yaml", "json"])
def test_export_then_import_gives_the_same_tree(tree, coordinator, fmt):
    framework = tree["framework"]
    services.update_framework(actor=coordinator, framework=framework, description_en="Line one.\n\nLine two.",
                              description_ar="سطر.", source="Official gazette", short_name="NS")
    services.update_goal(actor=coordinator, goal=tree["other"], description_ar="الحماية\n(1) ليست فقرة")
    exported = export_framework(framework, fmt)
    Framework.objects.filter(pk=framework.pk).delete()
    imported, report = services.import_framework(actor=coordinator, data=exported, fmt=fmt)
    assert report.framework_created and report.warnings == []
    assert export_framework(imported, fmt) == exported
    assert paths(imported) == ["1", "1.2", "1.2.3", "2"]
    assert Goal.objects.get(framework=imported, number="2", parent__number="1").aliases == ["Education"]


def test_text_export_convention(tree):
    text = export_framework(tree["framework"], "text")
    assert "GOAL 1.2: Schools" in text and "الهدف ١.٢: المدارس" in text
    assert "الهدف ١.٢.٣: المعلمون" in text and "GOAL 1.2.3" not in text
    assert "(58) Teach critical thinking." in text and "(٥٩) تدريب المعلمين على الحوار." in text


# --- coverage --------------------------------------------------------------------------------------------------


@pytest.fixture
def covered(reference, partner, coordinator):
    euromed_2 = Goal.objects.get(framework__slug="euromed-cso-2017", number="2")
    euromed_6 = Goal.objects.get(framework__slug="euromed-cso-2017", number="6")
    pve_4 = Goal.objects.get(framework__slug="un-pve-2015", number="4")
    pve_5 = Goal.objects.get(framework__slug="un-pve-2015", number="5")
    sub = services.create_goal(actor=coordinator, framework=euromed_2.framework, parent=euromed_2, number="1",
                               title_en="Schools")
    published = make_practice(partner, status="published", goals=[sub], name="Published on 2.1")
    draft = make_practice(partner, status="draft", goals=[euromed_2], name="Draft on 2")
    on_pve = make_practice(partner, status="published", goals=[pve_4], name="Published on PVE 4")
    services.link_goals(actor=coordinator, source=pve_4, target=euromed_2, relation="related")
    Crosswalk.objects.create(source=euromed_6, target=pve_5, status="suggested")  # does not count
    make_practice(partner, status="published", goals=[pve_5], name="Published on PVE 5")
    return {"euromed_2": euromed_2, "sub": sub, "pve_4": pve_4, "pve_5": pve_5, "euromed_6": euromed_6,
            "published": published, "draft": draft, "on_pve": on_pve}


def rows_by_path(framework, user):
    from practices.models import Practice
    from practices.permissions import visible_to

    rows = practice_queries.coverage(framework, practices=visible_to(user, Practice.objects.all()))
    return {row.goal.path: (row.direct, row.via, row.total) for row in rows}


def test_coverage_counts_direct_crosswalked_and_respects_visibility(covered, partner):
    from django.contrib.auth.models import AnonymousUser

    euromed, pve = covered["euromed_2"].framework, covered["pve_4"].framework
    anonymous = rows_by_path(euromed, AnonymousUser())
    assert anonymous["2"] == (1, 1, 2)  # the published practice on 2.1; the PVE 4 practice by crosswalk
    assert anonymous["2.1"] == (1, 0, 1)
    assert anonymous["6"] == (0, 0, 0)  # a suggested crosswalk carries nothing
    assert rows_by_path(euromed, partner)["2"] == (2, 1, 3)  # the owner also sees its draft
    # Read through the other framework: the crosswalk works in both directions, and so does visibility.
    assert rows_by_path(pve, AnonymousUser())["4"] == (1, 1, 2)
    assert rows_by_path(pve, partner)["4"] == (1, 2, 3)
    assert rows_by_path(pve, AnonymousUser())["5"] == (1, 0, 1)


def test_coverage_takes_a_fixed_number_of_queries(covered):
    from practices.models import Practice

    framework = covered["euromed_2"].framework
    with CaptureQueriesContext(connection) as first:
        practice_queries.coverage(framework, practices=Practice.objects.all())
    for number in range(3):
        services.create_goal(actor=make_user(role=Role.ADMINISTRATOR), framework=framework, parent=covered["sub"],
                             number=str(number))
    with CaptureQueriesContext(connection) as second:
        practice_queries.coverage(framework, practices=Practice.objects.all())
    assert len(first) == len(second) <= 5


# --- pages -----------------------------------------------------------------------------------------------------


def test_list_page(client, covered, coordinator):
    html = client.get("/en/frameworks/").content.decode()
    assert "euromed-cso-2017" in html and "Add framework" not in html
    response = client.get("/en/frameworks/")
    euromed = next(f for f in response.context["frameworks"] if f.slug == "euromed-cso-2017")
    assert (euromed.goal_count, euromed.practice_count) == (10, 1)
    client.force_login(coordinator)
    html = client.get("/en/frameworks/").content.decode()
    assert "Add framework" in html and 'href="/en/frameworks/import/"' in html
    assert 'href="/en/frameworks/"' in client.get("/en/practices/").content.decode()  # the navbar item


def test_detail_page_shows_the_tree_in_the_active_language(client, tree, coordinator):
    html = client.get("/en/frameworks/iraq-test/").content.decode()
    assert "Prevention" in html and "Schools" in html and 'data-path="1.2.3"' in html
    assert "المعلمون" in html  # no English title: the Arabic one, marked as Arabic
    assert "<details" in html and "Teach critical thinking." in html
    assert "Edit framework" not in html
    arabic = client.get("/ar/frameworks/iraq-test/").content.decode()
    assert "الوقاية" in arabic and 'lang="ar" dir="rtl">الوقاية' in arabic
    assert 'lang="en" dir="ltr">Protection' in arabic  # no Arabic title: the English one, marked as English
    client.force_login(coordinator)
    assert "Edit framework" in client.get("/en/frameworks/iraq-test/").content.decode()


@pytest.mark.parametrize("url", ["/en/frameworks/new/", "/en/frameworks/import/", "/en/frameworks/iraq-test/edit/",
                                 "/en/frameworks/iraq-test/goals/new/"])
def test_forms_need_a_coordinator(client, tree, partner, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(partner)
    assert client.get(url).status_code == 403
    assert client.post(url, {"slug": "x", "title_en": "x"}).status_code == 403


def test_create_and_edit_framework_through_the_form(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/en/frameworks/new/", {"slug": "new-plan", "title_en": "New plan", "status": "outline"})
    assert response.status_code == 302 and response["Location"] == "/en/frameworks/new-plan/"
    response = client.post("/en/frameworks/new-plan/edit/", {"title_en": "New plan", "title_ar": "خطة جديدة",
                                                              "status": "published", "year": "2024"})
    assert response.status_code == 302
    framework = Framework.objects.get(slug="new-plan")
    assert (framework.title_ar, framework.year, framework.status) == ("خطة جديدة", 2024, "published")
    duplicate = client.post("/en/frameworks/new/", {"slug": "new-plan", "title_en": "Again", "status": "outline"})
    assert duplicate.status_code == 200 and "already exists" in duplicate.content.decode()


def test_goal_forms(client, tree, coordinator):
    client.force_login(coordinator)
    objective = tree["objective"]
    page = client.get(f"/en/frameworks/iraq-test/goals/new/?parent={objective.pk}").content.decode()
    assert f'<option value="{objective.pk}" selected>' in page
    response = client.post("/en/frameworks/iraq-test/goals/new/", {"parent": objective.pk, "number": "4",
                                                                  "title_en": "Parents", "aliases": "Families\nKin"})
    assert response.status_code == 302
    goal = Goal.objects.get(parent=objective, number="4")
    assert goal.aliases == ["Families", "Kin"] and goal.position == 2
    clash = client.post("/en/frameworks/iraq-test/goals/new/", {"parent": objective.pk, "number": "4"})
    assert clash.status_code == 200 and "already has the number 4" in clash.content.decode()
    # The parent chooser offers this framework's goals, never the goal itself or one under it.
    edit = client.get(f"/en/frameworks/iraq-test/goals/{tree['pillar'].pk}/edit/")
    choices = [value for value, _label in edit.context["form"].fields["parent"].choices]
    assert tree["other"].pk in choices and tree["deep"].pk not in choices and tree["pillar"].pk not in choices
    response = client.post(f"/en/frameworks/iraq-test/goals/{goal.pk}/edit/",
                           {"parent": tree["other"].pk, "number": "1", "title_en": "Parents"})
    assert response.status_code == 302
    assert paths(tree["framework"])[-1] == "2.1"


def test_goal_delete_refused_with_a_message(client, tree, coordinator, partner):
    make_practice(partner, goals=[tree["deep"]])
    client.force_login(coordinator)
    response = client.post(f"/en/frameworks/iraq-test/goals/{tree['pillar'].pk}/delete/", follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Goal.objects.filter(pk=tree["pillar"].pk).exists()
    client.post(f"/en/frameworks/iraq-test/goals/{tree['other'].pk}/delete/")
    assert not Goal.objects.filter(pk=tree["other"].pk).exists()


def test_paragraph_forms(client, tree, coordinator):
    client.force_login(coordinator)
    goal = tree["other"]
    client.post(f"/en/frameworks/iraq-test/goals/{goal.pk}/paragraphs/", {"number": 7, "text": "حماية الضحايا"})
    assert goal.paragraphs.get(number=7).lang == "ar"
    client.post(f"/en/frameworks/iraq-test/goals/{goal.pk}/paragraphs/7/delete/")
    assert not goal.paragraphs.exists()


def test_import_page_pasted_text_with_errors_then_file(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/en/frameworks/import/", {"text": "FRAMEWORK: pasted\nGOAL 1: One\nGOAL 4.2: Two\n"})
    assert response.status_code == 200
    assert "line 3:" in response.content.decode() and "Nothing was imported" in response.content.decode()
    assert not Framework.objects.filter(slug="pasted").exists()
    upload = SimpleUploadedFile("plan.txt", ARABIC.encode())
    response = client.post("/en/frameworks/import/", {"file": upload, "slug": "arabic-plan", "title_ar": "خطة"})
    assert response.status_code == 302 and response["Location"] == "/en/frameworks/arabic-plan/"
    assert paths(Framework.objects.get(slug="arabic-plan")) == ["2", "2.1", "8"]
    arabic = client.post("/ar/frameworks/import/", {"text": "FRAMEWORK: x\nGOAL 1: One\nGOAL 4.2: Two\n"})
    assert "السطر 3: الهدف 4.2 يأتي قبل الهدف 4" in arabic.content.decode()  # problems in the reader's language


def test_import_page_names_a_file_of_the_wrong_kind(client, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("strategy.docx", b"PK\x03\x04 a Word document")
    response = client.post("/en/frameworks/import/", {"file": upload, "slug": "from-word"})
    html = response.content.decode()
    assert response.status_code == 200 and not Framework.objects.filter(slug="from-word").exists()
    assert "“\u2068strategy.docx\u2069” is a \u2068.docx\u2069 file, which cannot be imported here" in html
    assert "use \u2068.json, .md, .txt, .yaml, .yml\u2069" in html and 'href="#id_file"' in html
    assert "correct 1 problem." in html  # not also "upload a file or paste the text"


def test_export_downloads(client, tree):
    response = client.get("/en/frameworks/iraq-test/export/yaml/")
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="iraq-test.yaml"'
    assert yaml.safe_load(response.content.decode("utf-8"))["title_ar"] == "الاستراتيجية الوطنية"
    text = client.get("/en/frameworks/iraq-test/export/text/")
    assert text["Content-Disposition"].endswith('iraq-test.txt"')
    assert "الهدف ١: الوقاية" in text.content.decode("utf-8")
    assert client.get("/en/frameworks/iraq-test/export/json/")["Content-Type"].startswith("application/json")
    assert client.get("/en/frameworks/iraq-test/export/xml/").status_code == 404


def test_coverage_page(client, covered):
    response = client.get("/en/frameworks/euromed-cso-2017/coverage/")
    html = response.content.decode()
    row = next(r for r in response.context["rows"] if r.goal.path == "2")
    assert (row.direct, row.via, row.total) == (1, 1, 2)
    g2 = covered["euromed_2"].pk
    assert f'href="/en/practices/?goal={g2}&amp;through=direct"' in html
    assert f'href="/en/practices/?goal={g2}&amp;through=crosswalks"' in html
    assert f'href="/en/practices/?goal={g2}"' in html
    assert 'class="coverage-gap"' in html and "No practice yet" in html
    assert "8 of 10 goals have no practice yet." in html
    partial = client.get("/en/frameworks/euromed-cso-2017/coverage/", {"gaps": "1"}, headers={"HX-Request": "true"})
    partial_html = partial.content.decode()
    assert "<html" not in partial_html and 'data-path="2"' not in partial_html and 'data-path="6"' in partial_html
    arabic = client.get("/ar/frameworks/euromed-cso-2017/coverage/").content.decode()
    assert "تعزيز التعليم والمرونة المجتمعية." in arabic and 'href="/ar/practices/?goal=' in arabic
    # The total column opens exactly the practices it counts.
    listed = client.get(f"/en/practices/?goal={g2}")
    assert sorted(p.name for p in listed.context["page"]) == ["Published on 2.1", "Published on PVE 4"]


def test_unknown_framework_is_404(client, db):
    assert client.get("/en/frameworks/nothing/").status_code == 404
    assert client.get("/en/frameworks/nothing/coverage/").status_code == 404


# --- API -------------------------------------------------------------------------------------------------------


@pytest.fixture
def api_as(coordinator):
    def make(user):
        api = APIClient()
        if user is not None:
            api.force_authenticate(user)
        return api

    return make


def test_api_reads_the_nested_tree(api_as, tree):
    body = api_as(None).get("/api/v1/frameworks/iraq-test/").json()
    assert [g["path"] for g in body["goals"]] == ["1", "2"]
    deep = body["goals"][0]["children"][0]["children"][0]
    assert (deep["path"], deep["title_ar"], deep["paragraphs"][0]["number"]) == ("1.2.3", "المعلمون", 59)
    goal = api_as(None).get(f"/api/v1/goals/{tree['objective'].pk}/").json()
    assert goal["parent"] == tree["pillar"].pk and goal["path"] == "1.2"
    assert [c["number"] for c in goal["children"]] == ["3"]


def test_api_writes_need_a_coordinator(api_as, tree, partner):
    for user in (None, partner):
        api = api_as(user)
        assert api.post("/api/v1/frameworks/", {"slug": "x", "title_en": "X"}, format="json").status_code in {401, 403}
        assert api.patch("/api/v1/frameworks/iraq-test/", {"title_en": "X"}, format="json").status_code in {401, 403}
        assert api.post("/api/v1/goals/", {"framework": "iraq-test", "number": "9"}, format="json").status_code in {
            401, 403}
        assert api.delete(f"/api/v1/goals/{tree['other'].pk}/").status_code in {401, 403}
        assert api.post("/api/v1/frameworks/import/", {"text": "GOAL 1: x", "slug": "y"},
                        format="json").status_code in {401, 403}
    assert not Framework.objects.filter(slug__in=["x", "y"]).exists()


def test_api_create_and_update_through_the_services(api_as, tree, coordinator, partner):
    api = api_as(coordinator)
    created = api.post("/api/v1/frameworks/", {"slug": "api-plan", "title_en": "API plan", "status": "outline"},
                       format="json")
    assert created.status_code == 201, created.content
    assert created.json()["goals"] == []
    patched = api.patch("/api/v1/frameworks/api-plan/", {"title_ar": "خطة", "slug": "ignored"}, format="json")
    assert patched.status_code == 200 and patched.json()["slug"] == "api-plan"
    top = api.post("/api/v1/goals/", {"framework": "api-plan", "number": "1", "title_en": "Top"}, format="json")
    assert top.status_code == 201, top.content
    child = api.post("/api/v1/goals/", {"framework": "api-plan", "number": "1", "parent": top.json()["id"],
                                        "title_en": "Child"}, format="json")
    assert child.status_code == 201 and child.json()["path"] == "1.1"
    dup = api.post("/api/v1/goals/", {"framework": "api-plan", "number": "1"}, format="json")
    assert dup.status_code == 400 and "number" in dup.json()
    moved = api.patch(f"/api/v1/goals/{child.json()['id']}/", {"parent": None, "number": "2"}, format="json")
    assert moved.status_code == 200 and moved.json()["path"] == "2"
    paragraph = api.post(f"/api/v1/goals/{top.json()['id']}/paragraphs/", {"number": 3, "text": "نص"}, format="json")
    assert paragraph.status_code == 200 and paragraph.json()["lang"] == "ar"
    assert AuditEntry.objects.filter(action="goal.update", actor=coordinator).exists()
    make_practice(partner, goals=[tree["deep"]])
    refused = api.delete(f"/api/v1/goals/{tree['pillar'].pk}/")
    assert refused.status_code == 400 and "cannot be deleted" in str(refused.json())
    assert api.delete(f"/api/v1/goals/{tree['other'].pk}/").status_code == 204


def test_api_export_import_and_coverage(api_as, tree, coordinator, covered):
    anonymous = api_as(None)
    exported = anonymous.get("/api/v1/frameworks/iraq-test/export/", {"format": "yaml"})
    assert exported.status_code == 200 and exported["Content-Type"].startswith("application/yaml")
    assert exported["Content-Disposition"] == 'attachment; filename="iraq-test.yaml"'
    assert yaml.safe_load(exported.content.decode())["goals"][0]["children"][0]["number"] == "2"
    text = anonymous.get("/api/v1/frameworks/iraq-test/export/", {"format": "text"})
    assert text["Content-Type"].startswith("text/plain") and "GOAL 1.2: Schools" in text.content.decode()
    as_json = anonymous.get("/api/v1/frameworks/iraq-test/export/", {"format": "json"})
    assert as_json.json()["slug"] == "iraq-test"

    api = api_as(coordinator)
    upload = SimpleUploadedFile("copy.yaml", exported.content)
    first = api.post("/api/v1/frameworks/import/", {"file": upload, "slug": "copy"}, format="multipart")
    assert first.status_code == 201, first.content
    assert first.json()["report"]["goals_created"] == 4
    again = api.post("/api/v1/frameworks/import/", {"text": exported.content.decode(), "slug": "copy",
                                                    "format": "yaml"}, format="json")
    assert again.status_code == 200 and again.json()["report"]["goals_unchanged"] == 4
    bad = api.post("/api/v1/frameworks/import/", {"text": "GOAL 1: x\nGOAL 5.1: y\n", "slug": "bad"}, format="json")
    assert bad.status_code == 400 and "line 2" in str(bad.json())
    neither = api.post("/api/v1/frameworks/import/", {"slug": "bad"}, format="json")
    assert neither.status_code == 400

    rows = anonymous.get("/api/v1/frameworks/euromed-cso-2017/coverage/").json()
    row = next(r for r in rows if r["path"] == "2")
    assert (row["practices"], row["practices_via_crosswalks"], row["practices_total"]) == (1, 1, 2)
    assert row["number"] == "2" and row["title"] and row["practices_url"].endswith(
        f"/api/v1/practices/?goal={covered['euromed_2'].pk}")
    assert next(r for r in rows if r["path"] == "2.1")["depth"] == 1


@pytest.mark.django_db
def test_a_failed_export_answers_in_json_whatever_format_was_asked(client):
    for fmt in ("text", "yaml", "json"):
        response = client.get(f"/api/v1/frameworks/no-such-framework/export/?format={fmt}")
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert response.json()["detail"]
