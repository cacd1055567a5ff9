"""Form helpers shared by every app."""

import django_filters
from django import forms


def style_fields(form: forms.BaseForm) -> forms.BaseForm:
    """Give each widget Bootstrap's class for its kind, so templates can render fields plainly."""
    for field in form.fields.values():
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


def add_service_errors(form: forms.BaseForm, exc) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
