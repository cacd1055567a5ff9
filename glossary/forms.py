"""The glossary term form (coordinators and administrators)."""

from django import forms

from core.forms import style_fields

from .models import GlossaryTerm
from .services import FIELDS

# Inputs for Arabic text run right to left, English and French ones left to right, whatever the page's language.
_AR = {"dir": "rtl", "lang": "ar"}
_EN = {"dir": "ltr", "lang": "en"}
_FR = {"dir": "ltr", "lang": "fr"}


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = FIELDS
        widgets = {
            "term_en": forms.TextInput(attrs=_EN), "term_ar": forms.TextInput(attrs=_AR),
            "term_fr": forms.TextInput(attrs=_FR),
            "variants_en": forms.Textarea(attrs={**_EN, "rows": 3}), "variants_ar": forms.Textarea(attrs={**_AR, "rows": 3}),
            "definition_en": forms.Textarea(attrs={**_EN, "rows": 3}),
            "definition_ar": forms.Textarea(attrs={**_AR, "rows": 3}),
            "source_url": forms.URLInput(attrs={"dir": "ltr"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] != "retired"] \
            if not (self.instance.pk and self.instance.status == "retired") else self.fields["status"].choices
        style_fields(self)

    def _post_clean(self):
        # The service validates (and reports uniqueness); the form only reads the fields.
        pass
