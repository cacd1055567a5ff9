"""Form helpers shared by every app."""

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Value, When

from . import text
from .digits import ascii_number

# Fields whose typed value may use Arabic-Indic or Persian digits and separators (core.digits).
DIGIT_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField, forms.DateField, forms.DateTimeField,
                forms.TimeField)


def accept_arabic_digits(field: forms.Field) -> forms.Field:
    """Let `field` read Arabic-Indic and Persian digits, ٫ and ٬ (as ASCII) before it validates; and render a
    number as text with a numeric keyboard, since browsers drop digits other than 0–9 from `type="number"`."""
    if getattr(field, "accepts_arabic_digits", False):
        return field
    to_python = field.to_python
    field.to_python = lambda value: to_python(ascii_number(value))
    field.accepts_arabic_digits = True
    widget = field.widget
    if getattr(widget, "input_type", None) == "number":
        widget.input_type = "text"
        integer = not isinstance(field, (forms.DecimalField, forms.FloatField))  # both subclass IntegerField
        widget.attrs.setdefault("inputmode", "numeric" if integer else "decimal")
        for attribute in ("step", "min", "max"):
            widget.attrs.pop(attribute, None)
    return field


def style_fields(form: forms.BaseForm) -> forms.BaseForm:
    """Give each widget Bootstrap's class for its kind, so templates can render fields plainly; and let number and
    date fields read Arabic-Indic digits (`accept_arabic_digits`)."""
    for field in form.fields.values():
        if isinstance(field, DIGIT_FIELDS):
            accept_arabic_digits(field)
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
    return form


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose form comes with Bootstrap's classes (`style_fields`), for list pages and the API alike."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "styled", False):
            style_fields(form)
            form.styled = True
        return form

    @property
    def active_count(self) -> int:
        """How many of the form's fields the reader has filled in (the "Filters (n active)" button on phones)."""
        if not self.is_bound:
            return 0

        def filled(value):
            if isinstance(value, list | tuple):
                return any(filled(v) for v in value)
            return value not in (None, "", [])

        return sum(1 for field in self.form if filled(field.value()))


def add_service_errors(form: forms.BaseForm, exc) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def in_reading_order(field: forms.ModelChoiceField, name=str) -> forms.ModelChoiceField:
    """A picker of records whose options read `name(record)` and come in the active language's order
    (`core.text.sort_key`: on an Arabic page by the Arabic name, Arabic spelling variants folded). Call it when
    the form is made, with the reader's language active."""
    records = text.in_reading_order(field.queryset, name)
    if records:
        position = Case(*[When(pk=record.pk, then=Value(index)) for index, record in enumerate(records)],
                        output_field=IntegerField())
        field.queryset = field.queryset.order_by(position)
    field.label_from_instance = name
    return field
