"""What every form page shows around its fields: `{% load form_help %}`.

- `{% error_summary form formset %}`: every error of the form (and of its formsets) in one box at the top, each
  linked to its field (`templates/components/_error_summary.html`); forms.js moves the focus onto it.
- `{% form_media form formset %}` / `{% form_media form part="css" %}`: the script and style tags of the forms'
  widgets (the searchable picker, core.widgets) and `js/forms.js` (error summary, character counters) once each.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from core.widgets import deferred

register = template.Library()

FORM_MEDIA = forms.Media(css={"all": ["css/forms.css"]}, js=[deferred("js/forms.js")])


def _parts(items) -> list:
    return [item for item in items if item not in (None, "")]


def _form_errors(form, errors: list) -> None:
    if not getattr(form, "is_bound", False):
        return
    for message in form.non_field_errors():
        errors.append({"href": "", "label": "", "message": message})
    for field in form:
        for message in field.errors:
            href = "" if field.is_hidden or not field.id_for_label else f"#{field.id_for_label}"
            errors.append({"href": href, "label": "" if field.is_hidden else field.label, "message": message})


def collect_errors(*items) -> list[dict]:
    """[{"href": "#id_name", "label": "Name", "message": "…"}] for every error of the forms and formsets, in the
    order of their fields; errors that belong to no field have no link."""
    errors: list[dict] = []
    for item in _parts(items):
        if hasattr(item, "forms") and hasattr(item, "non_form_errors"):  # a formset
            if item.is_bound:
                for message in item.non_form_errors():
                    errors.append({"href": "", "label": "", "message": message})
                for form in item.forms:
                    _form_errors(form, errors)
        else:
            _form_errors(item, errors)
    return errors


@register.inclusion_tag("components/_error_summary.html")
def error_summary(*items, title=""):
    """The summary box; `title` replaces its heading ("The form was not saved: correct 2 problems.")."""
    errors = collect_errors(*items)
    return {"errors": errors, "count": len(errors), "title": title}


@register.simple_tag
def form_media(*items, part="js"):
    media = FORM_MEDIA
    for item in _parts(items):
        media = media + item.media
    rendered = media.render_css() if part == "css" else media.render_js()
    return format_html_join("\n", "{}", ((tag,) for tag in rendered))  # each tag is already safe HTML


# Widgets whose text a maximum length cuts: they get a counter.
COUNTED_WIDGETS = {"text", "textarea", "email", "url", "search"}


@register.simple_tag
def char_counter(field):
    """"12 / 200" under a text field that has a maximum length, so that the limit shows before it cuts the text;
    forms.js keeps the count as the person types (the number in `data-used`)."""
    limit = getattr(field.field, "max_length", None)
    if not limit or field.widget_type not in COUNTED_WIDGETS:
        return ""
    value = field.value()
    used = len(str(value)) if value not in (None, "") else 0
    return format_html(
        '<div class="form-text char-count" id="{}_count" data-char-count="{}" data-limit="{}">{}</div>',
        field.id_for_label, field.id_for_label, limit,
        format_html(gettext("{used} / {limit}"), used=format_html('<span data-used>{}</span>', used), limit=limit),
    )
