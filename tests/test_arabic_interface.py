"""No English left on Arabic pages where the interface speaks: the admin's titles, app headings, model names and
inline headers; the labels of every form, filter and model field (which required-field errors name); the empty
choice of every select; the field an import error names."""

import re

import pytest
from django.apps import apps
from django.utils import translation

from accounts.choices import OrganisationKind, Role
from places.models import Place
from tests.factories import make_org, make_plan, make_user

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"core", "accounts", "places", "frameworks", "documents", "practices", "plans", "directory",
                "search", "demo", "ops"}
# Names that stay as they are in Arabic text: formats, standards and code words.
TECHNICAL = re.compile(r"\b(ISO 3166|ISO|slug|SHA-256|XLSX|CSV|JSON|YAML|URL|API|TOTP|UTF-8|Excel|PDF|IQD|USD)\b")


def english_words(text) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", TECHNICAL.sub("", str(text)))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def root(client, reference):
    user = make_user("root", role=None, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_the_admin_index_in_arabic_has_no_english_heading(client, root):
    html = client.get("/ar/admin/").content.decode()
    assert "إدارة وقاية" in html
    assert "Django administration" not in html and "Site administration" not in html
    headings = [_text(c) for c in re.findall(r"<caption>(.*?)</caption>", html, re.S)]
    models = [_text(c) for c in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', html, re.S)]
    assert len(headings) >= 8 and models
    assert [h for h in headings + models if english_words(h)] == []
    # In English the same page names the apps in English.
    english = client.get("/en/admin/").content.decode()
    assert "Wiqaya administration" in english and "Local action plans" in english


def test_admin_inline_headers_in_arabic(client, root):
    committee = make_org("Baghdad Sub-committee", kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code="IQ-BG"))
    focal = make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee)
    plan = make_plan(focal, status="approved")
    action = plan.actions.first()
    for url in (f"/ar/admin/plans/plan/{plan.pk}/change/", f"/ar/admin/plans/action/{action.pk}/change/",
                f"/ar/admin/accounts/user/{focal.pk}/change/"):
        html = client.get(url).content.decode()
        headers = [_text(h) for h in re.findall(r'<th[^>]*class="column-[^"]*"[^>]*>(.*?)</th>', html, re.S)]
        inline_titles = [_text(h) for h in re.findall(r'<h2[^>]*id="[^"]*-heading"[^>]*>(.*?)</h2>', html, re.S)]
        assert headers, url
        assert [h for h in headers + inline_titles if english_words(h)] == [], url


def test_every_model_field_and_model_has_an_arabic_name():
    untranslated = []
    with translation.override("ar"):
        for model in apps.get_models():
            if model._meta.app_label not in PROJECT_APPS or model._meta.app_label == "search":
                continue  # the search index's internal tables appear on no page
            names = [model._meta.verbose_name, model._meta.verbose_name_plural]
            names += [f.verbose_name for f in model._meta.get_fields()
                      if getattr(f, "concrete", False) and not f.auto_created]
            untranslated += [f"{model._meta.label}: {name}" for name in names if english_words(name)]
    assert untranslated == []


def _form_classes():
    import importlib
    import inspect

    import django_filters
    from django import forms

    for app in sorted(PROJECT_APPS):
        for module_name in ("forms", "filters"):
            try:
                module = importlib.import_module(f"{app}.{module_name}")
            except ImportError:
                continue
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and (
                        issubclass(cls, forms.BaseForm) or issubclass(cls, django_filters.FilterSet)):
                    yield cls


def test_every_form_and_filter_labels_its_fields_in_arabic():
    """A required-field error, an error summary and a screen reader name a field by its label."""
    import django_filters

    untranslated, checked = [], 0
    with translation.override("ar"):
        for cls in _form_classes():
            if issubclass(cls, django_filters.FilterSet):
                labels = {name: f.label for name, f in cls.base_filters.items()}
            else:
                labels = {name: f.label if f.label is not None else name.replace("_", " ").capitalize()
                          for name, f in cls.base_fields.items()}
            for name, label in labels.items():
                checked += 1
                if label is None or english_words(label):
                    untranslated.append(f"{cls.__module__}.{cls.__name__}.{name}: {label}")
    assert checked > 50
    assert untranslated == []


def test_the_empty_choice_of_a_select_is_arabic(client, reference):
    partner = make_user("partner")
    client.force_login(partner)
    for url in ("/ar/directory/", "/ar/practices/new/", "/ar/plans/"):
        html = client.get(url).content.decode()
        empty = [_text(o) for o in re.findall(r'<option value=""[^>]*>(.*?)</option>', html, re.S)]
        assert empty, url
        assert [e for e in empty if english_words(e) or "---" in e] == [], (url, empty)


def test_the_plan_import_names_a_missing_field_in_the_reader_language(reference):
    from core.actors import system
    from plans import spreadsheet
    from plans.tests.test_spreadsheet import action, fill, to_bytes

    make_org("Nineveh Prevention Sub-committee", kind=OrganisationKind.COMMITTEE, acronym="NPSC",
             place=Place.objects.get(code="IQ-NI"))
    workbook = to_bytes(fill({"title": None}, actions=[action("1", "x")]))
    with translation.override("ar"):
        _data, errors = spreadsheet.read_workbook(workbook, actor=system("tests"))
    assert "العنوان مطلوب." in [e["message"] for e in errors]
    with translation.override("en"):
        _data, errors = spreadsheet.read_workbook(workbook, actor=system("tests"))
    assert "Title is required." in [e["message"] for e in errors]

