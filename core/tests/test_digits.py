"""core.digits and the digit-aware form fields of core.forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms

from core.digits import ascii_number, html_with_arabic_digits
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


def test_page_text_gets_arabic_indic_digits_but_attributes_and_other_languages_keep_theirs():
    html = (
        '<p class="c2" data-n="12">2018–2020 &#x27;x&#x27; &amp; 45%</p>'
        '<a href="/plans/7/">Plan 7</a><input value="30">'
        '<span lang="en">UNSCR 2250 <b>step 3</b> <br> 4</span> after 5'
        '<script>var n = 10;</script><textarea>11</textarea><code>12</code> 13'
        '<div lang="ar">عام 2024</div><!-- 99 -->'
    )
    assert html_with_arabic_digits(html) == (
        '<p class="c2" data-n="12">٢٠١٨–٢٠٢٠ &#x27;x&#x27; &amp; ٤٥%</p>'
        '<a href="/plans/7/">Plan ٧</a><input value="30">'
        '<span lang="en">UNSCR 2250 <b>step 3</b> <br> 4</span> after ٥'
        '<script>var n = 10;</script><textarea>11</textarea><code>12</code> ١٣'
        '<div lang="ar">عام ٢٠٢٤</div><!-- 99 -->'
    )


def test_an_element_left_open_inside_a_kept_one_does_not_keep_the_rest_of_the_page():
    assert html_with_arabic_digits('<div lang="en"><p>1<li>2</div> 3') == '<div lang="en"><p>1<li>2</div> ٣'


@pytest.mark.django_db
def test_an_installation_that_chose_arabic_indic_digits_gets_them_on_arabic_pages_only(client, settings):
    settings.WIQAYA_ARABIC_DIGITS = True
    assert 'data-digits="arab"' in client.get("/ar/frameworks/").content.decode()
    assert "data-digits" not in client.get("/en/frameworks/").content.decode()
    settings.WIQAYA_ARABIC_DIGITS = False
    assert "data-digits" not in client.get("/ar/frameworks/").content.decode()


@pytest.mark.django_db
def test_arabic_digits_reach_the_figures_of_a_page(client, settings):
    from frameworks.models import Framework

    settings.WIQAYA_ARABIC_DIGITS = True
    Framework.objects.create(slug="f-2019", title_en="Strategy 2019", title_ar="استراتيجية 2019")
    body = client.get("/ar/frameworks/").content.decode()
    assert "استراتيجية ٢٠١٩" in body
    assert "2019" in body  # the slug in the link's address stays as it is
