"""A compendium's "Country: Iraq, Tal Afar" is a country and a place; a practice's period reads "Since 2024" from its
years, in the reader's language, on its page, its card and in the API."""

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from places.models import Place
from places.queries import match_location
from practices.compendium import parse_compendium, split_location
from practices.models import Practice, period_text
from practices.services import import_parsed_practice
from tests.factories import make_org, make_practice, make_user

from .test_compendium import practice_lines


@pytest.mark.parametrize(("line", "parts"), [
    ("Iraq, Tal Afar", ["Iraq", "Tal Afar"]),
    ("Tal Afar (Iraq)", ["Tal Afar", "Iraq"]),
    ("العراق، تلعفر", ["العراق", "تلعفر"]),
    ("العراق - تلعفر", ["العراق", "تلعفر"]),
    ("Iraq / Mosul", ["Iraq", "Mosul"]),
    ("Iraq", ["Iraq"]),
    ("Bosnia-Herzegovina", ["Bosnia-Herzegovina"]),
    ("", []),
])
def test_split_location(line, parts):
    assert split_location(line) == parts


def test_the_parser_keeps_the_line_as_written():
    text = "\n".join(practice_lines("Mediators of Tal Afar", country="Iraq, Tal Afar"))
    [practice] = parse_compendium(text)
    assert practice.country == "Iraq, Tal Afar"
    assert split_location(practice.country) == ["Iraq", "Tal Afar"]


@pytest.mark.django_db
@pytest.mark.parametrize(("line", "country", "place", "rest"), [
    ("Iraq, Tal Afar", "IQ", "IQ-NI-D-TELAFAR", []),
    ("العراق، تلعفر", "IQ", "IQ-NI-D-TELAFAR", []),
    ("Tal Afar (Iraq)", "IQ", "IQ-NI-D-TELAFAR", []),
    ("Nineveh, Mosul", "IQ", "IQ-NI-D-MOSUL", []),  # the district, the more precise, and Iraq from it
    ("Mosul, Nineveh, Iraq", "IQ", "IQ-NI-D-MOSUL", []),
    ("Iraq, Nineveh", "IQ", "IQ-NI", []),
    ("Iraq, Mosul, Basra", "IQ", "IQ-NI-D-MOSUL", ["Basra"]),
    ("Iraq, Qaraqosh", "IQ", None, ["Qaraqosh"]),  # not in the reference list: kept as text
    ("Tunisia, Basra", "TN", None, ["Basra"]),  # not Tunisia's
    ("Somewhere", None, None, ["Somewhere"]),
])
def test_match_location(reference, line, country, place, rest):
    found_country, found_place, unmatched = match_location(split_location(line))
    assert (found_country.code if found_country else None) == country
    assert (found_place.code if found_place else None) == place
    assert unmatched == rest


@pytest.fixture
def importer(reference):
    return make_user("place-importer", organisation=make_org("Place NGO"))


def imported(actor, name: str, country_line: str, period: str = "2015-2017") -> Practice:
    lines = practice_lines(name, country=country_line)
    lines[3] = f"Period: {period}"
    [parsed] = parse_compendium("\n".join(lines))
    outcome = import_parsed_practice(actor=actor, parsed=parsed)
    return Practice.objects.get(pk=outcome.practice_id)


@pytest.mark.django_db
def test_import_stores_the_country_and_the_place_and_the_page_shows_both(client, importer):
    practice = imported(importer, "Mediators of Tal Afar", "Iraq, Tal Afar", period="Since 2024")
    assert practice.country.code == "IQ" and practice.place.code == "IQ-NI-D-TELAFAR"
    assert practice.location == "Iraq, Tal Afar" and practice.start_year == 2024 and practice.ongoing
    assert not any("reference list" in warning for warning in practice.import_warnings)
    client.force_login(importer)
    english = client.get(f"/en/practices/{practice.pk}/").content.decode()
    assert '<dd data-testid="practice-place"><bdi>Tel Afar, Nineveh (Ninawa), Iraq</bdi></dd>' in english
    assert '<dd data-testid="practice-period"><bdi>Since <bdi dir="ltr">2024</bdi></bdi></dd>' in english
    arabic = client.get(f"/ar/practices/{practice.pk}/").content.decode()
    assert '<dd data-testid="practice-place"><bdi>تلعفر، نينوى، العراق</bdi></dd>' in arabic
    assert '<dd data-testid="practice-period"><bdi>منذ <bdi dir="ltr">2024</bdi></bdi></dd>' in arabic


@pytest.mark.django_db
def test_an_unknown_place_stays_as_written(client, importer):
    practice = imported(importer, "Circles of Qaraqosh", "Iraq, Qaraqosh")
    assert practice.country.code == "IQ" and practice.place is None
    with translation.override("ar"):
        assert practice.place_display == "Iraq, Qaraqosh"  # the country is in the words already
    practice.location = "Qaraqosh"
    with translation.override("ar"):
        assert practice.place_display == "Qaraqosh (العراق)"


@pytest.mark.parametrize(("years", "english", "arabic"), [
    ((2024, None, True, "2024 - ongoing"), "Since 2024", "منذ 2024"),
    ((2018, 2020, False, ""), "2018–2020", "2018–2020"),
    ((2019, 2019, False, ""), "2019", "2019"),
    ((None, 2020, False, "until 2020"), "Until 2020", "حتى 2020"),
    ((None, None, False, "early years"), "early years", "early years"),
    ((None, None, True, ""), "Ongoing", "مستمرة"),
])
def test_period_text_in_both_languages(years, english, arabic):
    with translation.override("en"):
        assert period_text(*years) == english
    with translation.override("ar"):
        assert period_text(*years) == arabic


@pytest.mark.django_db
def test_card_and_api_read_since(client, importer):
    practice = make_practice(importer, status="published", name="Open door", start_year=2024, ongoing=True,
                             period="2024 -", country=Place.objects.get(code="IQ"))
    cards = client.get("/ar" + reverse("practices:list")[3:]).content.decode()
    assert '<bdi lang="ar" data-testid="card-period"><span data-testid="practice-period">منذ <bdi dir="ltr">2024</bdi></span></bdi>' in cards
    api = APIClient()
    data = api.get(f"/api/v1/practices/{practice.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["period_display"] == "Since 2024" and data["period"] == "2024 -"
