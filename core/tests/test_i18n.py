"""The Arabic catalogue is complete and its compiled form is current."""

import gettext
from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def test_every_ui_string_has_an_arabic_translation():
    catalogue = polib.pofile(str(PO))
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert missing == [] and fuzzy == [], f"untranslated: {missing[:10]} fuzzy: {fuzzy[:10]}"
    assert "nplurals=6" in catalogue.metadata.get("Plural-Forms", "")


def test_compiled_catalogue_matches_the_po_file():
    catalogue = polib.pofile(str(PO))
    with PO.with_suffix(".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [e.msgid for e in catalogue.translated_entries() if not e.msgid_plural
             and compiled.pgettext(e.msgctxt, e.msgid) != e.msgstr if e.msgctxt] + [
        e.msgid for e in catalogue.translated_entries()
        if not e.msgid_plural and not e.msgctxt and compiled.gettext(e.msgid) != e.msgstr
    ]
    assert stale == [], f"run `make messages`: the .mo is older than the .po for {stale[:5]}"


def test_arabic_pages_use_the_catalogue(client, db):
    html = client.get("/ar/practices/").content.decode()
    assert "Good-practice library" not in html
    assert "Log in" not in html


def test_catalogue_covers_every_ui_string(settings, tmp_path, monkeypatch):
    """makemessages, run over a scratch copy of the source, finds no string the committed catalogue lacks."""
    import shutil

    from django.core.management import call_command

    # makemessages writes into the `locale/` folder beside the files it scans, so it runs on a copy.
    copy = tmp_path / "src"
    shutil.copytree(
        settings.BASE_DIR, copy,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "test-artifacts", "tests", "__pycache__", "*.mo"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["ar"], no_obsolete=True, verbosity=0)
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale" / "ar" / "LC_MESSAGES" / "django.po"))}
    committed = {e.msgid for e in polib.pofile(str(PO))}
    assert sorted(fresh - committed) == [], "run `make messages` and translate the new strings"
