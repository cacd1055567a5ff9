"""The practice form: goals picked in the searchable picker, grouped by framework, labelled "4.2 — title" in the
reader's language; every error listed at the top with a link to its field; counters under limited fields."""

import re

import pytest
from django.urls import reverse

from frameworks.forms import GoalMultipleChoiceField
from frameworks.models import Framework, Goal
from practices.forms import PracticeForm
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(reference):
    euromed = Goal.objects.get(framework__slug="euromed-cso-2017", number="2", parent=None)
    Goal.objects.create(framework=euromed.framework, parent=euromed, number="1", position=0,
                        title_en="Schools as safe places", title_ar="المدارس أماكن آمنة")
    return make_user("picker-writer", organisation=make_org("Picker Org"))


def page(client, lang: str) -> str:
    return client.get(f"/{lang}" + reverse("practices:create")[3:]).content.decode()


def goals_select(html: str) -> str:
    return re.search(r'<select name="goals".*?</select>', html, re.S).group(0)


def test_goal_picker_groups_by_framework_with_numbers_and_english_titles(client, writer):
    client.force_login(writer)
    select = goals_select(page(client, "en"))
    assert 'data-searchable="1"' in select and "multiple" in select and "size=" not in select
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    frameworks = Framework.objects.filter(goals__isnull=False).distinct()
    assert sorted(groups) == sorted(f.title_en for f in frameworks)
    euromed = Framework.objects.get(slug="euromed-cso-2017")
    group = re.search(rf'<optgroup label="{re.escape(euromed.title_en)}">(.*?)</optgroup>', select, re.S).group(1)
    labels = re.findall(r">([^<]+)</option>", group)
    # Tree order, the nested goal under its parent with its path.
    assert labels[:4] == ["1 — Monitor the drivers and impact of ALL forms of violent extremism.",
                          "2 — Reinforce education and community resilience.",
                          "2.1 — Schools as safe places",
                          "3 — Strengthen the responsibility to protect the victim."]


def test_goal_picker_speaks_the_readers_language_and_finds_the_other(client, writer):
    client.force_login(writer)
    un = Framework.objects.get(slug="un-pve-2015")
    Goal.objects.create(framework=un, number="8", position=8, title_en="Dialogue and conflict prevention, again")
    html = page(client, "ar")
    select = goals_select(html)
    euromed = Framework.objects.get(slug="euromed-cso-2017")
    assert f'<optgroup label="{euromed.title_ar}">' in select
    option = re.search(r'<option value="\d+" data-search="([^"]*)">2 — ([^<]+)</option>', select)
    assert option.group(2) == "تعزيز التعليم والمرونة المجتمعية."
    # What the option also answers to: the English title, so that typing English on an Arabic page finds it.
    assert "Reinforce education and community resilience." in option.group(1)
    assert "2.1 — المدارس أماكن آمنة" in select
    # A goal with no Arabic title keeps its English one rather than showing nothing.
    assert "8 — Dialogue and conflict prevention, again" in select


def test_practice_form_pickers_and_their_media(client, writer):
    client.force_login(writer)
    html = page(client, "en")
    for name in ("goals", "organisation", "country"):
        assert re.search(rf'<select name="{name}"[^>]*data-searchable="1"', html), name
    assert "/static/admin/js/vendor/select2/select2.full.min.js" in html
    assert "/static/admin/js/vendor/jquery/jquery.min.js" in html
    assert "/static/js/forms.js" in html and "/static/admin/css/vendor/select2/select2.min.css" in html
    assert "Hold Ctrl" not in html
    form = PracticeForm(user=writer)
    assert isinstance(form.fields["goals"], GoalMultipleChoiceField)


def test_practice_form_lists_every_error_at_the_top_with_links(client, writer):
    client.force_login(writer)
    response = client.post(reverse("practices:create"), {
        "name": "", "lang": "en", "start_year": 2020, "end_year": 2010, "goals": ["999999"]})
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S).group(0)
    assert 'role="alert"' in summary and "correct 4 problems" in summary
    links = re.findall(r'<a href="#(id_\w+)"', summary)
    assert links == ["id_name", "id_organisation", "id_end_year", "id_goals"]
    for anchor in links:  # each link leads to a field of the page
        assert f'id="{anchor}"' in html
    # The summary comes before the first field.
    assert html.index("error-summary") < html.index('name="name"')


def test_practice_form_in_arabic_names_the_problems_in_arabic(client, writer):
    client.force_login(writer)
    response = client.post("/ar" + reverse("practices:create")[3:], {"name": "", "lang": "ar"})
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', response.content.decode(), re.S)
    assert "لم يُحفظ النموذج: صحّح المشكلتين." in summary.group(0)
    assert '<a href="#id_name" class="alert-link" data-error-link>الاسم</a>' in summary.group(0)


def test_limited_fields_show_their_counter(client, writer):
    client.force_login(writer)
    html = page(client, "en")
    assert 'data-char-count="id_name" data-limit="300"><span data-used>0</span> / 300' in html
    assert 'data-char-count="id_period" data-limit="120"' in html
    assert 'data-char-count="id_description"' not in html  # no maximum, no counter
