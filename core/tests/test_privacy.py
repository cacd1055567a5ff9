"""Do no harm: no model outside the accounts and security records can hold data that identifies a person, and
published aggregates hide small groups."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import models

from accounts.choices import OrganisationKind, Role
from core.actors import system
from core.privacy import PEOPLE_MODELS, person_identifying_fields, suppress_small
from places.models import Place
from plans import queries, services
from tests.factories import make_org, make_plan, make_user


def test_no_community_record_model_has_a_person_identifying_field():
    offending = {
        model._meta.label_lower: person_identifying_fields(model)
        for model in apps.get_models()
        if model._meta.label_lower not in PEOPLE_MODELS and person_identifying_fields(model)
    }
    assert offending == {}, f"person-identifying fields on community-level records: {offending}"


def test_the_check_catches_what_it_must():
    """Adding a field like these to a needs-type model must fail the test above. The model lives in an isolated
    registry, so it does not join the project's models."""
    from django.test.utils import isolate_apps

    from accounts.models import User

    with isolate_apps("core"):

        class Need(models.Model):
            title = models.CharField(max_length=100)
            affected_households = models.PositiveIntegerField()
            contact_phone = models.CharField(max_length=20)
            beneficiary_name = models.CharField(max_length=100)
            date_of_birth = models.DateField()
            home_address = models.TextField()
            gps_lat = models.FloatField()
            source_ip = models.GenericIPAddressField()
            reported_person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
            created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

            class Meta:
                app_label = "core"

            def __str__(self):
                return self.title

    assert person_identifying_fields(Need) == [
        "contact_phone", "beneficiary_name", "date_of_birth", "home_address", "gps_lat", "source_ip",
        "reported_person"]
    assert "core.need" not in {m._meta.label_lower for m in apps.get_models()}


@pytest.mark.parametrize(("counts", "expected"), [
    ({"a": 12, "b": 7, "c": 0}, {"a": 12, "b": 7, "c": 0}),
    ({"a": 12, "b": 3, "c": 9}, {"a": 12, "b": None, "c": None}),  # one hidden → the next smallest too
    ({"a": 12, "b": 3, "c": 1}, {"a": 12, "b": None, "c": None}),
    ({"a": 4}, {"a": None}),
    ({"a": 5, "b": 0}, {"a": 5, "b": 0}),
])
def test_small_cells_are_hidden(counts, expected):
    assert suppress_small(counts, minimum=5) == expected


def test_the_minimum_is_configurable(settings):
    settings.WIQAYA_MIN_CELL_SIZE = 10
    assert suppress_small({"a": 9, "b": 30, "c": 40}) == {"a": None, "b": None, "c": 40}


@pytest.mark.django_db
def test_a_published_plan_figure_hides_small_groups(reference, client):
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Kirkuk sub-committee",
                                                                          kind=OrganisationKind.COMMITTEE,
                                                                          place=Place.objects.get(code="IQ-KI")))
    plan = make_plan(focal, place_code="IQ-KI", status="in_implementation")
    services.set_public(actor=focal, plan=plan, is_public=True)
    indicator = plan.actions.get().indicators.get()
    services.update_indicator(actor=system("tests"), indicator=indicator, by_sex_and_age=True,
                              target=100, frequency="monthly")
    services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 2, 1), value=30,
                          counts={("female", "15-24"): 20, ("male", "15-24"): 8, ("female", "60+"): 2})
    # The latest update counts, not the sum of all updates.
    services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 3, 1), value=33,
                          counts={("female", "15-24"): 21, ("male", "15-24"): 9, ("female", "60+"): 3})
    assert queries.people_reached([plan.pk])[("female", "60+")] == 3
    published = {(c["sex"], c["age_group"]): c["count"] for c in queries.published_people_reached([plan.pk])}
    assert published[("female", "15-24")] == 21
    assert published[("female", "60+")] is None and published[("male", "15-24")] is None  # 3, and its complement
    assert published[("male", "60+")] == 0
    answer = client.get(f"/api/v1/plans/{plan.pk}/").json()
    api = {(c["sex"], c["age_group"]): c["count"] for c in answer["people_reached"]}
    assert api == published and answer["detail"] is False


@pytest.mark.django_db
def test_the_public_summary_page_shows_counts_with_small_groups_hidden(reference, client):
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Najaf sub-committee",
                                                                          kind=OrganisationKind.COMMITTEE,
                                                                          place=Place.objects.get(code="IQ-NA")))
    plan = make_plan(focal, place_code="IQ-NA", status="in_implementation")
    services.set_public(actor=focal, plan=plan, is_public=True)
    indicator = plan.actions.get().indicators.get()
    services.update_indicator(actor=system("tests"), indicator=indicator, by_sex_and_age=True, target=100)
    services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 2, 1), value=40,
                          counts={("female", "15-24"): 23, ("male", "15-24"): 14, ("female", "60+"): 3})
    html = client.get(f"/en/plans/{plan.pk}/").content.decode()
    table = html[html.index('data-testid="people-reached"'):]
    table = table[: table.index("</table>")]
    assert "23" in table and "&lt;&nbsp;5" in table
    assert ">3<" not in table and ">14<" not in table  # the small group and its complementary cell
    # Those who see the whole plan get the exact counts on the update itself.
    client.force_login(focal)
    owner_html = client.get(f"/en/plans/{plan.pk}/").content.decode()
    assert 'data-testid="people-reached"' not in owner_html and ">3<" in owner_html


@pytest.mark.parametrize("text,kinds", [
    ("Call 07701234567 after the meeting", ["phone"]),
    ("هاتف ٠٧٧٠١٢٣٤٥٦٧ للتواصل", ["phone"]),  # Arabic-Indic digits
    ("Tel 0770 123 4567", ["phone"]),
    ("+964 770 123 4567", ["phone"]),
    ("00964-770-123-4567", ["phone"]),
    ("+44 20 7946 0958", ["phone"]),
    ("write to focal.point@example.org", ["email"]),
    ("ID 199012345678", ["id_number"]),
    ("رقم الهوية ١٩٩٠١٢٣٤٥٦٧٨", ["id_number"]),
    ("mail a@b.iq or call 07812345678, card 123456789012345", ["phone", "email", "id_number"]),
])
def test_contact_details_are_found_by_kind(text, kinds):
    from core.privacy import contact_details

    assert contact_details(text) == kinds


@pytest.mark.parametrize("text", [
    "2024", "In 2024-2025 the council met 12 times.", "1,500,000 IQD", "budget 250000000 IQD", "10/2025",
    "2025-03-01", "٢٠٢٤", "Goal 2 ¶58", "120 participants, 45 women", "", "07/10/2025",
])
def test_years_dates_budgets_and_counts_are_not_contact_details(text):
    from core.privacy import contact_details

    assert contact_details(text) == []
