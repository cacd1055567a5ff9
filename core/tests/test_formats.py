"""One unambiguous date format per language (config/formats, docs/decisions/0007-dates-and-digits.md): day before
month, month names in the long forms, ISO order in the short ones, 24-hour times."""

import datetime as dt

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

WHEN = dt.datetime(2026, 12, 7, 14, 30)
DAY = dt.date(2025, 12, 28)


@pytest.mark.parametrize(("lang", "long_date", "long_datetime"), [
    ("en", "7 Dec 2026", "7 Dec 2026, 14:30"),
    ("ar", "7 ديسمبر 2026", "7 ديسمبر 2026، 14:30"),
])
def test_each_language_has_one_unambiguous_format(lang, long_date, long_datetime):
    with translation.override(lang):
        assert date_format(WHEN.date(), "DATE_FORMAT") == long_date
        assert date_format(WHEN, "DATETIME_FORMAT") == long_datetime
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "2025-12-28"
        assert date_format(WHEN, "SHORT_DATETIME_FORMAT") == "2026-12-07 14:30"
        page = Template("{{ d|date }} | {{ d|date:'SHORT_DATE_FORMAT' }} | {{ t|date:'DATETIME_FORMAT' }}").render(
            Context({"d": DAY, "t": WHEN}))
        assert "12/28" not in page and "a.m." not in page and "p.m." not in page


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_typed_dates_are_read_iso_or_day_first_never_month_first(lang):
    with translation.override(lang):
        field = forms.DateField()
        assert field.clean("2025-12-28") == DAY
        assert field.clean("28/12/2025") == DAY
        with pytest.raises(forms.ValidationError):
            field.clean("12/28/2025")
