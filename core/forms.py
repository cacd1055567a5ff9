"""Form helpers shared by every app."""

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
