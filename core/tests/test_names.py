"""Names and titles keep no directional formatting characters (the security findings, item 7): "exe.fdp" with a
right-to-left override reads "pdf.exe" on a page; stored without it, it reads what it is."""

from __future__ import annotations

import pytest

from core.text import BIDI_CONTROLS, clean_name
from tests.factories import make_org, make_practice, make_user

OVERRIDE = "\u202e"


def test_clean_name_removes_every_directional_control_and_nothing_else():
    text = "تقرير" + "".join(BIDI_CONTROLS) + " report\u200c"  # ZWNJ is spelling, not direction: it stays
    assert clean_name(text) == "تقرير report\u200c"
    assert clean_name(None) is None


def test_a_practice_name_is_stored_without_an_override(reference):
    user = make_user(organisation=make_org("Bidi NGO"))
    practice = make_practice(user, name=f"Minutes {OVERRIDE}fdp.exe")
    practice.refresh_from_db()
    assert practice.name == "Minutes fdp.exe"


def test_a_file_name_is_stored_without_an_override(reference):
    from documents import services

    user = make_user(organisation=make_org("Bidi uploader"))
    document, _ = services.store_document(actor=user, name=f"annex{OVERRIDE}txt.md", data=b"text")
    document.refresh_from_db()
    assert document.original_name == "annextxt.md"


@pytest.mark.django_db
def test_bulk_writes_are_cleaned_too():
    from accounts.models import Organisation

    Organisation.objects.bulk_create([Organisation(name=f"Bulk{OVERRIDE} NGO", kind="ngo", key="bulk-ngo")])
    assert Organisation.objects.get(key="bulk-ngo").name == "Bulk NGO"
