"""core.digits and the digit-aware form fields of core.forms."""

import datetime as dt
from decimal import Decimal

from django import forms

from core.digits import ascii_number
from core.forms import style_fields


class NumbersForm(forms.Form):
    count = forms.IntegerField(min_value=0)
    amount = forms.DecimalField(max_digits=10, decimal_places=2)
    share = forms.FloatField()
    on = forms.DateField()
    note = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


def test_ascii_number_reads_arabic_and_persian_digits_and_separators():
    assert ascii_number("١٢٬٥٠٠٫٥") == "12500.5"
    assert ascii_number("۱۲۳۴") == "1234"
    assert ascii_number("\u200f٢٠٢٥-٠٣-٠١ ") == "2025-03-01"
    assert ascii_number(7) == 7 and ascii_number(None) is None


def test_styled_forms_read_arabic_indic_digits_in_every_number_and_date_field():
    form = NumbersForm({"count": "١٢٬٥٠٠", "amount": "١٢٬٥٠٠٫٥", "share": "۰٫۲۵", "on": "٢٠٢٥-٠٣-٠١",
                        "note": "٣"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"count": 12500, "amount": Decimal("12500.5"), "share": 0.25,
                                 "on": dt.date(2025, 3, 1), "note": "٣"}
    assert NumbersForm({"count": "-١", "amount": "1", "share": "1", "on": "2025-03-01"}).errors["count"]


def test_number_widgets_render_as_text_with_a_numeric_keyboard():
    page = str(NumbersForm())
    assert 'type="number"' not in page
    assert 'name="count" class="form-control" inputmode="numeric"' in page or 'inputmode="numeric"' in page
    assert page.count('inputmode="decimal"') == 2
