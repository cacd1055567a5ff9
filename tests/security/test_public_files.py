"""The files anyone may download, built from the fixture world — the open-data package (every file in the ZIP) and
the public report (the text of the PDF): they hold what the world published, and no marker of a record that an
anonymous reader may not see. (Every role's download is also read this way by the access matrix.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from .client import body_text, leaks
from .matrix import ANONYMOUS


@pytest.mark.django_db
def test_the_open_data_package_holds_the_published_records_and_nothing_else(world):
    response = Client().get(reverse("opendata:package", kwargs={"name": world.open_data_name}))
    assert response.status_code == 200
    text = body_text(response)
    assert '"resources"' in text and "cc-by-4.0" in text  # datapackage.json, read as text
    assert "published practice of the own organisation" in text and "published practice of the other" in text
    assert leaks(response, ANONYMOUS) == []


@pytest.mark.django_db
def test_the_public_report_holds_no_marker_an_anonymous_reader_may_not_see(world):
    response = Client().get(reverse("dashboards:public-report"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = body_text(response)
    assert "public report" in text  # the PDF's text was read
    assert world.plans[("own", "public")].governorate.name_en.lower() in text
    assert leaks(response, ANONYMOUS) == []
