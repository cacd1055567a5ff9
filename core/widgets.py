"""The one searchable picker of the forms: a plain <select> that `static/js/forms.js` turns into a searchable box.

The search box is Select2, the widget Django maintains and ships with its admin (`admin/js/vendor/select2`, with
its jQuery and its Arabic messages): no new dependency and nothing fetched from elsewhere. Without JavaScript the
field stays an ordinary select, grouped the same way. Grouped choices (`[(group label, [(value, label), ...])]`)
come out as <optgroup>s, which the picker shows as headings and searches within.

A field may say what else an option answers to (`search_text`: a function of the choice's model instance, or of
the value where the choices are plain pairs, such as the goal's title in the other language): forms.js matches typed words against it as well as against the label.
"""

from django import forms
from django.utils.translation import get_language

# The language files Select2 ships for the languages of the installation.
SELECT2_LANGUAGES = {"ar", "en"}


def deferred(path: str) -> forms.Script:
    """A script that runs in order with the page's other deferred scripts (htmx, Bootstrap), after parsing."""
    return forms.Script(path, defer=True)


class SearchableMixin:
    """Marks the select for forms.js (`data-searchable`) and brings Select2, its language file and forms.js."""

    def __init__(self, attrs=None, choices=(), *, search_text=None, placeholder=""):
        super().__init__(attrs, choices)
        self.search_text = search_text
        self.placeholder = placeholder

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-searchable"] = "1"
        attrs.pop("size", None)  # a list box of n rows is what the picker replaces
        if self.placeholder:
            attrs.setdefault("data-placeholder", str(self.placeholder))
        return attrs

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        # The model instance behind a model field's choice; a field with plain choices passes the value.
        subject = getattr(value, "instance", value)
        if self.search_text is not None and subject not in (None, ""):
            words = self.search_text(subject)
            if words:
                option["attrs"]["data-search"] = words
        return option

    @property
    def media(self):
        language = (get_language() or "en").split("-")[0]
        i18n = (f"admin/js/vendor/select2/i18n/{language}.js",) if language in SELECT2_LANGUAGES else ()
        scripts = ("admin/js/vendor/jquery/jquery.min.js", "admin/js/vendor/select2/select2.full.min.js", *i18n,
                   "js/forms.js")
        return forms.Media(
            css={"all": ("admin/css/vendor/select2/select2.min.css", "css/forms.css")},
            js=[deferred(path) for path in scripts],
        )


class SearchableSelect(SearchableMixin, forms.Select):
    """A searchable single choice (an organisation, a place, a parent goal)."""


class SearchableSelectMultiple(SearchableMixin, forms.SelectMultiple):
    """A searchable choice of several (goals, frameworks, practices): chosen items show as removable tags."""
