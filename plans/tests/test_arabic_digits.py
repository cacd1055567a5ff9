"""Numbers and dates typed with Arabic-Indic digits and the Arabic separators (٫ decimal, ٬ thousands) are stored as
the numbers they are, through the progress form (both languages) and the API."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from plans.models import ProgressUpdate
from plans.tests.test_views import approve, html, login, w  # noqa: F401 - w is the plan world fixture

pytestmark = pytest.mark.django_db

VALUE = "١٢٬٥٠٠٫٥"  # 12,500.5
DATE = "٢٠٢٥-٠٣-٠١"  # 2025-03-01


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_progress_form_stores_arabic_indic_numbers_and_dates(client, w, lang):  # noqa: F811
    approve(w)
    login(client, w.partner)
    # 12,500.5 is far past the indicator's target of 200: the form asks for a reason, given here.
    response = client.post(f"/{lang}/plans/indicators/{w.ind.pk}/report/",
                           {"date": DATE, "value": VALUE, "narrative": "٣ جلسات", "confirm_reason": "عدّ شامل"})
    assert response.status_code == 302, html(response)
    update = ProgressUpdate.objects.get()
    assert update.value == Decimal("12500.50")
    assert update.date == dt.date(2025, 3, 1)
    assert update.narrative == "٣ جلسات"  # free text keeps its digits
    # Counts by sex and age, typed in Arabic-Indic digits, in the next quarter: they add up to the value.
    response = client.post(f"/{lang}/plans/indicators/{w.ind.pk}/report/",
                           {"date": "٢٠٢٥-٠٤-٠١", "value": "٢٠", "count_female_15_24": "٢٠"})
    assert response.status_code == 302, html(response)
    second = ProgressUpdate.objects.get(date=dt.date(2025, 4, 1))
    assert second.value == 20
    assert {(c.sex, c.age_group): c.count for c in second.counts.all()}[("female", "15-24")] == 20


def test_number_inputs_are_text_with_a_numeric_keyboard(client, w):  # noqa: F811
    approve(w)
    login(client, w.partner)
    response = client.get(f"/ar/plans/indicators/{w.ind.pk}/report/")
    assert response.status_code == 200
    page = html(response)
    assert 'type="number"' not in page
    assert 'name="value"' in page and 'inputmode="decimal"' in page
    assert 'inputmode="numeric"' in page  # the counts by sex and age


def test_the_api_stores_arabic_indic_numbers_and_dates(w):  # noqa: F811
    approve(w)
    api = APIClient()
    api.force_authenticate(w.partner)
    created = api.post("/api/v1/progress-updates/", {"indicator": w.ind.pk, "date": DATE, "value": VALUE,
                                                     "confirm_reason": "a census"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["value"] == "12500.50" and created.json()["date"] == "2025-03-01"
    update = ProgressUpdate.objects.get()
    assert update.value == Decimal("12500.50") and update.date == dt.date(2025, 3, 1)
