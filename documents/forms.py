"""The upload form of the import page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import kind_problem

from .extraction import SUPPORTED_EXTENSIONS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_empty_file", True)  # the importer names each empty file itself
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control", "accept": ".txt,.md,.pdf,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            files = [super(MultipleFileField, self).clean(item, initial) for item in data]
        else:
            files = [super().clean(data, initial)]
        return [f for f in files if f]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Compendium documents"),
        help_text=_("One or more files: .txt, .md, .pdf or .docx. Each practice found becomes a draft."),
    )

    def clean_files(self):
        """Every file must be of a kind the importer reads, by name and by content: otherwise nothing is queued
        and each wrong file is named with the kinds allowed."""
        files = self.cleaned_data["files"]
        problems = [problem for problem in (kind_problem(f, SUPPORTED_EXTENSIONS) for f in files) if problem]
        if problems:
            raise forms.ValidationError(problems, code="kind")
        return files
