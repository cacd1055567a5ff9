"""Numbers and dates typed with Arabic-Indic or Persian digits: the one normalisation that forms and the API apply
before validating (`docs/decisions/0007-dates-and-digits.md`)."""

from .text import ascii_digits, strip_invisible

ARABIC_DECIMAL_SEPARATOR = "\u066b"  # ٫
ARABIC_THOUSANDS_SEPARATOR = "\u066c"  # ٬
_SEPARATORS = str.maketrans({ARABIC_DECIMAL_SEPARATOR: ".", ARABIC_THOUSANDS_SEPARATOR: None})


def ascii_number(value):
    """A typed number or date with ASCII digits: Arabic-Indic and Persian digits as 0–9, ٫ as the decimal point,
    ٬ (thousands) dropped, invisible direction marks removed. Anything but a string comes back unchanged."""
    if not isinstance(value, str):
        return value
    return strip_invisible(ascii_digits(value)).translate(_SEPARATORS).strip()


def accept_arabic_digits_in_api() -> None:
    """Every API serializer's number and date fields read Arabic-Indic digits, ٫ and ٬ the way forms do: the
    fields' `to_internal_value` sees `ascii_number(data)`. Done once, from CoreConfig.ready, so that declared and
    model-derived fields of every serializer are covered alike."""
    from rest_framework import fields

    for cls in (fields.IntegerField, fields.DecimalField, fields.FloatField, fields.DateField,
                fields.DateTimeField, fields.TimeField):
        original = cls.__dict__.get("to_internal_value")
        if original is None or getattr(original, "accepts_arabic_digits", False):
            continue

        def to_internal_value(self, data, _original=original):
            return _original(self, ascii_number(data))

        to_internal_value.accepts_arabic_digits = True
        cls.to_internal_value = to_internal_value
